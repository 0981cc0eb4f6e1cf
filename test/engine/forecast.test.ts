/**
 * The forecast report: every field of ForecastReport filled consistently, the
 * deterministic part from schedulePlan, dates mapped by the contract's calendar
 * convention, and warnings where the simulation simplifies.
 */
import { validatePlan } from '../../src/engine/validate-plan';
import { compilePlan, type CompiledPlan } from '../../src/engine/compile-plan';
import { forecast, finishHistogram, topDrivers } from '../../src/engine/forecast';
import { schedulePlan } from '../../src/engine/schedule-plan';
import { createResourceForwardPass } from '../../src/engine/rcpsp/resource-forward-pass';

function plan(raw: Record<string, unknown>): CompiledPlan {
  const r = validatePlan(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return compilePlan(r.plan);
}

// The contract's example calendar: start Monday 2027-01-04, holiday 2027-01-18.
const BASE = { start: '2027-01-04', calendar: { workdays: [1, 2, 3, 4, 5], holidays: ['2027-01-18'] } };

describe('forecast report', () => {
  it('refuses a bad batch size with a stable code', () => {
    const cp = plan({ ...BASE, tasks: [{ id: 'A', duration: 1 }] });
    expect(() => forecast(cp, { batchSize: 0 })).toThrow(expect.objectContaining({ code: 'invalid-iterations' }));
  });

  it('fills every field consistently', () => {
    const cp = plan({
      ...BASE,
      due: '2027-02-26',
      tasks: [
        { id: 'ML-10', name: 'Ingest', duration: { optimistic: 2, mostLikely: 4, pessimistic: 9 } },
        { id: 'ML-11', duration: { optimistic: 3, mostLikely: 5, pessimistic: 14, distribution: 'lognormal' }, after: ['ML-10'] },
        { id: 'ML-12', duration: 2, after: ['ML-11'], due: '2027-02-05' },
        { id: 'ML-13', duration: { optimistic: 1, mostLikely: 2, pessimistic: 4 }, after: ['ML-10'] },
      ],
    });
    const r = forecast(cp, { iterations: 3000, seed: '42', batchSize: 1000 });
    expect(r.iterations).toBe(3000);
    expect(r.seed).toBe('42');
    const schedule = schedulePlan(cp, { seed: '42' });
    expect(r.schedule).toEqual(schedule);
    expect(r.deterministic).toEqual({ finishDays: schedule.makespan, finishDate: schedule.finishDate, criticalPath: schedule.criticalPath });
    const f = r.finishDays;
    expect(f.p10).toBeLessThanOrEqual(f.p50);
    expect(f.p50).toBeLessThanOrEqual(f.p80);
    expect(f.p80).toBeLessThanOrEqual(f.p90);
    expect(f.p90).toBeLessThanOrEqual(f.p95);
    for (const k of ['p10', 'p50', 'p80', 'p90', 'p95'] as const) expect(r.finishDate[k]).toBe(cp.calendar.finishDate(f[k]));
    expect(r.histogram.counts.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(r.due).toEqual({ date: '2027-02-26', days: cp.calendar.workingDaysThrough('2027-02-26'), probability: expect.any(Number) });
    expect(Object.keys(r.criticality)).toEqual(['ML-10', 'ML-11', 'ML-12', 'ML-13']);
    expect(r.tasks.map((t) => t.id)).toEqual(['ML-10', 'ML-11', 'ML-12', 'ML-13']);
    expect(r.tasks[0].name).toBe('Ingest');
    for (const t of r.tasks) {
      expect(t.criticality).toBe(r.criticality[t.id]);
      expect(t.cruciality).toBeCloseTo(t.criticality * t.sensitivity, 3);
      expect(t.finishDays.p50).toBeLessThanOrEqual(t.finishDays.p80);
      expect(t.finishDays.p80).toBeLessThanOrEqual(t.finishDays.p90);
      expect(t.finishDays.p90).toBeLessThanOrEqual(t.finishDays.p95);
      expect(t.finishDate.p90).toBe(cp.calendar.finishDate(t.finishDays.p90));
      expect(t.finishDate.p95).toBe(cp.calendar.finishDate(t.finishDays.p95));
      // Fixed ML-12 after a varying task still varies; its bin is a positive width.
      expect(t.binWidth).toBeGreaterThan(0);
    }
    expect(r.tasks.find((t) => t.id === 'ML-12')!.dueProbability).toEqual(expect.any(Number));
    expect(r.tasks.find((t) => t.id === 'ML-10')!.dueProbability).toBeUndefined();
    // Drivers: by cruciality, most important first; all positive.
    const c = r.drivers.map((d) => d.cruciality);
    expect(c).toEqual([...c].sort((x, y) => y - x));
    expect(c.every((x) => x > 0)).toBe(true);
    expect(r.batches).toEqual({ size: 1000, count: 3, workers: 1 });
    expect(r.warnings).toEqual([]);
    expect(r.resources).toBeUndefined();
  });

  it('maps finish days to dates by the contract convention (ceil(x) - 1)', () => {
    // Fixed 4 days from day 0 finishes on Thursday 2027-01-07 (contract example).
    const r = forecast(plan({ ...BASE, tasks: [{ id: 'A', duration: 4 }] }), { iterations: 10 });
    expect(r.finishDate.p50).toBe('2027-01-07');
    expect(r.deterministic.finishDate).toBe('2027-01-07');
  });

  it('warns that capacities are ignored when resources are given but no resource-aware pass', () => {
    const cp = plan({ ...BASE, resources: [{ id: 'gpu', capacity: 1 }], tasks: [{ id: 'A', duration: 2, demand: { gpu: 1 } }, { id: 'B', duration: 2, demand: { gpu: 1 } }] });
    const r = forecast(cp, { iterations: 10 });
    expect(r.warnings.some((w) => /ignores capacities/.test(w))).toBe(true);
    // The deterministic schedule still levels the pool (schedulePlan).
    expect(r.deterministic.finishDays).toBe(4);
    expect(r.finishDays.p50).toBe(2);
  });

  it('per-task P90 lies between P80 and P95 and is within half a bin of the uniform quantile', () => {
    // One U(0, 10) task: its finish quantile p is 10p; the histogram answer is within half a bin
    // plus the sampling error (sd of the 0.9 quantile ~ 10·sqrt(0.09/N) = 0.03 at N = 10,000; 5 sd).
    const cp = plan({ ...BASE, tasks: [{ id: 'U', duration: { optimistic: 0, mostLikely: 5, pessimistic: 10, distribution: 'uniform' } }] });
    const r = forecast(cp, { iterations: 10_000, seed: '90' });
    const t = r.tasks[0];
    expect(Math.abs(t.finishDays.p90 - 9)).toBeLessThanOrEqual(t.binWidth! / 2 + 0.15);
    expect(t.finishDate.p90).toBe(cp.calendar.finishDate(t.finishDays.p90));
    expect(t.finishDays.p80).toBeLessThanOrEqual(t.finishDays.p90);
    expect(t.finishDays.p90).toBeLessThanOrEqual(t.finishDays.p95);
  });

  it('with a resource model: the pool section (criticality, daily usage percentiles)', () => {
    const cp = plan({
      ...BASE,
      resources: [{ id: 'gpu', capacity: 2 }],
      tasks: [
        { id: 'A', duration: { optimistic: 2, mostLikely: 3, pessimistic: 5 }, demand: { gpu: 2 } },
        { id: 'B', duration: { optimistic: 2, mostLikely: 3, pessimistic: 5 }, demand: { gpu: 1 } },
      ],
    });
    const schedule = schedulePlan(cp, { seed: '1' });
    const r = forecast(cp, { iterations: 2000, seed: '1', schedule, resources: createResourceForwardPass(cp, schedule) });
    expect(r.warnings.some((w) => /ignores capacities/.test(w))).toBe(false);
    const [gpu] = r.resources!;
    // A needs the whole pool, so A and B never overlap: the one placed second always waits.
    expect(gpu.criticality).toBe(1);
    expect(gpu.capacity).toBe(2);
    // Every iteration starts with one of them on day 0 (2 or 1 units), so P95 of day 0 is 2, P50 at least 1 (error: one bin).
    expect(Math.abs(gpu.usage.p95[0] - 2)).toBeLessThanOrEqual(gpu.usageBinWidth);
    expect(gpu.usage.p50[0]).toBeGreaterThanOrEqual(1 - gpu.usageBinWidth);
    // The series ends after the last day with any use: A then B take at most 10 days.
    expect(gpu.usage.p95.length).toBeLessThanOrEqual(10);
    expect(gpu.usage.p95[gpu.usage.p95.length - 1]).toBeGreaterThan(0);
  });

  it('builds a round-width histogram of the finishes', () => {
    const h = finishHistogram(Float64Array.from([10, 10.4, 11, 12.2, 13.9]));
    expect(h.width).toBe(0.1);
    expect(h.start).toBe(10);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(finishHistogram(Float64Array.from([3, 3]))).toEqual({ start: 3, width: 1, counts: [2] });
  });
});

describe('topDrivers', () => {
  it('is the first `count` of all tasks with cruciality > 0 sorted by cruciality, criticality, then plan order', () => {
    let x = 7;
    const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 200; trial++) {
      // Coarse values, so that ties in both keys are common.
      const tasks = Array.from({ length: 1 + Math.floor(rnd() * 60) }, () => ({ cruciality: Math.round(rnd() * 6 - 1) / 4, criticality: Math.round(rnd() * 3) / 2 }));
      const count = Math.floor(rnd() * 12);
      const sorted = tasks.map((t, k) => ({ t, k })).filter(({ t }) => t.cruciality > 0)
        .sort((a, b) => b.t.cruciality - a.t.cruciality || b.t.criticality - a.t.criticality || a.k - b.k)
        .slice(0, count).map(({ t }) => t);
      expect(topDrivers(tasks, count)).toEqual(sorted);
      expect(topDrivers(tasks, count).every((t, k) => t === sorted[k])).toBe(true);
    }
  });
});
