import { readFileSync } from 'fs';
import { join } from 'path';
import { expandPlan } from '../../../src/engine/gates/expand-plan';
import { throughputEpics, throughputIterations } from '../../../src/engine/history/throughput-tasks';
import type { Plan, Task } from '../../../src/engine/plan';
import { validatePlan } from '../../../src/engine/validate-plan';

const base = (tasks: unknown[], extra: Record<string, unknown> = {}) => ({ start: '2027-01-04', throughputHistory: { dailyDone: [2, 2, 2] }, tasks, ...extra });
const expand = (raw: unknown) => {
  const v = validatePlan(raw);
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return { v, x: expandPlan(v.plan) };
};

describe('throughput tasks: validation', () => {
  test('invalid input: bad items, splitRate, growth, history -> invalid-throughput naming task and field', () => {
    const cases: Array<[unknown, string | undefined, string]> = [
      [base([{ id: 'E', throughput: { items: 0 } }]), 'E', 'throughput.items'],
      [base([{ id: 'E', throughput: { items: 2.5 } }]), 'E', 'throughput.items'],
      [base([{ id: 'E', throughput: 10 }]), 'E', 'throughput'],
      [base([{ id: 'E', throughput: { items: 3, splitRate: 1.5 } }]), 'E', 'throughput.splitRate'],
      [base([{ id: 'E', throughput: { items: 3, growth: -1 } }]), 'E', 'throughput.growth'],
      [base([{ id: 'E', throughput: { items: 3 } }], { throughputHistory: { dailyDone: [] } }), undefined, 'throughputHistory.dailyDone'],
      [base([{ id: 'E', throughput: { items: 3 } }], { throughputHistory: [{ dailyDone: [1, -1] }] }), undefined, 'throughputHistory[0].dailyDone'],
      [base([{ id: 'E', throughput: { items: 3 } }], { throughputHistory: [{ dailyDone: [1] }, { dailyDone: [2] }] }), undefined, 'throughputHistory[1].team'],
    ];
    for (const [raw, task, field] of cases) {
      const r = validatePlan(raw);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.issues).toContainEqual(expect.objectContaining({ code: 'invalid-throughput', field, ...(task ? { task } : {}) }));
    }
  });

  test('no history for the task\'s team, or no day anything was done -> no-throughput-history at expansion', () => {
    const noTeam = expand(base([{ id: 'E', throughput: { items: 3 }, meta: { team: 'ml' } }], { throughputHistory: [{ team: 'data', dailyDone: [1] }] })).x;
    expect(noTeam.ok).toBe(false);
    if (!noTeam.ok) expect(noTeam.issues).toEqual([expect.objectContaining({ code: 'no-throughput-history', task: 'E', field: 'throughput' })]);
    const none = expand({ start: '2027-01-04', tasks: [{ id: 'E', throughput: { items: 3 } }] }).x;
    expect(!none.ok && none.issues[0].code).toBe('no-throughput-history');
    const zeros = expand(base([{ id: 'E', throughput: { items: 3 } }], { throughputHistory: { dailyDone: [0, 0] } })).x;
    expect(!zeros.ok && zeros.issues[0]).toMatchObject({ code: 'no-throughput-history', task: 'E' });
    const growth = expand(base([{ id: 'E', throughput: { items: 3, growth: 5 } }])).x;
    expect(!growth.ok && growth.issues[0]).toMatchObject({ code: 'invalid-throughput', task: 'E', field: 'throughput.growth' });
  });

  test('throughput is a known field (no unknown-field warning) and survives re-validation of a plan object', () => {
    const { v } = expand(base([{ id: 'E', throughput: { items: 4 } }]));
    expect(v.ok && v.warnings).toEqual([]);
    const again = validatePlan(v.ok ? v.plan : null);
    expect(again.ok && again.plan.tasks[0].throughput).toEqual({ items: 4 });
  });
});

describe('throughput tasks: expansion', () => {
  test('a constant 2 items/day and 10 items -> exactly 5 working days, fixed, assumed, with the finding', () => {
    // ceil(10 / 2) = 5 in every iteration (forecast-throughput.ts banner), so P5 = P50 = P95 = 5.
    const { x } = expand(base([{ id: 'E', throughput: { items: 10 } }], { throughputHistory: { dailyDone: [2, 2, 2, 2, 2] } }));
    expect(x.ok).toBe(true);
    if (!x.ok) return;
    const e = x.plan.tasks[0];
    expect(e.duration).toEqual({ optimistic: 5, mostLikely: 5, pessimistic: 5, distribution: 'fixed' });
    expect(e.assumed).toBe(true);
    expect(e.unestimated).toBeUndefined();
    expect(e.throughput).toBeUndefined();
    expect(e.meta?.throughput).toMatchObject({ items: 10, p50: 5, p95: 5 });
    const f = x.findings.find((g) => g.id === 'HC-THROUGHPUT-ESTIMATE');
    expect(f).toMatchObject({ severity: 'info', tasks: ['E'] });
    expect(f!.message).toMatch(/10 item.*5 working days \(P50\), 5 \(P95\)/);
    // Expanding the expanded plan changes nothing.
    const again = expandPlan(x.plan);
    expect(again.ok && again.plan.tasks[0].duration).toEqual(e.duration);
  });

  test('a variable history gives a lognormal P5/P50/P95 estimate, deterministic per task id, team history chosen by meta.team', () => {
    const plan = JSON.parse(readFileSync(join(__dirname, '../../fixtures/throughput-plan.json'), 'utf8'));
    const a = expand(plan).x, b = expand(plan).x;
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    const e2 = a.plan.tasks.find((t: Task) => t.id === 'EPIC-2')!;
    expect(e2.duration.distribution).toBe('lognormal');
    expect(e2.duration.optimistic).toBeLessThan(e2.duration.mostLikely);
    expect(e2.duration.mostLikely).toBeLessThan(e2.duration.pessimistic);
    // Team 'data' does 1.6 items/day on average; 8 items (+20% splits, +0.1/day growth) need about 9.6 / 1.5 ~ 6-7 days at the median.
    expect(e2.duration.mostLikely).toBeGreaterThanOrEqual(5);
    expect(e2.duration.mostLikely).toBeLessThanOrEqual(9);
    expect(e2.meta?.throughput).toMatchObject({ team: 'data', items: 8 });
    expect(b.plan.tasks.find((t: Task) => t.id === 'EPIC-2')!.duration).toEqual(e2.duration);
    expect(a.plan.tasks.find((t: Task) => t.id === 'EPIC-1')!.duration.mostLikely).toBe(5);
    expect(a.findings.filter((f) => f.id === 'HC-THROUGHPUT-ESTIMATE').map((f) => f.tasks[0])).toEqual(['EPIC-1', 'EPIC-2']);
  });

  test('a done throughput task keeps its duration and drops the field; the input plan is untouched', () => {
    const { v, x } = expand(base([{ id: 'E', duration: 3, status: 'done', throughput: { items: 4 } }]));
    expect(x.ok && x.plan.tasks[0]).toMatchObject({ duration: { mostLikely: 3 } });
    expect(x.ok && x.plan.tasks[0].throughput).toBeUndefined();
    expect(v.ok && v.plan.tasks[0].throughput).toEqual({ items: 4 });
  });
});

test('iterations: 10,000 for short backlogs, cut for long ones (1e6 / expected days), never under 1,000', () => {
  expect(throughputIterations([2, 2], { items: 10 })).toBe(10_000);
  // 400 items at 1 item/day: 400 expected days -> 1e6 / 400 = 2,500 iterations.
  expect(throughputIterations([1, 1], { items: 400 })).toBe(2500);
  expect(throughputIterations([0.3125], { items: 500 })).toBe(1000);
});

describe('throughputEpics (the Jira rule)', () => {
  const t = (id: string, meta: Record<string, unknown>, extra: Partial<Task> = {}): Task => ({ id, duration: { optimistic: 1, mostLikely: 2, pessimistic: 4, distribution: 'pert' }, after: [], demand: {}, status: 'todo', meta, ...extra });
  const plan = (tasks: Task[]): Plan => ({ start: '2027-01-04', calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] }, resources: [], tasks });

  test('an unestimated epic whose open children are all unestimated becomes a throughput task; the children take 0 days', () => {
    const p = plan([
      t('EP-1', { issueType: 'Epic', estimateSource: 'children', unestimated: false }, { after: ['C-1', 'C-2'] }),
      t('C-1', { issueType: 'Story', estimateSource: 'default', unestimated: true, parent: 'EP-1' }, { assumed: true, attempts: { successProbability: 0.5, maxAttempts: 3 } }),
      t('C-2', { issueType: 'Story', estimateSource: 'default', unestimated: true, parent: 'EP-1' }),
      t('C-3', { issueType: 'Story', estimateSource: 'field', unestimated: false, parent: 'EP-1' }, { status: 'done' }),
    ]);
    const r = throughputEpics(p);
    expect(r.epics).toEqual([{ id: 'EP-1', items: 2, children: ['C-1', 'C-2'] }]);
    expect(r.plan.tasks[0].throughput).toEqual({ items: 2 });
    expect(r.plan.tasks[1]).toMatchObject({ duration: { mostLikely: 0, distribution: 'fixed' }, meta: { throughputEpic: 'EP-1' } });
    expect(r.plan.tasks[1].attempts).toBeUndefined();
    expect(p.tasks[1].duration.mostLikely).toBe(2);
  });

  test('an epic with an estimated open child, with no open child, or with its own estimate is left alone', () => {
    const withEstimated = plan([
      t('EP-1', { issueType: 'Epic', estimateSource: 'children' }),
      t('C-1', { estimateSource: 'default', unestimated: true, parent: 'EP-1' }),
      t('C-2', { estimateSource: 'field', unestimated: false, parent: 'EP-1' }),
    ]);
    expect(throughputEpics(withEstimated).epics).toEqual([]);
    expect(throughputEpics(plan([t('EP-1', { issueType: 'Epic', estimateSource: 'children' })])).epics).toEqual([]);
    expect(throughputEpics(plan([t('EP-1', { issueType: 'Epic', estimateSource: 'field' }), t('C-1', { estimateSource: 'default', unestimated: true, parent: 'EP-1' })])).epics).toEqual([]);
  });
});
