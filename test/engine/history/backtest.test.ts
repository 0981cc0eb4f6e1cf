import { backtest } from '../../../src/engine/history/backtest';
import type { Plan } from '../../../src/engine/plan';

const plan = (start: string, tasks: Plan['tasks']): Plan => ({ start, calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] }, resources: [], tasks });
const fixed = (id: string, d: number, after: string[] = [], status: 'todo' | 'done' = 'todo') => ({
  id, duration: { optimistic: d, mostLikely: d, pessimistic: d, distribution: 'fixed' as const }, after, demand: {}, status,
});

describe('backtest', () => {
  it('rejects bad dates and options', () => {
    expect(() => backtest([{ at: '2024-1-1', plan: plan('2024-01-02', [fixed('A', 1)]) }])).toThrow(expect.objectContaining({ code: 'invalid-option', culprit: 'at' }));
    expect(() => backtest([], { iterations: 0 })).toThrow(expect.objectContaining({ code: 'invalid-option', culprit: 'iterations' }));
  });

  it('a fixed plan forecast at two dates: exact errors in working days', () => {
    // From Tue 2024-01-02: A (3 days) then B (2 days) finish at 5 working days = Mon 2024-01-08.
    const r = backtest([
      { at: '2024-01-01', plan: plan('2024-01-02', [fixed('A', 3), fixed('B', 2, ['A'])]), actual: '2024-01-10' },
      { at: '2024-01-04', plan: plan('2024-01-05', [fixed('A', 3, [], 'done'), fixed('B', 2, ['A'])]), actual: '2024-01-08' },
      { at: '2024-01-09', plan: plan('2024-01-10', [fixed('A', 3, [], 'done'), fixed('B', 2, ['A'], 'done')]), actual: '2024-01-08' },
      { at: '2024-01-03', plan: plan('2024-01-04', [fixed('A', 3), fixed('B', 2, ['A'])]) },
    ], { iterations: 50 });
    expect(r.rows.map((x) => [x.forecast.finishDate.p50, x.actualDays, x.p50Error, x.hitP80])).toEqual([
      ['2024-01-08', 7, 2, false],
      // From Fri the 5th, B's 2 days end Mon the 8th: exactly right.
      ['2024-01-08', 2, 0, true],
    ]);
    expect(r.skipped).toEqual([{ at: '2024-01-09', reason: 'nothing was open' }, { at: '2024-01-03', reason: 'the scope has not finished yet' }]);
    expect(r.score!.p80HitRate).toBe(0.5);
    expect(r.score!.p50Error.mean).toBe(1);
  });
});
