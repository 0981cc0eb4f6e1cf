/** The "Risk events" section of `converge forecast` (src/cli/format-forecast.ts), run in-process. */
import { main } from '../../src/cli/converge';
import { fakeIO } from './fake-io';

const PLAN = {
  name: 'risky',
  start: '2027-01-04',
  calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
  tasks: [
    { id: 'DATA-1', duration: 10 },
    { id: 'DATA-2', duration: 10, after: ['DATA-1'] },
  ],
  risks: [
    { id: 'K1', name: 'vendor late', probability: 0.3, impact: { days: 5 }, appliesTo: { idPrefix: 'DATA-' } },
    { id: 'K2', name: 'always', probability: 1, impact: { days: 1 }, appliesTo: { ids: ['DATA-1'] } },
  ],
};

describe('converge forecast: risk events', () => {
  it('rejects an invalid risk with its code on stderr and nothing on stdout', async () => {
    const io = fakeIO({ 'plan.json': JSON.stringify({ ...PLAN, risks: [{ id: 'K1', probability: 2, impact: { days: 1 }, appliesTo: { ids: ['DATA-1'] } }] }) });
    expect(await main(['forecast', 'plan.json'], io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toMatch(/invalid-rule/);
  });

  it('prints probability, occurrence and P80 contribution per risk, largest first', async () => {
    // By hand: finish 21 (K2 always adds 1) or 31 when K1 occurs (p = 0.3): P80 contribution of K1 = 31 - 21 = 10.
    const io = fakeIO({ 'plan.json': JSON.stringify(PLAN) });
    expect(await main(['forecast', 'plan.json', '--iterations', '4000', '--seed', '2'], io)).toBe(0);
    const lines = io.out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('Risk events'));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {2}risk\s+probability\s+occurred\s+P80 contribution\s+mean delay\s+tasks hit$/);
    expect(lines[at + 2]).toMatch(/^ {2}K1 vendor late\s+30%\s+(29|30|31)%\s+\+10\.0\s+\+10\.0\s+2$/);
    expect(lines[at + 3]).toMatch(/^ {2}K2 always\s+100%\s+100%\s+n\/a\s+n\/a\s+1$/);
  });

  it('puts the risks in --json and prints no section for a plan without risks', async () => {
    const io = fakeIO({ 'plan.json': JSON.stringify(PLAN) });
    expect(await main(['forecast', 'plan.json', '--iterations', '500', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out).risks.map((r: { id: string }) => r.id)).toEqual(['K1', 'K2']);
    const plain = fakeIO({ 'plan.json': JSON.stringify({ ...PLAN, risks: undefined }) });
    expect(await main(['forecast', 'plan.json', '--iterations', '500'], plain)).toBe(0);
    expect(plain.out).not.toMatch(/Risk events/);
  });
});
