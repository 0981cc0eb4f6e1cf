/**
 * Batches merge exactly: any partition of the batches over workers, any merge
 * order and a JSON round trip give a byte-identical report.
 */
import { validatePlan } from '../../src/engine/validate-plan';
import { compilePlan, type CompiledPlan } from '../../src/engine/compile-plan';
import { fourTaskPlan } from './four-task-plan';
import { buildForecastReport, forecast } from '../../src/engine/forecast';
import { emptyState, MonteCarloError, runBatch, runBatches, simulationFor, toBatchResult, type BatchResult } from '../../src/engine/monte-carlo';
import { mergeBatches } from '../../src/engine/merge-batches';
import { schedulePlan } from '../../src/engine/schedule-plan';
import { createResourceForwardPass } from '../../src/engine/rcpsp/resource-forward-pass';

const cp = fourTaskPlan;

const seed = 'merge', iterations = 2500, batchSize = 500;
const spec = { seed, iterations, batchSize };

function reportFrom(results: BatchResult[], workers = 1) {
  const c = cp();
  const sim = simulationFor(c, seed);
  return JSON.stringify(buildForecastReport(c, mergeBatches(c, results), sim, { workers }));
}

describe('mergeBatches', () => {
  it('refuses results of another run, duplicates and missing batches', () => {
    const c = cp();
    const b0 = runBatch(c, { ...spec, batchIndex: 0 });
    const other = runBatch(c, { ...spec, seed: 'other', batchIndex: 1 });
    const code = (f: () => unknown) => { try { f(); } catch (e) { return (e as MonteCarloError).code; } return 'no error'; };
    expect(code(() => mergeBatches(c, [b0, other]))).toBe('batch-mismatch');
    expect(code(() => mergeBatches(c, [b0, b0]))).toBe('duplicate-batch');
    expect(code(() => mergeBatches(c, []))).toBe('missing-batch');
    expect(code(() => buildForecastReport(c, mergeBatches(c, [b0]), simulationFor(c, seed), {}))).toBe('missing-batch');
    expect(code(() => mergeBatches(c, [{ ...b0, hist: b0.hist.slice(1) }]))).toBe('batch-mismatch');
  });

  it('gives the same bytes for 1, 2 or 3 workers, any merge order, and through JSON', () => {
    const single = JSON.stringify(forecast(cp(), { ...spec }));
    const each = [0, 1, 2, 3, 4].map((b) => runBatch(cp(), { ...spec, batchIndex: b }));
    expect(reportFrom(each)).toBe(single);
    expect(reportFrom([...each].reverse())).toBe(single);
    const two = [runBatches(cp(), { ...spec, batchIndexes: [0, 2, 4] }), runBatches(cp(), { ...spec, batchIndexes: [1, 3] })];
    const three = [runBatches(cp(), { ...spec, batchIndexes: [4, 1] }), runBatches(cp(), { ...spec, batchIndexes: [3, 0] }), runBatches(cp(), { ...spec, batchIndexes: [2] })];
    expect(reportFrom(two)).toBe(single);
    expect(reportFrom(three.map((r) => JSON.parse(JSON.stringify(r))))).toBe(single);
  });

  it('one simulation feeding two states in turn keeps each state\'s batches its own (accumulators settled on read)', () => {
    const plan = cp();
    const sim = simulationFor(plan, seed);
    const a = emptyState(plan.n, seed, batchSize, iterations), b = emptyState(plan.n, seed, batchSize, iterations);
    b.dueHits = new Float64Array(sim.layout.dueTasks.length);
    sim.runBatchInto(a, 0);
    sim.runBatchInto(a, 1);
    sim.runBatchInto(b, 2);
    sim.runBatchInto(a, 3);
    expect(JSON.stringify(toBatchResult(a))).toBe(JSON.stringify(runBatches(plan, { ...spec, batchIndexes: [0, 1, 3] })));
    expect(JSON.stringify(toBatchResult(b))).toBe(JSON.stringify(runBatches(plan, { ...spec, batchIndexes: [2] })));
  });

  it('histogram counts stay exact past 65,535 iterations in one batch (the kernel counts in 16 bits and adds them to the state in time)', () => {
    // B always starts at its notBefore, long after A: its finish never varies, so every
    // iteration lands in one histogram bin (it is not known to be exact: A upstream varies).
    const r0 = validatePlan({
      start: '2027-01-04',
      tasks: [
        { id: 'A', duration: { optimistic: 1, mostLikely: 2, pessimistic: 3, distribution: 'uniform' } },
        { id: 'B', duration: 2, after: ['A'], notBefore: '2027-06-01' },
      ],
    });
    if (!r0.ok) throw new Error(JSON.stringify(r0.issues));
    const plan = compilePlan(r0.plan);
    const iterations = 70_000;
    const r = runBatches(plan, { seed, iterations, batchSize: iterations, batchIndexes: [0] });
    // Per task: [first bin, k, k counts]; every task's counts sum to the iterations.
    for (let p = 0, task = 0; p < r.hist.length; task++) {
      const k = r.hist[p + 1];
      const total = r.hist.slice(p + 2, p + 2 + k).reduce((a, b) => a + b, 0);
      expect({ task, total }).toEqual({ task, total: iterations });
      p += 2 + k;
    }
  });

  it('batch results are plain JSON', () => {
    const r = runBatch(cp(), { ...spec, batchIndex: 2 });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.batches).toHaveLength(1);
    expect(r.batches[0].finish).toHaveLength(batchSize);
  });

  it('pool statistics of resource-aware runs travel through batch results and merge exactly', () => {
    // Two tasks share a one-unit pool: one always waits, so the pool delays the finish in every iteration.
    const gpuPlan = (): CompiledPlan => {
      const r = validatePlan({
        start: '2027-01-04',
        resources: [{ id: 'gpu', name: 'A100 pool', capacity: 1 }],
        tasks: [
          { id: 'A', duration: { optimistic: 2, mostLikely: 4, pessimistic: 9 }, demand: { gpu: 1 } },
          { id: 'B', duration: { optimistic: 1, mostLikely: 3, pessimistic: 6 }, demand: { gpu: 1 } },
          { id: 'C', duration: 1, after: ['A', 'B'] },
        ],
      });
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      return compilePlan(r.plan);
    };
    const model = (c: CompiledPlan) => createResourceForwardPass(c, schedulePlan(c, { seed }));
    const c1 = gpuPlan();
    const single = forecast(c1, { ...spec, schedule: schedulePlan(c1, { seed }), resources: model(c1) });
    expect(single.resources).toHaveLength(1);
    const pool = single.resources![0];
    expect(pool).toMatchObject({ id: 'gpu', name: 'A100 pool', criticality: 1, capacity: 1 });
    // Day 0: one of the two tasks always runs on the pool's only unit (error at most one bin).
    expect(Math.abs(pool.usage.p50[0] - 1)).toBeLessThanOrEqual(pool.usageBinWidth);
    expect(pool.usage.p50.length).toBe(pool.usage.p95.length);

    // Two "workers", each with its own model (as forecast-worker.ts builds it), through JSON.
    const c2 = gpuPlan();
    const m2 = model(c2), m3 = model(c2);
    const parts = [
      runBatches(c2, { ...spec, batchIndexes: [0, 2, 4], resources: m2 }),
      runBatches(c2, { ...spec, batchIndexes: [3, 1], resources: m3 }),
    ].map((r) => JSON.parse(JSON.stringify(r)) as BatchResult);
    expect(parts[0].pools!.iterations).toBe(1500);
    const state = mergeBatches(c2, [parts[1], parts[0]]);
    const sim = simulationFor(c2, seed, { resources: m2 });
    const merged = buildForecastReport(c2, state, sim, { schedule: schedulePlan(c2, { seed }), resources: m2, workers: 1 });
    expect(JSON.stringify(merged)).toBe(JSON.stringify(single));
    // Results with and without pool statistics do not mix.
    const { pools: _pools, ...bare } = parts[0];
    expect(() => mergeBatches(c2, [parts[1], bare])).toThrow(expect.objectContaining({ code: 'batch-mismatch' }));
  });
});
