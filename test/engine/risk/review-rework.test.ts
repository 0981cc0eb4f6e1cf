import { forecast } from '../../../src/engine/forecast';
import { runBatches, simulationFor } from '../../../src/engine/monte-carlo';
import { expectedRounds, MAX_ROUNDS } from '../../../src/engine/risk/review-rework';
import { compiled, issues, mean } from './helpers';

const rule = (rework: { probability: number; share: number }, extra: Record<string, unknown> = {}) => ({
  id: 'BIAS', gate: 'bias-audit', guards: { ids: ['SHIP'] }, rework, ...extra,
});
const finishes = (cp: ReturnType<typeof compiled>, iterations: number, seed = '1') =>
  runBatches(cp, { seed, batchSize: iterations, iterations, batchIndexes: [0] }).batches[0].finish;

describe('review rework: validation', () => {
  it('rejects a probability or share outside [0, 1]', () => {
    expect(issues({ gateRules: [{ id: 'R', gate: 'bias-audit', guards: { ids: ['A'] }, rework: { probability: 2, share: 0.5 } }] }))
      .toEqual([{ code: 'invalid-rule', field: 'gateRules[0].rework.probability' }]);
    expect(issues({ gateRules: [{ id: 'R', gate: 'bias-audit', guards: { ids: ['A'] }, rework: { probability: 0.2, share: -1 } }] }))
      .toEqual([{ code: 'invalid-rule', field: 'gateRules[0].rework.share' }]);
    expect(issues({ gateRules: [{ id: 'R', gate: 'bias-audit', guards: { ids: ['A'] }, rework: 0.2 }] }))
      .toEqual([{ code: 'invalid-rule', field: 'gateRules[0].rework' }]);
  });
});

describe('review rework in the Monte Carlo', () => {
  const plan = (rework: { probability: number; share: number }, trainStatus = 'todo') => compiled({
    tasks: [
      { id: 'TRAIN', duration: 10, status: trainStatus },
      { id: 'AUDIT', duration: 2, after: ['TRAIN'], gate: { kind: 'bias-audit' } },
      { id: 'SHIP', duration: 1, after: ['AUDIT'] },
    ],
    gateRules: [rule(rework)],
  });

  it('repeats share of the reviewed work and the review, K ~ capped geometric rounds: mean by hand', () => {
    // The audit reviews TRAIN (its predecessor). Per round: 0.5·10 + 2 = 7 days. E[K] = Σ_{k=1..5} 0.3^k = 0.42753,
    // so E[finish] = 13 + 7·0.42753 = 15.99271. sd(K) = 0.775, so sd(finish) = 5.43 and the mean's SE at 20,000
    // iterations is 0.038: tolerance 0.15. P(no round) = 0.7 (SE 0.0032, tolerance 0.015).
    expect(expectedRounds(0.3)).toBeCloseTo(0.42753, 10);
    const f = finishes(plan({ probability: 0.3, share: 0.5 }), 20_000, '11');
    expect(Math.abs(mean(f) - (13 + 7 * expectedRounds(0.3)))).toBeLessThan(0.15);
    expect(Math.abs(f.filter((x) => x === 13).length / f.length - 0.7)).toBeLessThan(0.015);
    // Only whole rounds: 13 + 7k, k <= MAX_ROUNDS.
    expect(new Set(f.map((x) => (x - 13) / 7)).size).toBeLessThanOrEqual(MAX_ROUNDS + 1);
    expect(f.every((x) => Number.isInteger((x - 13) / 7) && x <= 13 + 7 * MAX_ROUNDS)).toBe(true);
  });

  it('stops at MAX_ROUNDS when every review fails, and a done predecessor repeats share of its mostLikely', () => {
    expect(new Set(finishes(plan({ probability: 1, share: 0.5 }), 50))).toEqual(new Set([13 + 7 * MAX_ROUNDS]));
    // TRAIN done: it takes 0 now but 0.5·10 of it repeats per round: 2 + 5·(5 + 2) + 1 = 38.
    expect(new Set(finishes(plan({ probability: 1, share: 0.5 }, 'done'), 50))).toEqual(new Set([38]));
  });

  it('a finish rule\'s placeholder gate reviews the guarded task; several reviewed tasks count the longest', () => {
    // 'finish' rule: the placeholder (1 day) follows TRAIN and precedes its successor; p = 1, share 0.25:
    // 4 + 1 + 5·(0.25·4 + 1) + 2 (SHIP) = 17.
    const fin = compiled({
      tasks: [{ id: 'TRAIN', duration: 4, kind: 'training' }, { id: 'SHIP', duration: 2, after: ['TRAIN'] }],
      gateRules: [{ id: 'SEC', gate: 'security-review', guards: { kinds: ['training'] }, when: 'finish', duration: 1, rework: { probability: 1, share: 0.25 } }],
    });
    expect(fin.ids).toContain('GATE-SEC-TRAIN');
    expect(new Set(finishes(fin, 20))).toEqual(new Set([17]));
    // Two reviewed tasks (10 and 6 days): the longest repeats. p = 1, share 0.5: 10 + 2 + 5·(5 + 2) + 1 = 48.
    const two = compiled({
      tasks: [
        { id: 'TRAIN', duration: 10 }, { id: 'EVAL', duration: 6 },
        { id: 'AUDIT', duration: 2, after: ['TRAIN', 'EVAL'], gate: { kind: 'bias-audit' } },
        { id: 'SHIP', duration: 1, after: ['AUDIT'] },
      ],
      gateRules: [rule({ probability: 1, share: 0.5 })],
    });
    expect(new Set(finishes(two, 20))).toEqual(new Set([48]));
  });

  it('changes nothing, and keeps the fused kernel, when no gate of the rule\'s kind is left to review', () => {
    const none = compiled({
      tasks: [{ id: 'TRAIN', duration: { optimistic: 1, mostLikely: 2, pessimistic: 4 } }, { id: 'AUDIT', duration: 2, status: 'done', after: ['TRAIN'], gate: { kind: 'bias-audit' } }],
      gateRules: [{ id: 'BIAS', gate: 'bias-audit', guards: { ids: ['TRAIN'] }, when: 'finish', rework: { probability: 0.5, share: 0.5 } }],
    });
    expect(simulationFor(none, '1').risk).toBeNull();
    const r = forecast(none, { iterations: 200, seed: '1' });
    expect(r.warnings.join('\n')).not.toMatch(/not yet simulated/);
  });
});
