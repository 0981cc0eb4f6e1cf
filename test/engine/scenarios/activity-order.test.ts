/** The what-if activity order: any key gives a precedence-feasible list; portfolio ranks come first. */
import { validatePlan } from '../../../src/engine/validate-plan';
import { compilePlan } from '../../../src/engine/compile-plan';
import { listByKey, scenarioPass, whatIfSchedules } from '../../../src/engine/scenarios';
import { mergePortfolio } from '../../../src/engine/portfolio';
import type { Plan } from '../../../src/engine/plan';

function plan(raw: Record<string, unknown>): Plan {
  const r = validatePlan(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
}

describe('activity order', () => {
  it('refuses nothing but repairs any key into a precedence-feasible list (a key against the arrows)', () => {
    const cp = compilePlan(plan({ start: '2027-01-04', tasks: [{ id: 'A', duration: 1 }, { id: 'B', duration: 1, after: ['A'] }, { id: 'C', duration: 1, after: ['B'] }, { id: 'D', duration: 1 }] }));
    // Key prefers C, then B, then A, then D: precedence forces A, B, C; D (key 3) comes after them.
    const key = new Float64Array(cp.n);
    for (const [id, k] of [['C', 0], ['B', 1], ['A', 2], ['D', 3]] as const) key[cp.indexOf.get(id)!] = k;
    expect(Array.from(listByKey(cp, key), (i) => cp.ids[i])).toEqual(['A', 'B', 'C', 'D']);
  });

  it('puts the higher-priority initiative first, even over a carried list', () => {
    const one = (p: string) => plan({ start: '2027-01-04', resources: [{ id: 'g', capacity: 1 }], tasks: [{ id: `${p}1`, duration: 1, demand: { g: 1 } }, { id: `${p}2`, duration: 1, after: [`${p}1`], demand: { g: 1 } }] });
    const m = mergePortfolio([{ key: 'A', plan: one('A'), priority: 2 }, { key: 'B', plan: one('B'), priority: 1 }]);
    const cp = compilePlan(m.plan);
    expect(scenarioPass(cp, { seed: '1' }).list).toEqual(['B1', 'B2', 'A1', 'A2']);
    expect(scenarioPass(cp, { seed: '1', list: ['A1', 'A2', 'B1', 'B2'] }).list).toEqual(['B1', 'B2', 'A1', 'A2']);
    expect(scenarioPass(compilePlan(one('X')), { seed: '1' }).list).toEqual(['X1', 'X2']);
  });

  it('orders by the LFT rule without search when asked (schedules 0)', () => {
    const p = plan({ start: '2027-01-04', resources: [{ id: 'g', capacity: 1 }], tasks: [
      { id: 'LONG', duration: 1, demand: { g: 1 } }, { id: 'TAIL', duration: 9, after: ['LONG'] }, { id: 'SHORT', duration: 2, demand: { g: 1 } },
    ] });
    // LF: LONG 1 (its 9-day tail follows), SHORT and TAIL 10 (tie: topological position).
    expect(scenarioPass(compilePlan(p), { seed: '1', schedules: 0 }).list).toEqual(['LONG', 'SHORT', 'TAIL']);
  });

  it('keeps the search budget small for large plans', () => {
    expect(whatIfSchedules(500)).toBe(250);
    expect(whatIfSchedules(1500)).toBe(166);
    expect(whatIfSchedules(5000)).toBe(0);
  });
});
