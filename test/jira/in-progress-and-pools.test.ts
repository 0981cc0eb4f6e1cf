/**
 * Two mapping rules added for the sample program's realism (engineer F):
 *   - in-progress work without a remaining estimate is credited the working days since it
 *     went in progress (creditElapsed), so a delivery 8 days into a 10-30 day estimate is
 *     not forecast as if it started today;
 *   - pools that share one units field (a "GPUs" field for A100 and H100 pools) are told
 *     apart by their labels.
 * Expected values are worked by hand from the formulas in the comments.
 */
import { planFromJira } from '../../src/jira/plan-from-jira';
import { creditElapsed, OVERRUN_SHARE } from '../../src/jira/estimate-for-issue';
import { searchFields, withDefaults } from '../../src/jira/mapping-settings';
import type { JiraIssue } from '../../src/jira/jira-types';

const START = '2027-01-11'; // a Monday

function issue(key: string, fields: Partial<JiraIssue['fields']> = {}, properties?: Record<string, unknown>): JiraIssue {
  return {
    key,
    fields: { summary: `summary of ${key}`, status: { name: 'To Do', statusCategory: { key: 'new' } }, issuetype: { name: 'Task' }, issuelinks: [], ...fields },
    ...(properties ? { properties } : {}),
  };
}
const inProgress = { name: 'In Progress', statusCategory: { key: 'indeterminate' } };
const est = (o: number, m: number, p: number) => ({ 'converge.estimate': { optimistic: o, mostLikely: m, pessimistic: p, distribution: 'triangular' } });

describe('creditElapsed', () => {
  it('leaves an estimate alone when no time has passed (or the clock is odd)', () => {
    const e = { optimistic: 10, mostLikely: 15, pessimistic: 30, distribution: 'triangular' as const };
    expect(creditElapsed(e, 0)).toEqual(e);
    expect(creditElapsed(e, -3)).toEqual(e);
    expect(creditElapsed(e, Number.NaN)).toEqual(e);
  });

  it('subtracts the elapsed days, keeping a fifth of any point already passed, in order', () => {
    const e = { optimistic: 10, mostLikely: 15, pessimistic: 30, distribution: 'triangular' as const };
    // 12 days in: max(10-12, 2) = 2, max(15-12, 3) = 3, max(30-12, 6) = 18.
    expect(creditElapsed(e, 12)).toEqual({ optimistic: 10 * OVERRUN_SHARE, mostLikely: 3, pessimistic: 18, distribution: 'triangular' });
    // Far past the pessimistic point: a fifth of each point.
    expect(creditElapsed(e, 100)).toEqual({ optimistic: 2, mostLikely: 3, pessimistic: 6, distribution: 'triangular' });
  });
});

describe('in-progress work in the mapping', () => {
  it('credits the working days since the status changed when Jira has no remaining estimate', () => {
    // 2026-12-30 (Wed) to 2027-01-11 (Mon): Dec 30, 31, Jan 1, Jan 4-8 = 8 working days.
    const { plan } = planFromJira([
      issue('A-1', { status: inProgress, statuscategorychangedate: '2026-12-30T13:57:17.000+0000' }, est(10, 15, 30)),
      issue('A-2', { statuscategorychangedate: '2026-12-30T13:57:17.000+0000' }, est(10, 15, 30)),
      issue('A-3', { status: inProgress, statuscategorychangedate: '2027-01-11T08:00:00.000+0000' }, est(10, 15, 30)),
    ], withDefaults(), { start: START });
    expect(plan.tasks[0].remaining).toEqual({ optimistic: 2, mostLikely: 7, pessimistic: 22, distribution: 'triangular' });
    expect(plan.tasks[0].duration.mostLikely).toBe(15); // the full estimate is still the estimate
    expect(plan.tasks[0].meta?.elapsedDays).toBe(8); // for what-if estimates of the whole duration
    expect(plan.tasks[1].remaining).toBeUndefined(); // to do: nothing has elapsed
    expect(plan.tasks[2].remaining).toBeUndefined(); // went in progress today
  });

  it('keeps the whole estimate, with a warning, when the issue has been in progress longer than its pessimistic estimate', () => {
    const { plan, warnings } = planFromJira([
      issue('S-1', { status: inProgress, statuscategorychangedate: '2022-04-24T20:30:38.213+0000' }, est(2, 4, 12)),
    ], withDefaults(), { start: START });
    expect(plan.tasks[0].remaining).toBeUndefined();
    expect(plan.tasks[0].meta?.elapsedDays).toBeUndefined();
    expect(warnings.find((w) => w.code === 'stale-in-progress')?.issueKeys).toEqual(['S-1']);
  });

  it('prefers time tracking\'s remaining estimate and honours holidays', () => {
    const { plan } = planFromJira([
      issue('A-1', { status: inProgress, statuscategorychangedate: '2027-01-04T10:00:00Z', timetracking: { originalEstimateSeconds: 8 * 3600 * 10, remainingEstimateSeconds: 8 * 3600 * 4 } }),
      issue('A-2', { status: inProgress, statuscategorychangedate: '2027-01-04T10:00:00Z' }, est(2, 6, 9)),
    ], withDefaults({ calendar: { workdays: [1, 2, 3, 4, 5], holidays: ['2027-01-06'] } }), { start: START });
    expect(plan.tasks[0].remaining).toEqual({ optimistic: 3, mostLikely: 4, pessimistic: 6, distribution: 'pert' });
    // Jan 4, 5, 7, 8 = 4 working days (the 6th is a holiday): (max(-2, 0.4), 2, 5).
    expect(plan.tasks[1].remaining).toEqual({ optimistic: 0.4, mostLikely: 2, pessimistic: 5, distribution: 'triangular' });
  });

  it('asks Jira for the status-change date', () => {
    expect(searchFields(withDefaults())).toContain('statuscategorychangedate');
  });
});

describe('pools sharing a units field', () => {
  const settings = withDefaults({
    resources: [
      { id: 'gpu-a100', capacity: 48, match: { labels: ['gpu:a100'], field: 'cf_gpus', units: 8 } },
      { id: 'gpu-h100', capacity: 32, match: { labels: ['gpu:h100'], field: 'cf_gpus', units: 8 } },
    ],
  });

  it('puts a labelled issue in its own pool with the field\'s units, and an unlabelled one in every pool', () => {
    const { plan } = planFromJira([
      issue('G-1', { labels: ['gpu:a100'], cf_gpus: 16 }),
      issue('G-2', { labels: ['gpu:h100'], cf_gpus: 4 }),
      issue('G-3', { labels: ['gpu:a100', 'gpu:h100'] }),
      issue('G-4', { cf_gpus: 2 }),
      issue('G-5', { labels: ['training'] }),
    ], settings, { start: START });
    expect(plan.tasks.map((t) => t.demand)).toEqual([
      { 'gpu-a100': 16 },
      { 'gpu-h100': 4 },
      { 'gpu-a100': 8, 'gpu-h100': 8 },
      { 'gpu-a100': 2, 'gpu-h100': 2 },
      {},
    ]);
  });
});
