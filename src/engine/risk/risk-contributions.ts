/**
 * Each risk event's contribution to the forecast, from one Monte Carlo run.
 *
 * Method: a risk occurs independently of everything else in an iteration
 * (risk-events.ts), so the iterations in which it did NOT occur are a random sample
 * of the plan without that risk (all other risks and estimates as they are).
 * Its contribution to a percentile is that percentile over all iterations minus the
 * same percentile over those iterations:
 *   p80ContributionDays = P80(all) - P80(iterations without r),
 * an unbiased one-run estimate that needs no second simulation (its sampling error
 * is that of a percentile of (1 - occurred)·N iterations). meanDelayDays is the
 * mean finish of the iterations where r occurred minus the mean of those where it
 * did not: how much later the plan finishes, on average, when it happens.
 * Undetermined values (a risk that occurred in every iteration, or in none for
 * meanDelayDays) are null. Percentiles are type 7 (percentiles.ts), as the report's.
 * Cost: O(R · N log N) for R risks and N iterations.
 * Reference: D. T. Hulett (2009), "Practical Schedule Risk Analysis", ch. 9
 * (prioritising risks by their effect on the P80).
 */
import type { CompiledPlan } from '../compile-plan';
import type { RiskForecast } from '../reports';
import { quantileSorted } from '../percentiles';
import { riskOccurred, type RiskEvents } from './risk-events';

const round6 = (x: number) => Math.round(x * 1e6) / 1e6 + 0;

/**
 * The report's `risks`: `finish` holds every iteration's project finish and `masks`
 * its occurrence bits (`ev.words` per iteration), both in batch order. Ordered by
 * P80 contribution, then P50 contribution, then file order.
 */
export function riskContributions(cp: CompiledPlan, ev: RiskEvents, finish: Float64Array, masks: Uint32Array): RiskForecast[] {
  const N = finish.length;
  const sorted = finish.slice().sort();
  const all80 = quantileSorted(sorted, 0.8), all50 = quantileSorted(sorted, 0.5);
  let total = 0;
  for (let k = 0; k < N; k++) total += finish[k];
  const without = new Float64Array(N);
  const out = cp.plan.risks!.map((risk, r): RiskForecast => {
    let m = 0, sumWithout = 0;
    for (let k = 0; k < N; k++) {
      if (!riskOccurred(masks, ev.words, k, r)) {
        without[m++] = finish[k];
        sumWithout += finish[k];
      }
    }
    const occurred = N - m;
    const rest = without.subarray(0, m).sort();
    const tasks: string[] = [];
    for (let e = ev.hitStart[r]; e < ev.hitStart[r + 1]; e++) tasks.push(cp.ids[ev.hits[e]]);
    return {
      id: risk.id,
      ...(risk.name !== undefined ? { name: risk.name } : {}),
      probability: risk.probability,
      impact: risk.impact,
      occurred: round6(occurred / N),
      tasks,
      p80ContributionDays: m ? round6(all80 - quantileSorted(rest, 0.8)) : null,
      p50ContributionDays: m ? round6(all50 - quantileSorted(rest, 0.5)) : null,
      meanDelayDays: m && occurred ? round6((total - sumWithout) / occurred - sumWithout / m) : null,
    };
  });
  const key = (x: number | null) => (x === null ? -Infinity : x);
  return out
    .map((x, k) => ({ x, k }))
    .sort((a, b) => key(b.x.p80ContributionDays) - key(a.x.p80ContributionDays) || key(b.x.p50ContributionDays) - key(a.x.p50ContributionDays) || a.k - b.k)
    .map(({ x }) => x);
}
