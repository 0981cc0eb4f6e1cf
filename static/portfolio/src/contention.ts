/**
 * Shared pool contention across projects: each project's levelled schedule uses a
 * pool (same pool id) on its own working days; mapped onto calendar dates and
 * summed, the total demand shows where projects together overbook a shared pool
 * (e.g. two programs each planning on the whole H100 cluster in March).
 *
 * Method: per project, working-day index i -> date through the project's own
 * calendar; demand is summed per date; the capacity on a date is the smallest
 * any project reports for that pool (they describe the same pool, the tightest
 * view wins). A project that reports a pool but never uses it does not share it.
 * Cost: O(total pool-days).
 */
import type { ProjectForecast } from '../../../src/resolvers/contract';
import { calendarOf, type ForecastExtras } from '../../forecast-page/src/model';

export interface PoolContention {
  id: string;
  name: string;
  projects: string[];
  /** Highest total demand on any date, and the first date it happens. */
  peakDemand: number;
  peakDate: string;
  capacityAtPeak: number;
  /** Dates on which the projects together need more than the capacity. */
  overbookedDays: number;
  firstOverbooked?: string;
}

export function poolContention(projects: readonly ProjectForecast[]): PoolContention[] {
  const pools = new Map<string, { name: string; projects: Set<string>; demand: Map<string, number>; capacity: Map<string, number> }>();
  for (const pf of projects) {
    const usage = pf.schedule.resourceUsage ?? [];
    if (!usage.length) continue;
    const cal = calendarOf(pf as ForecastExtras);
    for (const u of usage) {
      let pool = pools.get(u.id);
      if (!pool) pools.set(u.id, (pool = { name: u.name ?? u.id, projects: new Set(), demand: new Map(), capacity: new Map() }));
      // Every project reports every configured pool (its capacity counts); only those using it share it.
      if (u.usage.some((x) => x > 0)) pool.projects.add(pf.projectKey);
      const n = Math.max(u.usage.length, u.capacity.length);
      for (let i = 0; i < n; i++) {
        const date = cal.dateOfIndex(i);
        pool.demand.set(date, (pool.demand.get(date) ?? 0) + (u.usage[i] ?? 0));
        const c = u.capacity[Math.min(i, u.capacity.length - 1)] ?? 0;
        pool.capacity.set(date, Math.min(pool.capacity.get(date) ?? Infinity, c));
      }
    }
  }
  const out: PoolContention[] = [];
  for (const [id, p] of pools) {
    if (p.projects.size === 0) continue;
    const dates = [...p.demand.keys()].sort();
    let peakDemand = -1, peakDate = '', capacityAtPeak = 0, overbookedDays = 0;
    let firstOverbooked: string | undefined;
    for (const d of dates) {
      const v = p.demand.get(d)!;
      const c = p.capacity.get(d)!;
      if (v > peakDemand) { peakDemand = v; peakDate = d; capacityAtPeak = c; }
      if (v > c + 1e-9) { overbookedDays++; firstOverbooked ??= d; }
    }
    out.push({ id, name: p.name, projects: [...p.projects].sort(), peakDemand: Math.max(0, peakDemand), peakDate, capacityAtPeak, overbookedDays, firstOverbooked });
  }
  return out.sort((a, b) => b.overbookedDays - a.overbookedDays || b.projects.length - a.projects.length || a.id.localeCompare(b.id));
}
