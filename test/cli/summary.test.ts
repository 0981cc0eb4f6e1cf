/** `converge summary` in-process with a fake IO: reproducible HTML, the best lever, portfolios. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as summary } from '../../src/cli/commands/summary';
import { main } from '../../src/cli/converge';
import { fakeIO } from './fake-io';
import { initiativePlan, PLAN, SCEN } from './scenario-plans';

describe('converge summary', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'converge-summary-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('invalid input first: a bad --due', async () => {
    expect(await summary(['p.json', '--due', 'tomorrow'], fakeIO({ 'p.json': PLAN }))).toBe(2);
  });

  test('writes the same HTML twice for the same seed and date; the text names the best lever', async () => {
    const out1 = join(dir, 'a.html'), out2 = join(dir, 'b.html');
    const io = fakeIO({ 'p.json': PLAN, 's.json': SCEN });
    expect(await summary(['p.json', '--scenarios', 's.json', '--iterations', '200', '--generated-at', '2027-01-04', '--html', out1], io)).toBe(0);
    expect(await summary(['p.json', '--scenarios', 's.json', '--iterations', '200', '--generated-at', '2027-01-04', '--html', out2], fakeIO({ 'p.json': PLAN, 's.json': SCEN }))).toBe(0);
    expect(readFileSync(out1, 'utf8')).toBe(readFileSync(out2, 'utf8'));
    expect(io.out).toContain('Best lever: Second A100 brings the 80% date forward by 10 working days');
    expect(readFileSync(out1, 'utf8')).toContain('Second A100');
  });
});

describe('converge summary of a portfolio', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'converge-summary-portfolio-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('several plans: the summary says who slips because of which pool', async () => {
    const io = fakeIO({ 'a.json': initiativePlan('A'), 'b.json': initiativePlan('B') });
    expect(await main(['summary', 'a.json', 'b.json', '--iterations', '50', '--generated-at', '2027-01-04'], io)).toBe(0);
    expect(io.out).toContain('Shared capacity:\n  b slips 10 working days (P80) because of contention for the A100 pool.');
    // One page for several initiatives: each one's dates in the portfolio (a: 10 days, 15 Jan; b: 20, 29 Jan).
    const html = join(dir, 'portfolio.html');
    expect(await main(['summary', 'a.json', 'b.json', '--iterations', '50', '--generated-at', '2027-01-04', '--html', html], fakeIO({ 'a.json': initiativePlan('A'), 'b.json': initiativePlan('B') }))).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('<tr><td>b</td><td>29 Jan 2027</td><td><b>29 Jan 2027</b></td><td>29 Jan 2027</td></tr>');
    const bad = fakeIO({ 'a.json': initiativePlan('A'), 'b.json': initiativePlan('B') });
    expect(await main(['summary', 'a.json', 'b.json', '--priority', 'z'], bad)).toBe(2);
    expect(bad.err).toContain('[unknown-initiative]');
  });
});
