import { run } from '../../src/cli/commands/backtest';
import { main } from '../../src/cli/converge';
import { expectRejected, fakeIO } from './fake-io';
import { chainHistory, HISTORY_SETTINGS } from './backtest-history';

// A Blocks chain of 2, 3, 2, 4, 3, 2 story points (1 point = 1 day), each done in exactly its estimate, from
// Monday 2024-01-01 09:00: the last one is resolved at working-day position 16.375, on Tuesday 2024-01-23.
const DONE = JSON.stringify(chainHistory([2, 3, 2, 4, 3, 2], 1));

describe('converge backtest', () => {
  test('malformed input: the culprit on stderr, exit 2, nothing on stdout', async () => {
    const cases: Array<[Record<string, string>, string[], RegExp]> = [
      [{ 'h.json': '[{"key": "A-1",' }, ['h.json'], /\[invalid-history\] h\.json line 1/],
      [{ 'h.json': JSON.stringify([{ key: 'A-1' }]) }, ['h.json'], /\[invalid-history\] A-1: A-1 has no fields/],
      [{ 'h.json': JSON.stringify([{ key: 'A-1', fields: {}, changelog: { histories: [{ created: '2024-01-01T00:00:00.000+0000' }] } }]) }, ['h.json'], /A-1 changelog\.histories\[0\]\.items/],
      [{ 'h.json': JSON.stringify([{ key: 'A-1', fields: { resolutiondate: 12 } }]) }, ['h.json'], /\[invalid-history\] A-1 fields\.resolutiondate/],
      [{ 'h.json': DONE }, ['h.json', '--at', '2024-01-01,2024-02-31'], /--at must be dates/],
      [{ 'h.json': DONE }, ['h.json', '--at', '2024-01-01', '--every', '2w'], /not both/],
      [{ 'h.json': DONE }, ['h.json', '--every', 'fortnight'], /--every must look like/],
      [{ 'h.json': DONE, 's.json': '[1]' }, ['h.json', '--settings', 's.json'], /\[invalid-settings\]/],
      [{ 'h.json': JSON.stringify([{ key: 'A-1', fields: { created: '2024-01-01T00:00:00.000+0000' } }]) }, ['h.json'], /no issue has changelog\.histories/],
      [{ 'h.json': JSON.stringify([{ key: 'A-1', fields: { created: '0024-01-01T00:00:00.000+0000' } }]) }, ['h.json'], /A-1 fields\.created/],
    ];
    await expectRejected(run, cases);
  });

  test('replays the generated history at past dates and scores it', async () => {
    const io = fakeIO({ 'h.json': DONE, 's.json': HISTORY_SETTINGS });
    expect(await main(['backtest', 'h.json', '--settings', 's.json', '--at', '2024-01-01,2024-01-08,2024-01-15,2024-01-31', '--iterations', '500', '--json'], io)).toBe(0);
    const out = JSON.parse(io.out);
    expect(out.rows.map((r: { at: string; openTasks: number; actual: string; start: string }) => [r.at, r.start, r.openTasks, r.actual])).toEqual([
      ['2024-01-01', '2024-01-02', 6, '2024-01-23'],
      // End of Monday the 8th: GEN-1 (days 0-2) and GEN-2 (2-5) are done.
      ['2024-01-08', '2024-01-09', 4, '2024-01-23'],
      ['2024-01-15', '2024-01-16', 3, '2024-01-23'],
    ]);
    // 2024-01-02 .. 2024-01-23 is 16 working days.
    expect(out.rows[0].actualDays).toBe(16);
    expect(out.skipped).toEqual([{ at: '2024-01-31', reason: 'nothing was open' }]);
    expect(out.score.count).toBe(3);
    expect(out.score.interval.lower).toBe('p10');
    // Estimates were right and the spread is PERT(0.75e, e, 1.5e): every actual falls inside P10..P95.
    for (const r of out.rows) {
      expect(r.actualDays).toBeGreaterThanOrEqual(r.forecast.finishDays.p10 - 1);
      expect(r.actualDays).toBeLessThanOrEqual(r.forecast.finishDays.p95 + 1);
    }
    // Same seed, same bytes.
    const again = fakeIO({ 'h.json': DONE, 's.json': HISTORY_SETTINGS });
    await main(['backtest', 'h.json', '--settings', 's.json', '--at', '2024-01-01,2024-01-08,2024-01-15,2024-01-31', '--iterations', '500', '--json'], again);
    expect(again.out).toBe(io.out);
  });

  test('an unfinished scope is skipped; text output; --every walks from the first creation', async () => {
    const io = fakeIO({ 'h.json': JSON.stringify(chainHistory([2, 3, 2, 4, 3, 2], 1, { openFrom: 5 })), 's.json': HISTORY_SETTINGS });
    expect(await run(['h.json', '--settings', 's.json', '--every', '1w', '--iterations', '200'], io)).toBe(0);
    expect(io.out).toContain('0 forecast(s) scored, 3 skipped');
    expect(io.out).toContain('skipped 2024-01-01: the scope has not finished yet');
    const text = fakeIO({ 'h.json': DONE, 's.json': HISTORY_SETTINGS });
    expect(await run(['h.json', '--settings', 's.json', '--every', '1w', '--iterations', '200'], text)).toBe(0);
    expect(text.out).toMatch(/^2024-01-01\s+6\s+\d{4}-\d{2}-\d{2}/m);
    expect(text.out).toContain('P80 hit rate:');
  });
});
