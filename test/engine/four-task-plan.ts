/**
 * A small compiled plan with every kind of variation the Monte Carlo merges: PERT,
 * lognormal with retries, triangular with a due date, and a fixed task held by
 * notBefore. Shared by the batch-merging tests (merge-batches, forecast-workers).
 */
import { validatePlan } from '../../src/engine/validate-plan';
import { compilePlan, type CompiledPlan } from '../../src/engine/compile-plan';

export function fourTaskPlan(): CompiledPlan {
  const r = validatePlan({
    start: '2027-01-04',
    due: '2027-02-01',
    tasks: [
      { id: 'A', duration: { optimistic: 2, mostLikely: 4, pessimistic: 14 } },
      { id: 'B', duration: { optimistic: 1, mostLikely: 2, pessimistic: 9, distribution: 'lognormal' }, attempts: { successProbability: 0.6, maxAttempts: 3 } },
      { id: 'C', duration: { optimistic: 1, mostLikely: 3, pessimistic: 5, distribution: 'triangular' }, after: ['A', 'B'], due: '2027-01-20' },
      { id: 'D', duration: 2, after: ['C'], notBefore: '2027-01-12' },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return compilePlan(r.plan);
}
