/** Plans for the risk tests: validated, expanded (gate rules) and compiled, as the CLI does. */
import { compilePlan, type CompiledPlan } from '../../../src/engine/compile-plan';
import { expandPlan } from '../../../src/engine/gates/expand-plan';
import { validatePlan } from '../../../src/engine/validate-plan';

export const CAL = { workdays: [1, 2, 3, 4, 5], holidays: [] };

export function compiled(raw: Record<string, unknown>): CompiledPlan {
  const r = validatePlan({ start: '2027-01-04', calendar: CAL, ...raw });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const e = expandPlan(r.plan);
  if (!e.ok) throw new Error(JSON.stringify(e.issues));
  return compilePlan(e.plan);
}

export function issues(raw: Record<string, unknown>): Array<{ code: string; field?: string }> {
  const r = validatePlan({ start: '2027-01-04', calendar: CAL, tasks: [{ id: 'A', duration: 1 }], ...raw });
  return r.ok ? [] : r.issues.map((i) => ({ code: i.code, ...(i.field ? { field: i.field } : {}) }));
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < xs.length; k++) s += xs[k];
  return s / xs.length;
}

export function sd(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let k = 0; k < xs.length; k++) s += (xs[k] - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}
