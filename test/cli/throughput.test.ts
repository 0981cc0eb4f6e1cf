import { run } from '../../src/cli/commands/throughput';
import { fakeIO } from './fake-io';
import { chainHistory } from './backtest-history';

// 10 issues of 1 point done one after another, 1 working day each from Mon 2024-01-01 09:00: one
// resolution per working day from Tue 2024-01-02 to Mon 2024-01-15, so the throughput is exactly 1 a day.
const HISTORY = JSON.stringify(chainHistory(Array(10).fill(1), 1));

describe('converge throughput', () => {
  test('malformed input: exit 2 with the culprit', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['h.json'], /--items is required/],
      [['h.json', '--items', 'x'], /--items must be a whole number/],
      [['h.json', '--items', '5', '--split-rate=-1'], /--split-rate must be a number >= 0/],
      [['h.json', '--items', '5', '--split-rate', '2'], /\[invalid-option\] splitRate/],
      [['h.json', '--items', '5', '--growth', '1'], /\[invalid-option\] growth/],
      [['h.json', '--items', '5', '--from', '2024-13-01'], /--from must be a date/],
      [['bad.json', '--items', '5'], /\[invalid-history\]/],
    ];
    for (const [args, expected] of cases) {
      const io = fakeIO({ 'h.json': HISTORY, 'bad.json': '{"x": 1}' });
      expect(await run(args, io)).toBe(2);
      expect(io.err).toMatch(expected);
      expect(io.out).toBe('');
    }
  });

  test('a constant throughput of 1 a day: N items take exactly N working days', async () => {
    const io = fakeIO({ 'h.json': HISTORY });
    expect(await run(['h.json', '--items', '7', '--start', '2024-03-04', '--iterations', '500', '--json'], io)).toBe(0);
    const out = JSON.parse(io.out);
    expect(out.history).toEqual({ workingDays: 10, items: 10, perDay: 1 });
    expect([out.forecast.p5, out.forecast.p50, out.forecast.p95]).toEqual([7, 7, 7]);
    // 7 working days from Monday 2024-03-04 end on Tuesday 2024-03-12.
    expect(out.finishDate.p50).toBe('2024-03-12');
    expect(out.estimate).toEqual({ optimistic: 7, mostLikely: 7, pessimistic: 7, distribution: 'fixed' });
    const text = fakeIO({ 'h.json': HISTORY });
    expect(await run(['h.json', '--items', '7', '--start', '2024-03-04', '--iterations', '100', '--split-rate', '0.5'], text)).toBe(0);
    expect(text.out).toContain('Throughput: 10 item(s) finished in 10 working day(s) (1.00 a day)');
    expect(text.out).toContain('50% splitting');
  });
});
