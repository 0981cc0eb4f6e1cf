/**
 * Merges several initiatives' plans into one portfolio plan whose pools are shared:
 * the same pool id is the same pool (GPU cluster, team), so the portfolio is
 * scheduled under the shared limits.
 *
 * Method: pools are merged by id and must agree (capacity and availability windows:
 * two initiatives cannot disagree on the size of one cluster; the error names both);
 * calendars must be the same; the portfolio starts at the earliest start and an
 * initiative that starts later gets its start as every task's `notBefore`. Each task
 * carries its initiative and rank in meta (INITIATIVE_META, INITIATIVE_RANK_META),
 * which the resource order (scenarios/activity-order.ts) and set-priority scenarios
 * read. Finish windows are kept, restricted to their own initiative's tasks (by id).
 * Gate rules are kept (their cadence is when a review board sits, gates/allowed-finish.ts;
 * their rework feeds the Monte Carlo): rules with the same id and the same content are
 * one rule whose guards list every initiative's matching tasks (by id); a rule whose id
 * another initiative already uses with other content gets the id `KEY/ID`. A gate's board
 * is found by gate kind, so two different cadences for one kind leave the higher-priority
 * initiative's in force, with a note. Retraining and defaults are assumed expanded
 * already (expand-plan.ts) and dropped; risks and correlations are dropped with a note.
 * Priority: smaller `priority` first, ties (and missing values) in input order.
 * Cost: O(V + E + pools x initiatives).
 */
import type { GateRule, Plan, Resource, Task } from '../plan';
import { matchesTask } from '../gates/allowed-finish';
import { dayNumber, isoFromDayNumber } from '../working-calendar';
import { INITIATIVE_META, INITIATIVE_RANK_META, PortfolioError, type Initiative, type MergedPortfolio, type MergePortfolioOptions } from './portfolio';

const sameCalendar = (a: Plan['calendar'], b: Plan['calendar']) =>
  JSON.stringify([...a.workdays].sort()) === JSON.stringify([...b.workdays].sort()) &&
  JSON.stringify([...a.holidays].sort()) === JSON.stringify([...b.holidays].sort());

const capacityKey = (r: Resource) => JSON.stringify([r.capacity, r.availability ?? []]);

export function mergePortfolio(initiatives: Initiative[], opts: MergePortfolioOptions = {}): MergedPortfolio {
  if (!Array.isArray(initiatives) || initiatives.length === 0) throw new PortfolioError('invalid-portfolio', 'a portfolio needs at least one initiative');
  const keys = new Set<string>();
  initiatives.forEach((x, k) => {
    if (!x || typeof x.key !== 'string' || x.key === '') throw new PortfolioError('invalid-portfolio', `initiative ${k} needs a non-empty "key"`);
    if (!x.plan || !Array.isArray(x.plan.tasks)) throw new PortfolioError('invalid-portfolio', `initiative ${x.key} needs a plan`, [x.key]);
    if (x.priority !== undefined && !Number.isFinite(x.priority)) throw new PortfolioError('invalid-portfolio', `initiative ${x.key} priority must be a number`, [x.key]);
    if (keys.has(x.key)) throw new PortfolioError('duplicate-initiative', `initiative ${x.key} is listed twice`, [x.key]);
    keys.add(x.key);
  });
  const ranked = initiatives.map((x, k) => ({ x, k })).sort((a, b) => (a.x.priority ?? a.k) - (b.x.priority ?? b.k) || a.k - b.k);
  const rankOf = new Map(ranked.map(({ x }, r) => [x.key, r] as const));

  const first = initiatives[0];
  for (const x of initiatives) {
    if (!sameCalendar(x.plan.calendar, first.plan.calendar)) {
      throw new PortfolioError('calendar-mismatch', `initiatives ${first.key} and ${x.key} use different working calendars; a shared pool needs one calendar`, [first.key, x.key]);
    }
  }
  const startDay = Math.min(...initiatives.map((x) => dayNumber(x.plan.start)));
  const start = isoFromDayNumber(startDay);

  const pools = new Map<string, { res: Resource; owner: string; users: Set<string> }>();
  for (const x of initiatives) {
    for (const r of x.plan.resources) {
      const seen = pools.get(r.id);
      if (!seen) pools.set(r.id, { res: structuredClone(r), owner: x.key, users: new Set() });
      else if (capacityKey(seen.res) !== capacityKey(r)) {
        throw new PortfolioError('capacity-mismatch',
          `pool ${r.id} has capacity ${seen.res.capacity}${seen.res.availability?.length ? ' with availability windows' : ''} in ${seen.owner} but ${r.capacity}${r.availability?.length ? ' with availability windows' : ''} in ${x.key}`,
          [seen.owner, x.key], undefined, r.id);
      }
    }
  }

  const idOf = (key: string, id: string) => (opts.prefixIds ? `${key}/${id}` : id);
  const owner = new Map<string, string>();
  const tasks: Task[] = [];
  const initiativeOf: Record<string, string> = {};
  const notes: string[] = [];
  const windows: NonNullable<Plan['windows']> = [];
  const rules = new Map<string, { rule: GateRule; source: string; body: string; owner: string }>();
  let horizon: string | undefined;
  const summary: MergedPortfolio['initiatives'] = [];
  for (const { x } of ranked) {
    const rank = rankOf.get(x.key)!;
    const later = dayNumber(x.plan.start) > startDay ? x.plan.start : undefined;
    const used = new Set<string>();
    for (const t of x.plan.tasks) {
      const id = idOf(x.key, t.id);
      const clash = owner.get(id);
      if (clash !== undefined) {
        throw new PortfolioError('duplicate-task', `task ${id} is in both ${clash} and ${x.key} (merge with prefixed ids, or rename)`, [clash, x.key], id);
      }
      owner.set(id, x.key);
      const copy: Task = structuredClone(t);
      copy.id = id;
      copy.after = t.after.map((p) => idOf(x.key, p));
      if (later && (!copy.notBefore || copy.notBefore < later)) copy.notBefore = later;
      copy.meta = { ...(copy.meta ?? {}), [INITIATIVE_META]: x.key, [INITIATIVE_RANK_META]: rank };
      for (const [pool, q] of Object.entries(t.demand)) if (q > 0) { used.add(pool); pools.get(pool)?.users.add(x.key); }
      tasks.push(copy);
      initiativeOf[id] = x.key;
    }
    for (const w of x.plan.windows ?? []) {
      const ids = x.plan.tasks.filter((t) => matchesTask(w.appliesTo, t)).map((t) => idOf(x.key, t.id));
      if (ids.length) windows.push({ ...structuredClone(w), id: `${x.key}/${w.id}`, appliesTo: { ids } });
    }
    for (const r of x.plan.gateRules ?? []) {
      const ids = x.plan.tasks.filter((t) => matchesTask(r.guards, t)).map((t) => idOf(x.key, t.id));
      const { id: _id, guards: _guards, ...rest } = r;
      const body = JSON.stringify(rest);
      // The same rule (id and content) as an earlier initiative's, whichever id it got there.
      const same = [...rules.values()].find((o) => o.source === r.id && o.body === body);
      if (same) { same.rule.guards.ids = [...new Set([...(same.rule.guards.ids ?? []), ...ids])]; continue; }
      const id = rules.has(r.id) ? `${x.key}/${r.id}` : r.id;
      const kindTaken = [...rules.values()].find((o) => o.rule.gate === r.gate && o.rule.cadence && r.cadence && JSON.stringify(o.rule.cadence) !== JSON.stringify(r.cadence));
      if (kindTaken) notes.push(`${x.key}: its ${r.gate} board (gate rule ${r.id}) sits on other days than ${kindTaken.owner}'s; the portfolio uses ${kindTaken.owner}'s (higher priority)`);
      rules.set(id, { rule: { ...structuredClone(r), id, guards: { ids } }, source: r.id, body, owner: x.key });
    }
    if (x.plan.horizon && (!horizon || x.plan.horizon > horizon)) horizon = x.plan.horizon;
    if (x.plan.risks?.length || x.plan.correlations?.length) notes.push(`${x.key}: risks and correlations are not carried into the portfolio`);
    summary.push({
      key: x.key, ...(x.name !== undefined ? { name: x.name } : x.plan.name !== undefined ? { name: x.plan.name } : {}),
      rank, tasks: x.plan.tasks.length, start: x.plan.start, ...(x.plan.due ? { due: x.plan.due } : {}), pools: [...used].sort(),
    });
  }
  // Cross-initiative predecessors must exist after the merge.
  for (const t of tasks) {
    for (const p of t.after) {
      if (!owner.has(p)) throw new PortfolioError('invalid-portfolio', `task ${t.id} of ${initiativeOf[t.id]} is after ${p}, which no initiative has`, [initiativeOf[t.id]], t.id);
    }
  }
  const plan: Plan = {
    name: `Portfolio: ${summary.map((s) => s.name ?? s.key).join(', ')}`,
    start,
    calendar: structuredClone(first.plan.calendar),
    resources: [...pools.values()].map((p) => p.res),
    tasks,
    ...(windows.length ? { windows } : {}),
    ...(rules.size ? { gateRules: [...rules.values()].map((r) => r.rule) } : {}),
    ...(horizon ? { horizon } : {}),
  };
  const sharedPools = [...pools.values()].filter((p) => p.users.size > 1).map((p) => p.res.id);
  return { plan, initiativeOf, initiatives: summary, sharedPools, notes };
}
