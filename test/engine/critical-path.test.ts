import { compilePlan, type CompiledPlan } from '../../src/engine/compile-plan';
import { cpm } from '../../src/engine/critical-path';
import { validatePlan } from '../../src/engine/validate-plan';

function compiled(tasks: unknown[], extra: Record<string, unknown> = {}): CompiledPlan {
  const r = validatePlan({ start: '2027-01-04', tasks, ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return compilePlan(r.plan);
}

/** Per-task values of a CPM array, by id. */
function byId(cp: CompiledPlan, values: Float64Array): Record<string, number> {
  return Object.fromEntries(cp.ids.map((id, i) => [id, values[i]]));
}

/**
 * The Reliable Construction Co. project: Hillier & Lieberman, "Introduction to
 * Operations Research" (9th ed., McGraw-Hill, 2010), chapter 22 "Project Management
 * with PERT/CPM" (chapter 10 in earlier editions), 14 activities in weeks. The book's
 * answers: project length 44 weeks, critical path A B C E F J L N, slacks D 4, G 4,
 * H 4, I 2, K 1, M 4. ES/EF/LS/LF and free floats below were recomputed by hand
 * from the network and agree with the book's table of slacks.
 */
const RELIABLE = [
  { id: 'A', name: 'Excavate', duration: 2 },
  { id: 'B', name: 'Lay the foundation', duration: 4, after: ['A'] },
  { id: 'C', name: 'Put up the rough wall', duration: 10, after: ['B'] },
  { id: 'D', name: 'Put up the roof', duration: 6, after: ['C'] },
  { id: 'E', name: 'Install the exterior plumbing', duration: 4, after: ['C'] },
  { id: 'F', name: 'Install the interior plumbing', duration: 5, after: ['E'] },
  { id: 'G', name: 'Put up the exterior siding', duration: 7, after: ['D'] },
  { id: 'H', name: 'Do the exterior painting', duration: 9, after: ['E', 'G'] },
  { id: 'I', name: 'Do the electrical work', duration: 7, after: ['C'] },
  { id: 'J', name: 'Put up the wallboard', duration: 8, after: ['F', 'I'] },
  { id: 'K', name: 'Install the flooring', duration: 4, after: ['J'] },
  { id: 'L', name: 'Do the interior painting', duration: 5, after: ['J'] },
  { id: 'M', name: 'Install the exterior fixtures', duration: 2, after: ['H'] },
  { id: 'N', name: 'Install the interior fixtures', duration: 6, after: ['K', 'L'] },
];

describe('cpm', () => {
  it('rejects a duration vector shorter than the plan', () => {
    const cp = compiled([{ id: 'A', duration: 1 }, { id: 'B', duration: 1 }]);
    expect(() => cpm(cp, new Float64Array(1))).toThrow(RangeError);
  });

  it('gives 0 and an empty path for a plan without tasks', () => {
    const r = cpm(compiled([]));
    expect(r.finish).toBe(0);
    expect(r.criticalPath).toEqual([]);
  });

  it('solves the textbook network (Hillier & Lieberman, Reliable Construction)', () => {
    const cp = compiled(RELIABLE);
    const r = cpm(cp);
    expect(r.finish).toBe(44);
    expect(r.criticalPath.map((i) => cp.ids[i])).toEqual(['A', 'B', 'C', 'E', 'F', 'J', 'L', 'N']);
    expect(byId(cp, r.es)).toEqual({ A: 0, B: 2, C: 6, D: 16, E: 16, F: 20, G: 22, H: 29, I: 16, J: 25, K: 33, L: 33, M: 38, N: 38 });
    expect(byId(cp, r.ef)).toEqual({ A: 2, B: 6, C: 16, D: 22, E: 20, F: 25, G: 29, H: 38, I: 23, J: 33, K: 37, L: 38, M: 40, N: 44 });
    expect(byId(cp, r.ls)).toEqual({ A: 0, B: 2, C: 6, D: 20, E: 16, F: 20, G: 26, H: 33, I: 18, J: 25, K: 34, L: 33, M: 42, N: 38 });
    expect(byId(cp, r.lf)).toEqual({ A: 2, B: 6, C: 16, D: 26, E: 20, F: 25, G: 33, H: 42, I: 25, J: 33, K: 38, L: 38, M: 44, N: 44 });
    expect(byId(cp, r.totalFloat)).toEqual({ A: 0, B: 0, C: 0, D: 4, E: 0, F: 0, G: 4, H: 4, I: 2, J: 0, K: 1, L: 0, M: 4, N: 0 });
    // Free float: D and G share H's slack with it (0 free), M's 4 is all free, I's 2 and K's 1 too.
    expect(byId(cp, r.freeFloat)).toEqual({ A: 0, B: 0, C: 0, D: 0, E: 0, F: 0, G: 0, H: 0, I: 2, J: 0, K: 1, L: 0, M: 4, N: 0 });
  });

  it('uses the durations it is given instead of the most-likely ones', () => {
    const cp = compiled(RELIABLE);
    const d = Float64Array.from(cp.det);
    d[cp.indexOf.get('D')!] += 5; // the roof slips 5 weeks: 1 week more than its slack
    const r = cpm(cp, d);
    expect(r.finish).toBe(45);
    expect(r.criticalPath.map((i) => cp.ids[i])).toEqual(['A', 'B', 'C', 'D', 'G', 'H', 'M']);
    expect(cp.det[cp.indexOf.get('D')!]).toBe(6); // the plan itself is untouched
  });

  it('applies notBefore, and stops the critical path at a task it holds', () => {
    // 2027-01-20 is working day 11: Jan 4-8 and 11-15 are ten days, the 18th is a holiday, the 19th is day 10.
    const cp = compiled([
      { id: 'A', duration: 3 },
      { id: 'B', duration: 2, after: ['A'], notBefore: '2027-01-20' },
      { id: 'C', duration: 1, after: ['B'] },
    ], { calendar: { holidays: ['2027-01-18'] } });
    const r = cpm(cp);
    expect(Array.from(r.es)).toEqual([0, 11, 13]);
    expect(r.finish).toBe(14);
    expect(byId(cp, r.totalFloat)).toEqual({ A: 8, B: 0, C: 0 });
    expect(byId(cp, r.freeFloat)).toEqual({ A: 8, B: 0, C: 0 });
    expect(r.criticalPath.map((i) => cp.ids[i])).toEqual(['B', 'C']);
  });

  it('gives done tasks zero duration but keeps their notBefore', () => {
    const cp = compiled([
      { id: 'A', duration: 5, status: 'done' },
      { id: 'B', duration: 4, status: 'done', notBefore: '2027-01-06' },
      { id: 'C', duration: 2, after: ['A', 'B'] },
    ]);
    const r = cpm(cp);
    expect(byId(cp, r.es)).toEqual({ A: 0, B: 2, C: 2 });
    expect(byId(cp, r.ef)).toEqual({ A: 0, B: 2, C: 4 });
    expect(r.criticalPath.map((i) => cp.ids[i])).toEqual(['B', 'C']);
    // Done even if a caller passes a positive duration for it (e.g. a Monte Carlo sample).
    expect(cpm(cp, new Float64Array([9, 9, 2])).finish).toBe(4);
  });

  it('uses `remaining` for in-progress tasks', () => {
    const cp = compiled([
      { id: 'A', duration: { optimistic: 5, mostLikely: 8, pessimistic: 12 }, remaining: { optimistic: 1, mostLikely: 3, pessimistic: 4 }, status: 'in-progress' },
      { id: 'B', duration: 2, after: ['A'] },
    ]);
    expect(cpm(cp).finish).toBe(5);
  });

  it('breaks ties between equal paths by topological position (file order)', () => {
    const cp = compiled([
      { id: 'S', duration: 1 },
      { id: 'X', duration: 2, after: ['S'] },
      { id: 'Y', duration: 2, after: ['S'] },
      { id: 'E', duration: 1, after: ['Y', 'X'] },
    ]);
    const r = cpm(cp);
    expect(byId(cp, r.totalFloat)).toEqual({ S: 0, X: 0, Y: 0, E: 0 });
    expect(r.criticalPath.map((i) => cp.ids[i])).toEqual(['S', 'X', 'E']);
  });

  it('ends the path at trailing milestones and treats float within 1e-9 x finish as zero', () => {
    const cp = compiled([
      { id: 'A', duration: 0.1 },
      { id: 'B', duration: 0.2, after: ['A'] },
      { id: 'C', duration: 0.3 }, // 0.1 + 0.2 = 0.30000000000000004 in binary
      { id: 'M', duration: 0, after: ['B', 'C'] },
    ]);
    const r = cpm(cp);
    expect(r.finish).toBeCloseTo(0.3, 12);
    // Both branches are critical; C (topological position 1, a source like A) wins the tie over B (position 2).
    expect(cp.ids).toEqual(['A', 'C', 'B', 'M']);
    expect(r.criticalPath.map((i) => cp.ids[i])).toEqual(['C', 'M']);
    expect(Math.abs(r.totalFloat[cp.indexOf.get('C')!])).toBeLessThan(1e-9);
    expect(Math.abs(r.totalFloat[cp.indexOf.get('A')!])).toBeLessThan(1e-9);
  });

  it('is linear: a 20,000-task layered network in well under a second', () => {
    const tasks = Array.from({ length: 20_000 }, (_, i) => ({
      id: `T${i}`, duration: 1 + (i % 7), after: i >= 100 ? [`T${i - 100}`, `T${i - 100 + ((i * 37) % 100)}`].filter((v, k, a) => a.indexOf(v) === k) : [],
    }));
    const cp = compiled(tasks);
    const t0 = process.hrtime.bigint();
    const r = cpm(cp);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    expect(r.criticalPath.length).toBeGreaterThan(100);
    expect(ms).toBeLessThan(500); // measured about 20 ms (cold JIT, shared 2-core machine); the bound only catches a quadratic slip
  });
});
