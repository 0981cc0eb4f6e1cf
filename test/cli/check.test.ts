import { run } from '../../src/cli/commands/check';
import { main } from '../../src/cli/converge';
import { fakeIO } from './fake-io';


const CLEAN = JSON.stringify({ start: '2027-01-04', tasks: [{ id: 'A', duration: 1 }, { id: 'B', duration: 2, after: ['A'] }] });
const GATED = JSON.stringify({
  start: '2027-01-04',
  gateRules: [{ id: 'R1', gate: 'bias-audit', guards: { kinds: ['deploy'] }, duration: 3 }],
  tasks: [{ id: 'T', duration: 1 }, { id: 'D', duration: 2, kind: 'deploy', after: ['T'], meta: { updated: '2026-11-01' }, status: 'in-progress' }],
});

describe('converge check', () => {
  test('invalid input: problems on stderr, exit 2, nothing on stdout', async () => {
    const io = fakeIO({ 'bad.json': JSON.stringify({ start: '2027-01-04', tasks: [{ id: 'A', duration: -1 }] }) });
    expect(await run(['bad.json'], io)).toBe(2);
    expect(io.err).toContain('error [invalid-duration] task A');
    expect(io.out).toBe('');
    const missing = fakeIO({});
    expect(await run(['nope.json'], missing)).toBe(2);
    expect(missing.err).toContain('[read-error]');
    const usage = fakeIO({ 'p.json': CLEAN });
    expect(await run(['p.json', '--as-of', '2027-13-01'], usage)).toBe(2);
    expect(await run([], usage)).toBe(2);
  });

  test('an impossible cadence is invalid input (no-sitting, exit 2)', async () => {
    const io = fakeIO({ 'p.json': JSON.stringify({ start: '2027-01-04', horizon: '2027-03-01', gateRules: [{ id: 'R1', gate: 'custom', guards: { ids: ['A'] }, cadence: { dates: ['2026-01-01'] } }], tasks: [{ id: 'A', duration: 1 }] }) });
    expect(await run(['p.json'], io)).toBe(2);
    expect(io.err).toContain('error [no-sitting]');
  });

  test('a clean plan exits 0', async () => {
    const io = fakeIO({ 'p.json': CLEAN });
    expect(await run(['p.json'], io)).toBe(0);
    expect(io.out).toContain('0 error(s), 0 warning(s), 0 note(s)');
  });

  test('a missing gate is an error finding: exit 1, placeholder listed; --json has findings and counts; --as-of adds stale', async () => {
    const io = fakeIO({ 'p.json': GATED });
    expect(await run(['p.json', '--json', '--as-of', '2027-01-04'], io)).toBe(1);
    const report = JSON.parse(io.out);
    expect(report.findings.map((f: { id: string }) => f.id)).toEqual(['HC-MISSING-GATE', 'HC-STALE']);
    expect(report.counts).toEqual({ error: 1, warning: 1, info: 0 });
    expect(report.asOf).toBe('2027-01-04');
    const text = fakeIO({ 'p.json': GATED });
    expect(await run(['p.json'], text)).toBe(1);
    expect(text.out).toMatch(/^1 error\(s\)/);
    expect(text.out).toContain('hint: Create a bias-audit gate issue');
  });

  test('a cycle is listed as an HC-CYCLE finding (exit 1), not as invalid input', async () => {
    const io = fakeIO({ 'c.json': JSON.stringify({ start: '2027-01-04', tasks: [{ id: 'A', duration: 1, after: ['B'] }, { id: 'B', duration: 1, after: ['A'] }] }) });
    expect(await run(['c.json', '--json'], io)).toBe(1);
    expect(JSON.parse(io.out).findings[0]).toMatchObject({ id: 'HC-CYCLE', tasks: ['A', 'B'] });
  });

  test('is registered in the dispatcher', async () => {
    const io = fakeIO({ 'p.json': CLEAN });
    expect(await main(['check', 'p.json'], io)).toBe(0);
  });
});
