import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePlan } from '../../../src/engine/compile-plan';
import { forecast } from '../../../src/engine/forecast';
import { mergeBatches } from '../../../src/engine/merge-batches';
import { runBatches, simulationFor } from '../../../src/engine/monte-carlo';
import { buildForecastReport } from '../../../src/engine/forecast';
import { parsePlan } from '../../../src/engine/parse-plan';
import { forecastSetup } from '../../../src/cli/forecast-workers';
import { compiled, issues, mean } from './helpers';

const CHAIN = {
  tasks: [
    { id: 'DATA-1', duration: 10 },
    { id: 'DATA-2', duration: 10, after: ['DATA-1'] },
    { id: 'OTHER', duration: 3 },
  ],
  risks: [{ id: 'K1', name: 'vendor late', probability: 0.3, impact: { days: 5 }, appliesTo: { idPrefix: 'DATA-' } }],
};

describe('risk events: validation', () => {
  it('rejects a malformed impact with stable codes and field paths', () => {
    const risk = (impact: unknown) => ({ risks: [{ id: 'K1', probability: 0.5, impact, appliesTo: { ids: ['A'] } }] });
    expect(issues(risk({ days: -1 }))).toEqual([{ code: 'invalid-rule', field: 'risks[0].impact.days' }]);
    expect(issues(risk(7))).toEqual([{ code: 'invalid-rule', field: 'risks[0].impact' }]);
    expect(issues(risk({ optimistic: 5, mostLikely: 2, pessimistic: 9 }))).toEqual([{ code: 'estimate-order', field: 'risks[0].impact.optimistic' }]);
    expect(issues(risk({ optimistic: 1, mostLikely: 2, pessimistic: 9, distribution: 'cauchy' }))).toEqual([{ code: 'unknown-distribution', field: 'risks[0].impact.distribution' }]);
    expect(issues(risk({ days: 3, optimistic: 1, mostLikely: 2, pessimistic: 9 }))).toEqual([{ code: 'invalid-rule', field: 'risks[0].impact.days' }]);
    expect(issues({ risks: [{ id: 'K1', probability: 1.5, impact: { days: 1 }, appliesTo: { ids: ['A'] } }] })).toEqual([{ code: 'invalid-rule', field: 'risks[0].probability' }]);
  });

  it('normalizes a three-point impact with days = mostLikely, which validates again unchanged, and warns no more', () => {
    const r = parsePlan(JSON.stringify({
      start: '2027-01-04', tasks: [{ id: 'A', duration: 1 }],
      risks: [{ id: 'K1', probability: 0.5, impact: { optimistic: 1, mostLikely: 2, pessimistic: 6, distribution: 'triangular' }, appliesTo: { ids: ['A'] } }],
    }));
    if (!r.ok) throw new Error('invalid');
    expect(r.plan.risks![0].impact).toEqual({ days: 2, optimistic: 1, mostLikely: 2, pessimistic: 6, distribution: 'triangular' });
    expect(r.warnings).toEqual([]);
    const again = parsePlan(JSON.stringify(r.plan));
    expect(again.ok && again.plan.risks).toEqual(r.plan.risks);
  });
});

describe('risk events in the Monte Carlo', () => {
  it('adds the impact to every hit task in the iterations where the risk occurs; contributions by hand', () => {
    // Fixed chain DATA-1 -> DATA-2 of 20 days; K1 (p = 0.3) adds 5 to both: finish 30 in ~30% of iterations, else 20.
    // P80 of all = 30 (more than 20% of iterations at 30), P80 without K1 = 20: contribution 10; P50 contribution 0;
    // mean delay exactly 10. occurred ~ Binomial(20000, 0.3)/20000: sd 0.0032, tolerance 0.015.
    const r = forecast(compiled(CHAIN), { iterations: 20_000, seed: '3' });
    expect(r.risks).toHaveLength(1);
    const k = r.risks![0];
    expect(k).toMatchObject({ id: 'K1', name: 'vendor late', probability: 0.3, impact: { days: 5 }, tasks: ['DATA-1', 'DATA-2'] });
    expect(Math.abs(k.occurred - 0.3)).toBeLessThan(0.015);
    expect(k.p80ContributionDays).toBe(10);
    expect(k.p50ContributionDays).toBe(0);
    expect(k.meanDelayDays).toBe(10);
    expect(r.finishDays.p80).toBe(30);
    expect(r.finishDays.p50).toBe(20);
    expect(Math.abs(r.finishDays.mean - (20 + 0.3 * 10))).toBeLessThan(0.15);
    // The deterministic schedule ignores risks.
    expect(r.deterministic.finishDays).toBe(20);
    expect(r.warnings).toEqual([]);
  });

  it('samples a three-point impact once per occurrence and applies it to every hit task', () => {
    // K2 always occurs, impact Uniform(0, 4) on both chain tasks: finish = 20 + 2U, U ~ U(0, 4): mean 24, P80 = 20 + 2·3.2 = 26.4.
    // Sampling error of the mean: sd 2·4/sqrt(12) = 2.31, /sqrt(20000) = 0.016; of the P80 about 0.03; tolerance 0.08.
    const cp = compiled({ ...CHAIN, risks: [{ id: 'K2', probability: 1, impact: { optimistic: 0, mostLikely: 2, pessimistic: 4, distribution: 'uniform' }, appliesTo: { idPrefix: 'DATA-' } }] });
    const r = forecast(cp, { iterations: 20_000, seed: '5' });
    expect(Math.abs(r.finishDays.mean - 24)).toBeLessThan(0.08);
    expect(Math.abs(r.finishDays.p80 - 26.4)).toBeLessThan(0.08);
    // Always occurred: no iteration without it, so its contributions are undetermined.
    expect(r.risks![0]).toMatchObject({ occurred: 1, p80ContributionDays: null, p50ContributionDays: null, meanDelayDays: null });
  });

  it('orders risks by P80 contribution and warns about a risk that hits nothing', () => {
    const cp = compiled({
      ...CHAIN,
      risks: [
        { id: 'SMALL', probability: 0.3, impact: { days: 1 }, appliesTo: { ids: ['OTHER'] } },
        { id: 'NONE', probability: 0.5, impact: { days: 9 }, appliesTo: { labels: ['nothing'] } },
        { id: 'BIG', probability: 0.3, impact: { days: 5 }, appliesTo: { idPrefix: 'DATA-' } },
      ],
    });
    const r = forecast(cp, { iterations: 4000, seed: '1' });
    expect(r.risks!.map((k) => k.id)).toEqual(['BIG', 'SMALL', 'NONE']);
    expect(r.risks![2]).toMatchObject({ tasks: [], p80ContributionDays: 0, meanDelayDays: expect.any(Number) });
    expect(r.warnings).toEqual(['risk NONE hits no task that is not done; it changes nothing']);
  });

  it('keeps the occurrence masks whole in batch results: any split of batches merges to the same report', () => {
    const cp = compiled({ ...CHAIN, risks: Array.from({ length: 40 }, (_, k) => ({ id: `K${k}`, probability: 0.02 * (k + 1) % 1, impact: { days: k % 7 }, appliesTo: { ids: [k % 2 ? 'DATA-1' : 'OTHER'] } })) });
    const whole = forecast(cp, { iterations: 2500, seed: '9', batchSize: 300 });
    const spec = { seed: '9', batchSize: 300, iterations: 2500 };
    const parts = [[8, 1], [0, 3, 5], [2, 4, 6, 7]].map((batchIndexes) => runBatches(cp, { ...spec, batchIndexes }));
    // 40 risks: two mask words per iteration.
    expect(parts[0].batches[0].risks).toHaveLength(2 * 300);
    const viaJson = parts.map((p) => JSON.parse(JSON.stringify(p)));
    const state = mergeBatches(cp, viaJson.reverse());
    const merged = buildForecastReport(cp, state, simulationFor(cp, '9'), { iterations: 2500, seed: '9', batchSize: 300, workers: 1 });
    expect(JSON.stringify(merged)).toBe(JSON.stringify(whole));
    expect(whole.risks).toHaveLength(40);
  });

  it('rejects batch results with malformed or missing masks', () => {
    const cp = compiled(CHAIN);
    const spec = { seed: '1', batchSize: 100, iterations: 200 };
    const a = runBatches(cp, { ...spec, batchIndexes: [0] }), b = runBatches(cp, { ...spec, batchIndexes: [1] });
    const bad = { ...b, batches: b.batches.map((x) => ({ index: x.index, finish: x.finish })) };
    expect(() => mergeBatches(cp, [a, bad])).toThrow(expect.objectContaining({ code: 'batch-mismatch' }));
    const odd = { ...b, batches: b.batches.map((x) => ({ ...x, risks: x.risks!.slice(1) })) };
    expect(() => mergeBatches(cp, [a, odd])).toThrow(expect.objectContaining({ code: 'batch-mismatch' }));
    // A result of the plan without risks has no masks: the report cannot split the iterations.
    const state = mergeBatches(cp, [a, b]);
    state.riskMasks!.delete(1);
    expect(() => buildForecastReport(cp, state, simulationFor(cp, '1'), { iterations: 200, seed: '1', batchSize: 100 })).toThrow(expect.objectContaining({ code: 'missing-batch' }));
  });

  it('works with the resource-aware pass', () => {
    // One GPU pool of 1: A and B (5 days each, both need it) run one after the other: 10 days; K1 adds 3 to A in ~half.
    const cp = compiled({
      resources: [{ id: 'gpu', capacity: 1 }],
      tasks: [{ id: 'A', duration: 5, demand: { gpu: 1 } }, { id: 'B', duration: 5, demand: { gpu: 1 } }],
      risks: [{ id: 'K1', probability: 0.5, impact: { days: 3 }, appliesTo: { ids: ['A'] } }],
    });
    const { schedule, resources } = forecastSetup(cp, '1');
    const r = forecast(cp, { iterations: 2000, seed: '1', schedule, resources });
    expect(r.resources).toHaveLength(1);
    // Serial either way: the finish is 10 or 13, never the precedence-only 5 or 8.
    expect(new Set(r.histogram.counts.map((c, k) => (c ? r.histogram.start + k * r.histogram.width : -1)).filter((x) => x >= 0))).toEqual(new Set([10, 13]));
    expect(r.risks![0]).toMatchObject({ p80ContributionDays: 3, meanDelayDays: 3 });
    // Batches split over "workers" (each with its own resource pass, as a worker builds it) merge to the same bytes.
    const spec = { seed: '1', batchSize: 500, iterations: 2000 };
    const parts = [[3, 0], [1, 2]].map((batchIndexes) => runBatches(cp, { ...spec, batchIndexes, resources: forecastSetup(cp, '1').resources }));
    const merged = buildForecastReport(cp, mergeBatches(cp, parts), simulationFor(cp, '1', { resources }), { iterations: 2000, seed: '1', batchSize: 500, schedule, resources, workers: 1 });
    expect(JSON.stringify(merged)).toBe(JSON.stringify(forecast(cp, { iterations: 2000, seed: '1', batchSize: 500, schedule, resources })));
  });

  it('leaves plans without risks, correlations or rework byte-identical (fused kernel and resource pass)', () => {
    // Expected reports were produced by the engine before risk simulation existed (session 10, commit 24e415c),
    // seed '7', 2000 iterations in batches of 500; regenerated once in session 11 for the refined PERT
    // tables (near-tail tables, 16-bit values; P80 moved by 1e-5 days), and in session 14 for the pilot in four
    // parts on their own streams (per-task histogram ranges, hence per-task percentiles within a bin and
    // sensitivities by <= 0.001, moved; the project finish did not). Regenerate only for an intended change of the sampling.
    for (const name of ['plain-plan', 'pooled-plan']) {
      const dir = join(__dirname, 'fixtures');
      const parsed = parsePlan(readFileSync(join(dir, `${name}.json`), 'utf8'));
      if (!parsed.ok) throw new Error(name);
      const cp = compilePlan(parsed.plan);
      const { schedule, resources } = forecastSetup(cp, '7');
      const r = forecast(cp, { iterations: 2000, seed: '7', batchSize: 500, schedule, resources });
      expect(JSON.stringify(r) + '\n').toBe(readFileSync(join(dir, `${name}.expected.json`), 'utf8'));
      expect(simulationFor(cp, '7', { resources }).risk).toBeNull();
    }
  });

  it('restores fixed durations every iteration (an impact never accumulates)', () => {
    const cp = compiled({ tasks: [{ id: 'A', duration: 10 }], risks: [{ id: 'K', probability: 0.5, impact: { days: 1 }, appliesTo: { ids: ['A'] } }] });
    const r = runBatches(cp, { seed: '2', batchSize: 1000, iterations: 1000, batchIndexes: [0] });
    expect(new Set(r.batches[0].finish)).toEqual(new Set([10, 11]));
    expect(Math.abs(mean(r.batches[0].finish) - 10.5)).toBeLessThan(0.06);
  });
});
