/** `converge portfolio` in-process with a fake IO: who slips because of which pool, errors with their codes. */
import { run as portfolio } from '../../src/cli/commands/portfolio';
import { main } from '../../src/cli/converge';
import { fakeIO } from './fake-io';
import { initiativePlan } from './scenario-plans';

describe('converge portfolio', () => {
  test('invalid input: unknown initiative in --priority, a pool size disagreement', async () => {
    const io = fakeIO({ 'a.json': initiativePlan('A'), 'b.json': initiativePlan('B') });
    expect(await portfolio(['a.json', 'b.json', '--priority', 'c'], io)).toBe(2);
    expect(io.err).toContain('[unknown-initiative]');
    const clash = fakeIO({ 'a.json': initiativePlan('A'), 'b.json': JSON.stringify({ start: '2027-01-04', resources: [{ id: 'a100', capacity: 3 }], tasks: [{ id: 'B1', duration: 1 }] }) });
    expect(await portfolio(['a.json', 'b.json'], clash)).toBe(2);
    expect(clash.err).toContain('[capacity-mismatch]');
    const twice = fakeIO({ 'a.json': initiativePlan('A'), 'x/a.json': initiativePlan('B') });
    expect(await portfolio(['a.json', 'x/a.json'], twice)).toBe(2);
    expect(twice.err).toContain('error [duplicate-initiative] field PLAN: two plan files have the key \'a\'');
  });

  test('the priority order decides who slips, and why', async () => {
    const io = fakeIO({ 'dir/a.json': initiativePlan('A'), 'dir/b.json': initiativePlan('B') });
    expect(await portfolio(['dir/a.json', 'dir/b.json', '--priority', 'b,a', '--iterations', '20'], io)).toBe(0);
    expect(io.out).toContain('a slips 10 working days (P80) because of contention for the A100 pool.');
    expect(io.out).toContain('b is not delayed by shared pools (P80).');
  });
});

describe('converge portfolio --json', () => {
  test('prints the report with the attribution per pool', async () => {
    const io = fakeIO({ 'a.json': initiativePlan('A'), 'b.json': initiativePlan('B') });
    expect(await main(['portfolio', 'a.json', 'b.json', '--iterations', '10', '--json'], io)).toBe(0);
    const r = JSON.parse(io.out);
    expect(r.sharedPools).toEqual(['a100']);
    expect(r.initiatives.map((x: { key: string; slip: { p80: number } }) => [x.key, x.slip.p80])).toEqual([['a', 0], ['b', 10]]);
    expect(r.initiatives[1].byPool).toEqual([{ pool: 'a100', name: 'A100', p80Days: 10, p50Days: 10 }]);
  });
});
