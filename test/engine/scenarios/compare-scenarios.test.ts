/**
 * compareScenarios and the trade-off curves: effects known by construction on hand
 * plans (fixed durations give exact percentiles), common random numbers (an empty
 * scenario equals the baseline iteration by iteration), monotone curves.
 */
import { validatePlan } from '../../../src/engine/validate-plan';
import type { Plan } from '../../../src/engine/plan';
import { compareScenarios, capacityCurve, scopeCurve, scopeCutOrder, keyedUniform, taskKey } from '../../../src/engine/scenarios';

function plan(raw: Record<string, unknown>): Plan {
  const r = validatePlan(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
}

const START = '2027-01-04'; // a Monday

// Four independent 10-day jobs, each holding the whole A100 pool (capacity 1): 40 days in a row.
const BOTTLENECK = plan({
  start: START,
  resources: [{ id: 'a100', capacity: 1, name: 'A100' }],
  tasks: ['T1', 'T2', 'T3', 'T4'].map((id) => ({ id, duration: 10, demand: { a100: 1 } })),
});

describe('compareScenarios', () => {
  it('refuses invalid input with a stable code', () => {
    const p = plan({ start: START, tasks: [{ id: 'A', duration: 1 }] });
    expect(() => compareScenarios(p, [], { due: 'soon' })).toThrow(expect.objectContaining({ code: 'invalid-date' }));
    expect(() => compareScenarios(p, [{ id: 'baseline', changes: [] }])).toThrow(expect.objectContaining({ code: 'invalid-scenario' }));
    expect(() => compareScenarios(p, [{ id: 'x', changes: [{ op: 'remove-tasks', ids: ['B'] }] }], { iterations: 10 }))
      .toThrow(expect.objectContaining({ code: 'unknown-task', op: 0, scenario: 'x', task: 'B' }));
  });

  it('removing the only critical task shortens the finish by its duration (fixed durations)', () => {
    // A(2) -> B(6) -> C(2) is 10 days; E (0.5..1.5 days, alone) never matters. Without B: A -> C, 4 days.
    const p = plan({
      start: START, due: '2027-01-12',
      tasks: [
        { id: 'A', duration: 2 }, { id: 'B', duration: 6, after: ['A'] }, { id: 'C', duration: 2, after: ['B'] },
        { id: 'E', duration: { optimistic: 0.5, mostLikely: 1, pessimistic: 1.5, distribution: 'uniform' } },
      ],
    });
    const c = compareScenarios(p, [{ id: 'cut-b', changes: [{ op: 'remove-tasks', ids: ['B'] }] }], { iterations: 500, seed: '7' });
    const [base, cut] = c.results;
    expect(base.id).toBe('baseline');
    expect(base.finishDays.p50).toBe(10);
    expect(cut.finishDays.p50).toBe(4);
    expect(cut.delta).toEqual({ p50: -6, p80: -6, p95: -6, mean: -6 });
    expect(cut.paired).toEqual({ earlier: 1, later: 0 });
    // Due 2027-01-12 is the end of working day 7 (Mon 4 .. Tue 12): 10 days miss it, 4 days meet it.
    expect(base.due).toEqual({ date: '2027-01-12', probability: 0, delta: 0 });
    expect(cut.due).toEqual({ date: '2027-01-12', probability: 1, delta: 1 });
    expect(cut.finishDate.p50).toBe('2027-01-07');
  });

  it('doubling the only bottleneck pool halves a serial queue (40 -> 20 days)', () => {
    const c = compareScenarios(BOTTLENECK, [{ id: 'x2', changes: [{ op: 'set-capacity', pool: 'a100', capacity: 2 }] }], { iterations: 50 });
    expect(c.results[0].finishDays.p80).toBe(40);
    expect(c.results[1].finishDays.p80).toBe(20);
    expect(c.results[1].delta.p80).toBe(-20);
    expect(c.results[1].notes[0].message).toBe('A100: capacity 1 -> 2');
  });

  it('uses common random numbers: an empty scenario equals the baseline in every iteration, and a seed reproduces', () => {
    const p = plan({
      start: START,
      tasks: [
        { id: 'A', duration: { optimistic: 1, mostLikely: 3, pessimistic: 9 } },
        { id: 'B', duration: { optimistic: 2, mostLikely: 3, pessimistic: 12, distribution: 'lognormal' }, after: ['A'], attempts: { successProbability: 0.6, maxAttempts: 3 } },
        { id: 'C', duration: { optimistic: 1, mostLikely: 2, pessimistic: 4, distribution: 'triangular' }, after: ['A'] },
      ],
    });
    const scen = [
      { id: 'same', changes: [] },
      // A new task elsewhere must not disturb the others' draws.
      { id: 'extra', changes: [{ op: 'add-task' as const, task: { id: 'Z', duration: { optimistic: 0.1, mostLikely: 0.2, pessimistic: 0.3 } } }] },
    ];
    const c = compareScenarios(p, scen, { iterations: 2000, seed: '3' });
    expect(c.results[1].paired).toEqual({ earlier: 0, later: 0 });
    expect(c.results[1].delta).toEqual({ p50: 0, p80: 0, p95: 0, mean: 0 });
    expect(c.results[2].paired).toEqual({ earlier: 0, later: 0 });
    expect(compareScenarios(p, scen, { iterations: 2000, seed: '3' })).toEqual(c);
    expect(compareScenarios(p, scen, { iterations: 2000, seed: '4' }).results[0].finishDays.p50).not.toBe(c.results[0].finishDays.p50);
    // Against forecast's PERT mean for A + max(B, C): only a sanity band (different random source).
    expect(c.results[0].finishDays.p50).toBeGreaterThan(5);
    expect(c.results[0].finishDays.p50).toBeLessThan(15);
  });

  it('applies the risk register like the forecast: a certain 5-day risk on the critical task adds 5 days, and removing that task removes it', () => {
    const p = plan({
      start: START,
      risks: [{ id: 'R1', probability: 1, impact: { days: 5 }, appliesTo: { ids: ['B'] } }, { id: 'R2', probability: 0.5, impact: { days: 1 }, appliesTo: { ids: ['C'] } }],
      tasks: [{ id: 'A', duration: 2 }, { id: 'B', duration: 6, after: ['A'] }, { id: 'C', duration: 1, after: ['A'] }],
    });
    const c = compareScenarios(p, [{ id: 'cut', changes: [{ op: 'remove-tasks', ids: ['B'] }] }], { iterations: 400 });
    // With B: 2 + 6 + 5 = 13 always. Without: 2 + 1 (+1 in about half the iterations): P50 is 3 or 4, P95 4.
    expect(c.results[0].finishDays.p50).toBe(13);
    expect(c.results[1].finishDays.p95).toBe(4);
    // Mean 3.5, standard error 0.5 / sqrt(400) = 0.025: a band of 4 standard errors.
    expect(c.results[1].finishDays.mean).toBeGreaterThan(3.4);
    expect(c.results[1].finishDays.mean).toBeLessThan(3.6);
  });

  it('keyed uniforms look uniform and independent across tasks (mean, variance, lag correlation)', () => {
    const k1 = taskKey('1', 'ML-1'), k2 = taskKey('1', 'ML-2');
    let s = 0, s2 = 0, sxy = 0, outside = 0;
    const N = 100_000;
    for (let t = 0; t < N; t++) {
      const u = keyedUniform(k1, t, 0), v = keyedUniform(k2, t, 0);
      if (!(u >= 0 && u < 1)) outside++;
      s += u; s2 += u * u; sxy += (u - 0.5) * (v - 0.5);
    }
    expect(outside).toBe(0);
    // Tolerances: ~5 standard errors of a uniform mean (0.29 / sqrt(N) ~ 0.0009).
    expect(Math.abs(s / N - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(s2 / N - s * s / N / N - 1 / 12)).toBeLessThan(0.003);
    expect(Math.abs(sxy / N * 12)).toBeLessThan(0.02);
  });
});

describe('trade-off curves', () => {
  it('refuses an unknown pool and bad values', () => {
    expect(() => capacityCurve(BOTTLENECK, 'tpu', [1])).toThrow(expect.objectContaining({ code: 'unknown-pool' }));
    expect(() => capacityCurve(BOTTLENECK, 'a100', [-1])).toThrow(expect.objectContaining({ code: 'invalid-capacity' }));
    expect(() => scopeCurve(BOTTLENECK, [1.5])).toThrow(expect.objectContaining({ code: 'invalid-change' }));
    expect(() => scopeCurve(BOTTLENECK, [0.5], { cutOrder: ['T9'] })).toThrow(expect.objectContaining({ code: 'unknown-task', task: 'T9' }));
    // A caller's cut order: cutting T1 then T2 of the four 10-day jobs on one unit: 40 -> 30 -> 20.
    expect(scopeCurve(BOTTLENECK, [0.5, 1], { cutOrder: ['T1', 'T2'], iterations: 5 }).points.map((p) => [p.removed, p.p80])).toEqual([[0, 40], [1, 30], [2, 20]]);
  });

  it('P80 against capacity on the bottleneck plan: 40, 20, 20 (3 units: two rounds), 10', () => {
    const c = capacityCurve(BOTTLENECK, 'a100', [2, 3, 4], { iterations: 20 });
    expect(c.points.map((p) => [p.value, p.p80, p.current])).toEqual([[1, 40, true], [2, 20, false], [3, 20, false], [4, 10, false]]);
    expect(c.points[1].deltaP80).toBe(-20);
  });

  it('is monotone on a stochastic resource plan, for capacity and for scope', () => {
    const tasks = Array.from({ length: 24 }, (_, k) => ({
      id: `T${k}`,
      duration: { optimistic: 1 + (k % 3), mostLikely: 3 + (k % 4), pessimistic: 6 + (k % 5) },
      after: k >= 4 ? [`T${k - 4}`] : [],
      demand: { gpu: 1 + (k % 2) },
      ...(k % 7 === 3 ? { labels: ['optional'] } : {}),
    }));
    const p = plan({ start: START, resources: [{ id: 'gpu', capacity: 2 }], tasks });
    const cap = capacityCurve(p, 'gpu', [3, 4, 6], { iterations: 300 });
    for (let k = 1; k < cap.points.length; k++) expect(cap.points[k].p80).toBeLessThanOrEqual(cap.points[k - 1].p80);
    expect(cap.points[cap.points.length - 1].p80).toBeLessThan(cap.points[0].p80);
    const scope = scopeCurve(p, [0.1, 0.3, 0.5], { iterations: 300 });
    for (let k = 1; k < scope.points.length; k++) expect(scope.points[k].p80).toBeLessThanOrEqual(scope.points[k - 1].p80);
    expect(scope.points[0]).toMatchObject({ value: 0, current: true, removed: 0 });
    // Optional work is cut first.
    expect(scopeCutOrder(p).slice(0, 4)).toEqual(['T17', 'T10', 'T3', 'T23']);
  });

  it('never cuts another project\'s work (meta.external), and names the cut items as asked', () => {
    // The four 10-day jobs on one unit; T4 is another project's issue: only T1..T3 are candidates.
    const p = structuredClone(BOTTLENECK);
    p.tasks[3].meta = { external: true };
    const ext = p.tasks[3].id;
    expect(scopeCutOrder(p)).not.toContain(ext);
    expect(scopeCutOrder(p)).toHaveLength(p.tasks.length - 1);
    const c = scopeCurve(p, [1], { iterations: 5, noun: 'issues' });
    // Cutting every candidate leaves the external job alone: 10 days (from 40).
    expect(c.points.map((x) => [x.removed, x.p80])).toEqual([[0, 40], [3, 10]]);
    expect(c.points[1].label).toBe('cut 100% of open scope (3 of 3 issues)');
  });
});
