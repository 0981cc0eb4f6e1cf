/** `converge whatif` in-process with a fake IO: scenarios side by side, curves, errors with their codes. */
import { run as whatif } from '../../src/cli/commands/whatif';
import { main } from '../../src/cli/converge';
import { fakeIO } from './fake-io';
import { PLAN, SCEN } from './scenario-plans';

describe('converge whatif', () => {
  test('invalid input: a bad change or scenario file gives its code on stderr, exit 2, nothing on stdout', async () => {
    const io = fakeIO({ 'p.json': PLAN, 's.json': JSON.stringify([{ id: 'x', changes: [{ op: 'add-dependency', from: 'EVAL', to: 'T1' }] }]), 'bad.json': '[{"id": 1' });
    expect(await whatif(['p.json', 's.json', '--iterations', '10'], io)).toBe(2);
    expect(io.err).toContain('error [cycle] task T1 field scenario x changes[0]');
    expect(io.err).toContain('EVAL -> T1 -> EVAL');
    expect(io.out).toBe('');
    const io2 = fakeIO({ 'p.json': PLAN, 'bad.json': '[{"id": 1' });
    expect(await whatif(['p.json', 'bad.json'], io2)).toBe(2);
    expect(io2.err).toContain('[json-syntax]');
    expect(await whatif(['p.json', '--capacity', 'a100'], fakeIO({ 'p.json': PLAN }))).toBe(2);
    expect(await whatif(['p.json', '--scope', '2'], fakeIO({ 'p.json': PLAN }))).toBe(2);
  });

  test('side by side in text and JSON, with a capacity curve', async () => {
    const io = fakeIO({ 'p.json': PLAN, 's.json': SCEN });
    expect(await whatif(['p.json', 's.json', '--iterations', '20', '--capacity', 'a100=2,3'], io)).toBe(0);
    expect(io.out).toMatch(/baseline\s+22\.0\s+22\.0/);
    expect(io.out).toMatch(/x2\s+12\.0\s+-10\.0\s+12\.0\s+-10\.0/);
    expect(io.out).toContain('x2: A100: capacity 1 -> 2');
    expect(io.out).toContain('P80 against a100 capacity:');
    const js = fakeIO({ 'p.json': PLAN, 's.json': SCEN });
    expect(await main(['whatif', 'p.json', 's.json', '--iterations', '20', '--json'], js)).toBe(0);
    const r = JSON.parse(js.out);
    expect(r.results.map((x: { id: string; delta: { p80: number } }) => [x.id, x.delta.p80])).toEqual([['baseline', 0], ['x2', -10]]);
    // Due 2027-02-05 is the end of working day 25: both meet it.
    expect(r.results[1].due).toEqual({ date: '2027-02-05', probability: 1, delta: 0 });
  });
});
