/**
 * The Monte Carlo engine on tiny plans whose answers are known in closed form.
 * Fixed seeds; tolerances are stated per check (a few standard errors of the
 * seeded estimate, or exact where the model is deterministic).
 */
import { validatePlan } from '../../src/engine/validate-plan';
import { compilePlan, type CompiledPlan } from '../../src/engine/compile-plan';
import { forecast } from '../../src/engine/forecast';
import { MonteCarloError, precedenceForwardPass, runBatch, Simulation, type ForwardPass } from '../../src/engine/monte-carlo';
import { aleaStreams } from '../../src/engine/random/seeded-streams';
import { quantileSorted } from '../../src/engine/percentiles';

function plan(tasks: unknown[], extra: Record<string, unknown> = {}): CompiledPlan {
  const r = validatePlan({ start: '2027-01-04', tasks, ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return compilePlan(r.plan);
}
const uniform = (a: number, b: number) => ({ optimistic: a, mostLikely: (a + b) / 2, pessimistic: b, distribution: 'uniform' });

describe('Monte Carlo', () => {
  it('rejects invalid runs with stable codes', () => {
    const cp = plan([{ id: 'A', duration: 2 }]);
    expect(() => forecast(cp, { iterations: 0 })).toThrow(MonteCarloError);
    try { forecast(cp, { iterations: 1.5 }); } catch (e) { expect((e as MonteCarloError).code).toBe('invalid-iterations'); }
    try { runBatch(cp, { seed: '1', batchIndex: 3, batchSize: 10, iterations: 25 }); } catch (e) { expect((e as MonteCarloError).code).toBe('invalid-batch'); }
    expect(() => runBatch(cp, { seed: '1', batchIndex: 3, batchSize: 10, iterations: 25 })).toThrow(MonteCarloError);
  });

  it('one uniform task: P50 ~ (a+b)/2, P10 ~ a + 0.1(b-a), mean (a+b)/2', () => {
    const r = forecast(plan([{ id: 'A', duration: uniform(2, 6) }]), { iterations: 20_000, seed: '7' });
    // Standard error of a uniform sample quantile: (b-a)·sqrt(p(1-p)/N) <= 0.014; tolerance 0.06.
    expect(r.finishDays.p50).toBeCloseTo(4, 1);
    expect(Math.abs(r.finishDays.p10 - 2.4)).toBeLessThan(0.06);
    expect(Math.abs(r.finishDays.mean - 4)).toBeLessThan(0.06);
    expect(r.criticality.A).toBe(1);
  });

  it('a series of tasks: mean = sum of means', () => {
    const cp = plan([
      { id: 'A', duration: { optimistic: 2, mostLikely: 4, pessimistic: 14 } },
      { id: 'B', duration: uniform(1, 3), after: ['A'] },
      { id: 'C', duration: { optimistic: 1, mostLikely: 2, pessimistic: 9, distribution: 'triangular' }, after: ['B'] },
    ]);
    const r = forecast(cp, { iterations: 20_000, seed: '3' });
    const mean = 32 / 6 + 2 + 4; // PERT (2+4·4+14)/6, uniform 2, triangular (1+2+9)/3
    // sd of the sum ~ 2.7; 5 standard errors at N = 20,000 ~ 0.1.
    expect(Math.abs(r.finishDays.mean - mean)).toBeLessThan(0.1);
    for (const id of ['A', 'B', 'C']) expect(r.criticality[id]).toBe(1);
  });

  it('two parallel tasks: the finish is their max', () => {
    const r = forecast(plan([{ id: 'A', duration: uniform(0, 1) }, { id: 'B', duration: uniform(0, 1) }]), { iterations: 20_000, seed: '5' });
    // max of two U(0,1): mean 2/3, median sqrt(1/2); 5 standard errors ~ 0.009.
    expect(Math.abs(r.finishDays.mean - 2 / 3)).toBeLessThan(0.01);
    expect(Math.abs(r.finishDays.p50 - Math.SQRT1_2)).toBeLessThan(0.015);
    // Each is critical when it is the longer one: about half the time each, never both.
    expect(Math.abs(r.criticality.A - 0.5)).toBeLessThan(0.02);
    expect(r.criticality.A + r.criticality.B).toBeCloseTo(1, 9);
  });

  it('a dominant path has criticality 1, the other 0', () => {
    const r = forecast(plan([
      { id: 'S', duration: 1 },
      { id: 'LONG', duration: uniform(10, 12), after: ['S'] },
      { id: 'SHORT', duration: uniform(1, 2), after: ['S'] },
      { id: 'E', duration: 1, after: ['LONG', 'SHORT'] },
    ]), { iterations: 2000, seed: '1' });
    expect(r.criticality).toEqual({ S: 1, LONG: 1, SHORT: 0, E: 1 });
  });

  it('a zero-length milestone at the end passes criticality back to what it waits for', () => {
    const r = forecast(plan([
      { id: 'A', duration: uniform(5, 6) },
      { id: 'B', duration: uniform(1, 2) },
      { id: 'M', duration: 0, after: ['A'] },
      { id: 'DONE', duration: 3, status: 'done', after: ['B'] },
    ]), { iterations: 500, seed: '1' });
    expect(r.criticality).toEqual({ A: 1, B: 0, M: 1, DONE: 0 });
  });

  it('notBefore holds a start and stops criticality from propagating', () => {
    // Start Monday 2027-01-04; notBefore Monday 2027-01-18 = working day 10.
    const r = forecast(plan([
      { id: 'P', duration: uniform(2, 4) },
      { id: 'Q', duration: 2, after: ['P'], notBefore: '2027-01-18' },
    ]), { iterations: 2000, seed: '1' });
    expect(r.finishDays.p50).toBe(12);
    expect(r.finishDays.p95).toBe(12);
    expect(r.criticality).toEqual({ P: 0, Q: 1 });
  });

  it('finish constraints: a deploy waits for its window in every iteration, and its start binds nothing', () => {
    // Start Monday 2027-01-04, no holidays: the window 2027-02-01..05 is working days 20..24.
    // A ~ U(1, 5) then deploy D (1 day) would finish by day 6, so D finishes at the end of day 20 (= 21).
    const cp = plan([
      { id: 'A', duration: uniform(1, 5) },
      { id: 'D', kind: 'deploy', duration: 1, after: ['A'] },
    ], { windows: [{ id: 'W1', kind: 'deployment', from: '2027-02-01', to: '2027-02-05' }] });
    const r = forecast(cp, { iterations: 500, seed: '1' });
    expect(r.deterministic.finishDays).toBe(21);
    expect(r.finishDays.p10).toBe(21);
    expect(r.finishDays.p95).toBe(21);
    expect(r.criticality).toEqual({ A: 0, D: 1 });
    const d = r.tasks.find((t) => t.id === 'D')!;
    // Half a bin (both are rounded to 1e-6 in the report).
    expect(Math.abs(d.finishDays.p90 - 21)).toBeLessThanOrEqual(d.binWidth! / 2 + 1e-6);
  });

  it('attempts: finish of K x 3 days, K truncated geometric', () => {
    const r = forecast(plan([{ id: 'T', duration: 3, attempts: { successProbability: 0.5, maxAttempts: 3 } }]), { iterations: 20_000, seed: '2' });
    // K = 1, 2, 3 with probabilities 1/2, 1/4, 1/4: mean 3 x 1.75 = 5.25 (sd 2.5, 5 SE ~ 0.09).
    expect(Math.abs(r.finishDays.mean - 5.25)).toBeLessThan(0.09);
    expect(r.finishDays.p10).toBe(3);
    expect(r.finishDays.p95).toBe(9);
  });

  it('done tasks take 0 days (their successors start at day 0)', () => {
    const r = forecast(plan([
      { id: 'D', duration: 5, status: 'done' },
      { id: 'T', duration: 2, after: ['D'] },
    ]), { iterations: 100, seed: '1' });
    expect(r.finishDays).toEqual({ mean: 2, p10: 2, p50: 2, p80: 2, p90: 2, p95: 2 });
    expect(r.tasks.find((t) => t.id === 'D')!.finishDays.p95).toBe(0);
  });

  it('in-progress tasks sample their remaining estimate', () => {
    const r = forecast(plan([{ id: 'W', duration: 20, status: 'in-progress', remaining: 3 }]), { iterations: 100, seed: '1' });
    expect(r.finishDays.p50).toBe(3);
  });

  it('due probability: P(finish <= end of the due date), for the plan and per task', () => {
    // Due Friday 2027-01-08 = the end of working day 4, i.e. 5 working days; finish ~ U(0, 10).
    const r = forecast(plan([{ id: 'A', duration: uniform(0, 10), due: '2027-01-08' }], { due: '2027-01-08' }), { iterations: 20_000, seed: '9' });
    expect(r.due!.days).toBe(5);
    // Binomial standard error sqrt(0.25 / 20,000) = 0.0035; tolerance 0.015.
    expect(Math.abs(r.due!.probability - 0.5)).toBeLessThan(0.015);
    expect(r.tasks[0].dueProbability).toBe(r.due!.probability);
    const later = forecast(plan([{ id: 'A', duration: uniform(0, 10) }]), { iterations: 20_000, seed: '9', due: '2027-01-15' });
    expect(later.due!.probability).toBe(1);
  });

  it('sensitivity ranks the high-variance task first; fixed tasks have none', () => {
    const r = forecast(plan([
      { id: 'CALM', duration: uniform(9, 11) },
      { id: 'WILD', duration: uniform(0, 20), after: ['CALM'] },
      { id: 'MID', duration: uniform(3, 7), after: ['WILD'] },
      { id: 'FIX', duration: 2, after: ['MID'] },
    ]), { iterations: 20_000, seed: '4' });
    const s = Object.fromEntries(r.tasks.map((t) => [t.id, t.sensitivity]));
    // Spearman of a sum's terms with the sum: ~ sd_i / sd_total (0.96 / 0.10 / 0.19 here), ± 0.03.
    expect(Math.abs(s.WILD - 0.96)).toBeLessThan(0.03);
    expect(Math.abs(s.CALM - 0.1)).toBeLessThan(0.03);
    expect(Math.abs(s.MID - 0.19)).toBeLessThan(0.03);
    expect(s.FIX).toBe(0);
    expect(r.drivers.map((d) => d.id)).toEqual(['WILD', 'MID', 'CALM']);
    expect(r.drivers[0].cruciality).toBeCloseTo(s.WILD, 3);
  });

  it('sensitivity of a task with rework uses its rank score (mid-ranks, ties included)', () => {
    const r = forecast(plan([
      { id: 'RETRY', duration: 5, attempts: { successProbability: 0.5, maxAttempts: 4 } },
      { id: 'NOISE', duration: uniform(0, 1), after: ['RETRY'] },
    ]), { iterations: 20_000, seed: '6' });
    const s = Object.fromEntries(r.tasks.map((t) => [t.id, t.sensitivity]));
    // The finish is 5K + U(0,1): its ranks follow K almost entirely. Spearman with the
    // tie-corrected mid-ranks of K: 0.925 (simulated reference, 10^6 draws, exact ranks); ± 0.02.
    expect(Math.abs(s.RETRY - 0.925)).toBeLessThan(0.02);
    // The finish rank is P(K < k) + P(K = k)·U, so ρ(U, rank) = Σ P(K = k)² = 0.34375 exactly; ± 0.02.
    expect(Math.abs(s.NOISE - 0.34375)).toBeLessThan(0.02);
    expect(r.drivers[0].id).toBe('RETRY');
  });

  it('per-task finish percentiles are within half a bin of the exact sample percentiles', () => {
    const cp = plan([
      { id: 'A', duration: { optimistic: 2, mostLikely: 4, pessimistic: 14 } },
      { id: 'B', duration: { optimistic: 1, mostLikely: 3, pessimistic: 8, distribution: 'lognormal' } },
      { id: 'C', duration: uniform(1, 5), after: ['A', 'B'] },
    ]);
    const iterations = 3000, seed = 'pct';
    const r = forecast(cp, { iterations, seed, batchSize: 1000 });
    // Replay the same streams outside the engine's accumulators to get every task finish.
    // (The simulation runs on its internal order of the tasks; map back through sim.order.)
    const sim = new Simulation(cp, seed);
    const pass = precedenceForwardPass(sim.internalPlan);
    const ef = [new Float64Array(iterations), new Float64Array(iterations), new Float64Array(iterations)];
    const dur = new Float64Array(3), score = new Float64Array(3), es = new Float64Array(3), efi = new Float64Array(3);
    sim.sampler.fillFixed(dur);
    for (let b = 0; b < 3; b++) {
      const rng = aleaStreams(seed, `batch/${b}`);
      for (let k = 0; k < 1000; k++) {
        sim.sampler.fill(rng, dur, score);
        pass.run(dur, es, efi);
        for (let p = 0; p < 3; p++) ef[sim.order![p]][b * 1000 + k] = efi[p];
      }
    }
    for (let i = 0; i < 3; i++) {
      const sorted = ef[i].slice().sort();
      const t = r.tasks.find((x) => x.id === cp.ids[i])! as (typeof r.tasks)[number] & { binWidth: number };
      for (const [p, key] of [[0.5, 'p50'], [0.8, 'p80'], [0.95, 'p95']] as const) {
        // Half a bin, plus the spacing of neighbouring order statistics (tiny at N = 3000).
        const exact = quantileSorted(sorted, p);
        const gap = sorted[Math.ceil(p * iterations)] - sorted[Math.floor(p * iterations) - 1];
        expect(Math.abs(t.finishDays[key] - exact)).toBeLessThanOrEqual(t.binWidth / 2 + gap + 1e-6);
      }
    }
    // Project finish percentiles are exact type-7 percentiles of all finishes.
    const finish = ef[2].slice().sort();
    expect(r.finishDays.p80).toBeCloseTo(quantileSorted(finish, 0.8), 6);
  });

  it('uses a forward pass it is given (resource-aware passes plug in here)', () => {
    const cp = plan([{ id: 'A', duration: 2 }, { id: 'B', duration: 3 }]);
    const base = precedenceForwardPass(cp);
    // A toy "single machine" pass: tasks run one after another.
    const serial: ForwardPass = {
      run(dur, es, ef) { let t = 0; for (let i = 0; i < dur.length; i++) { es[i] = t; t += dur[i]; ef[i] = t; } return t; },
      markCritical(dur, es, ef, finish, crit) { crit.fill(1); void base; },
    };
    const r = forecast(cp, { iterations: 50, seed: '1', forwardPass: serial });
    expect(r.finishDays.p50).toBe(5);
    expect(r.criticality).toEqual({ A: 1, B: 1 });
    expect(forecast(cp, { iterations: 50, seed: '1' }).finishDays.p50).toBe(3);
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const cp = () => plan([
      { id: 'A', duration: { optimistic: 2, mostLikely: 4, pessimistic: 14 } },
      { id: 'B', duration: { optimistic: 1, mostLikely: 2, pessimistic: 9, distribution: 'lognormal' }, attempts: { successProbability: 0.7, maxAttempts: 3 } },
      { id: 'C', duration: uniform(1, 5), after: ['A', 'B'] },
    ]);
    const a = JSON.stringify(forecast(cp(), { iterations: 2500, seed: 'x' }));
    expect(JSON.stringify(forecast(cp(), { iterations: 2500, seed: 'x' }))).toBe(a);
    expect(JSON.stringify(forecast(cp(), { iterations: 2500, seed: 'y' }))).not.toBe(a);
  });
});
