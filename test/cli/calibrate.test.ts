import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/commands/calibrate';
import { main } from '../../src/cli/converge';
import { expectRejected, fakeIO } from './fake-io';
import { chainHistory, HISTORY_SETTINGS } from './backtest-history';

const runsFixture = readFileSync(join(__dirname, '../fixtures/ml-durations/wandb-runs.csv'), 'utf8');

describe('converge calibrate', () => {
  test('malformed input: the culprit on stderr, exit 2, nothing on stdout', async () => {
    const cases: Array<[Record<string, string>, string[], RegExp]> = [
      [{ 'h.json': '{"issues": [' }, ['h.json'], /\[invalid-history\] h.json line 1 column 13/],
      [{ 'h.json': '{"nope": 1}' }, ['h.json'], /\[invalid-history\] file/],
      [{ 'h.json': JSON.stringify([{ key: 'A-1', fields: { created: 'last week' } }]) }, ['h.json'], /\[invalid-history\] A-1 fields\.created/],
      [{ 'h.json': JSON.stringify([{ key: 'A-1', fields: {}, changelog: { histories: [{ created: 'x', items: [] }] } }]) }, ['h.json'], /A-1 changelog\.histories\[0\]\.created/],
      [{}, ['missing.json'], /\[read-error\]/],
      [{ 'h.json': '[]', 'r.csv': 'Name,State,Runtime\nx,finished,ten\n' }, ['h.json', '--runs', 'r.csv'], /\[invalid-runs\] r\.csv line 2 column 12/],
      [{ 'h.json': '[]' }, ['h.json', '--min-samples', '0'], /--min-samples must be a whole number/],
    ];
    await expectRejected(run, cases);
  });

  test('a team that always takes 1.5x its estimate calibrates to 1.5 within 1%', async () => {
    const estimates = [1, 2, 3, 5, 8, 2, 3, 1, 5, 4];
    const history = chainHistory(estimates, 1.5, { team: 'ML' });
    const io = fakeIO({ 'h.json': JSON.stringify(history), 's.json': HISTORY_SETTINGS });
    expect(await main(['calibrate', 'h.json', '--settings', 's.json', '--json'], io)).toBe(0);
    const out = JSON.parse(io.out);
    expect(out.work).toHaveLength(10);
    expect(out.work[3]).toMatchObject({ id: 'GEN-4', team: 'ML', kind: 'Story', estimateDays: 5 });
    expect(out.work[3].actualDays).toBeCloseTo(7.5, 6);
    expect(Math.abs(out.model.overall.ratio / 1.5 - 1)).toBeLessThan(0.01);
    const team = out.model.groups.find((g: { team?: string; kind?: string }) => g.team === 'ML' && g.kind === undefined);
    expect(Math.abs(team.ratio / 1.5 - 1)).toBeLessThan(0.01);
  });

  test('text table, and --runs fits training durations', async () => {
    const io = fakeIO({ 'h.json': JSON.stringify(chainHistory([1, 2, 3, 4, 5], 2)), 's.json': HISTORY_SETTINGS, 'r.csv': runsFixture });
    expect(await run(['h.json', '--settings', 's.json', '--runs', 'r.csv'], io)).toBe(0);
    expect(io.out).toMatch(/^overall\s+5\s+2\.00\s+2\.00\s+2\.00\s+2\.00$/m);
    // W&B fixture: 4 h, 8 h, 6 h -> P50 = 192^(1/3) = 5.77 h.
    expect(io.out).toContain('Training runs (wandb-csv): 3 finished; left out: 1 crashed, 1 running');
    expect(io.out).toContain('P50 5.77 h');
  });
});
