/**
 * Hand-made plans for the resolver tests that turn settings into plan rules
 * (forecast-plan.test.ts, plan-rules.test.ts): fixed-duration tasks on a Mon-Fri
 * calendar with no holidays, validated as the resolvers' plans are.
 */
import type { Plan, Task } from '../../src/engine/plan';
import { validatePlan } from '../../src/engine/validate-plan';

/** Monday 2027-01-04: working day 0 of the Mon-Fri calendar. */
export const START = '2027-01-04';

/** A to-do task lasting exactly `days` working days after the tasks in `after`. */
export const task = (id: string, days: number, after: string[] = [], extra: Partial<Task> = {}): Task => ({
  id, duration: { optimistic: days, mostLikely: days, pessimistic: days, distribution: 'fixed' }, after, demand: {}, status: 'todo', ...extra,
});

/** The validated plan of `tasks` (no resources); throws with the issues when invalid. */
export const plan = (tasks: Task[]): Plan => {
  const r = validatePlan({ start: START, calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] }, resources: [], tasks });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
};
