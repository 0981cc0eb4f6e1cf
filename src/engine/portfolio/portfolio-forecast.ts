/**
 * Forecast of a portfolio under shared pools, per initiative: its finish alone (its
 * pools to itself) and in the portfolio (shared limits, priority order), and the
 * slip attributed to each shared pool.
 *
 * Method (all runs use the common random numbers of scenarios/paired-simulation.ts,
 * keyed by task id, and ONE activity list: initiative rank, then start in the
 * deterministic resource schedule of the whole portfolio; scenarios/activity-order.ts):
 * - shared: the merged plan; an initiative's finish in an iteration is the latest
 *   finish of its tasks.
 * - alone: the initiative's tasks only (the list restricted to them), every pool at
 *   full capacity for itself; with `alone: 'with-predecessors'` also the other
 *   initiatives' tasks it waits for (transitively), its finish still its own tasks'.
 * - slip = shared - alone, per percentile.
 * - attribution to pool P: the merged plan re-run with P made private (each
 *   initiative gets its own copy of P at P's full capacity; the other pools stay
 *   shared); the P80 slip removed, shared P80 - private-P P80, is the slip due to
 *   contention for P. With every pool private the run is exactly `alone`, so the
 *   attributions explain the slip; they need not add up to it when pools interact
 *   (contention on one pool shifts work onto another), which the explanation says.
 * Batches: runPortfolioBatch runs any range of iterations (all three kinds of run) as
 * plain JSON; portfolioFromBatches merges ranges in any order into the same report
 * as one run (iteration t depends only on the seed and t).
 * Cost: (2 + shared pools) runs of the whole portfolio, iterations x one SGS each,
 * plus one deterministic schedule per batch.
 */
import { compilePlan } from '../compile-plan';
import type { Plan } from '../plan';
import { quantileSorted } from '../percentiles';
import { scenarioPass } from '../scenarios/activity-order';
import { simulatePaired } from '../scenarios/paired-simulation';
import { WorkingCalendar } from '../working-calendar';
import {
  PortfolioError, type AloneMode, type FinishPercentiles, type InitiativeForecast, type MergedPortfolio, type PortfolioForecast, type PortfolioForecastOptions,
} from './portfolio';

export const DEFAULT_PORTFOLIO_ITERATIONS = 1000;
/** Slip below this (working days) is reported as none. */
const NEGLIGIBLE_DAYS = 0.5;

const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d + 0;
const days1 = (x: number) => Math.round(x * 10) / 10 + 0;

export const PORTFOLIO_BATCH_FORMAT = 'converge-portfolio-batch/1';

/**
 * The raw paired samples of iterations [from, from + count) of a portfolio run: plain
 * JSON, so batches can run in workers or Forge queue consumers and be merged in any
 * order (portfolioFromBatches). Iteration t depends only on (seed, t).
 */
export interface PortfolioBatch {
  format: typeof PORTFOLIO_BATCH_FORMAT;
  seed: string;
  from: number;
  count: number;
  /** Initiative keys by rank (the group order of `shared` and `private`). */
  keys: string[];
  /** Portfolio finish per iteration. */
  portfolio: number[];
  /** Group finishes, [t * keys.length + g]. */
  shared: number[];
  /** alone[g][t]. */
  alone: number[][];
  /** How the alone runs were made (absent in batches of the default, 'own-tasks'). */
  aloneMode?: AloneMode;
  /** Per shared pool made private: group finishes like `shared`. */
  private: Record<string, number[]>;
}

export interface PortfolioBatchOptions extends PortfolioForecastOptions {
  /** First iteration (default 0) and how many (default: iterations). */
  from?: number;
  count?: number;
}

const keysByRank = (merged: MergedPortfolio) => [...merged.initiatives].sort((a, b) => a.rank - b.rank).map((x) => x.key);

/** Runs iterations [from, from + count) of the portfolio: shared, alone, and each shared pool made private. */
export function runPortfolioBatch(merged: MergedPortfolio, opts: PortfolioBatchOptions = {}): PortfolioBatch {
  const seed = opts.seed ?? '1';
  const from = opts.from ?? 0;
  const count = opts.count ?? opts.iterations ?? DEFAULT_PORTFOLIO_ITERATIONS;
  if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(from) || from < 0) {
    throw new PortfolioError('invalid-portfolio', `a batch needs whole numbers from >= 0 and count >= 1, not ${from} and ${count}`);
  }
  const plan = merged.plan;
  const keys = keysByRank(merged);
  const groupIndex = new Map(keys.map((k, g) => [k, g] as const));
  const G = keys.length;
  const cp = compilePlan(plan);
  const groupOf = (c: ReturnType<typeof compilePlan>) => Int32Array.from(c.ids, (id) => groupIndex.get(merged.initiativeOf[id]) ?? -1);
  const { pass, list } = scenarioPass(cp, { seed, schedules: opts.schedules });
  const shared = simulatePaired(cp, pass, { iterations: count, from, seed, groupOf: groupOf(cp), groups: G });

  // Alone: each initiative on its own (the same list restricted to the tasks run).
  const mode: AloneMode = opts.alone ?? 'own-tasks';
  const alone = keys.map((key) => {
    const run = aloneTasks(merged, key, mode);
    if (!run.some((t) => merged.initiativeOf[t.id] === key)) return new Array<number>(count).fill(0);
    const ids = new Set(run.map((t) => t.id));
    const sub: Plan = { ...plan, tasks: run.map((t) => ({ ...t, after: t.after.filter((p) => ids.has(p)) })) };
    const scp = compilePlan(sub);
    const sp = scenarioPass(scp, { seed, ...(list ? { list } : {}) });
    const own = Int32Array.from(scp.ids, (id) => (merged.initiativeOf[id] === key ? 0 : -1));
    return Array.from(simulatePaired(scp, sp.pass, { iterations: count, from, seed, groupOf: own, groups: 1 }).groupFinish);
  });

  const priv: Record<string, number[]> = {};
  if (opts.attribute ?? true) {
    for (const pool of merged.sharedPools) {
      const pcp = compilePlan(privatePool(plan, pool, merged.initiativeOf));
      const sp = scenarioPass(pcp, { seed, ...(list ? { list } : {}) });
      priv[pool] = Array.from(simulatePaired(pcp, sp.pass, { iterations: count, from, seed, groupOf: groupOf(pcp), groups: G }).groupFinish);
    }
  }
  return {
    format: PORTFOLIO_BATCH_FORMAT, seed, from, count, keys, portfolio: Array.from(shared.finish), shared: Array.from(shared.groupFinish), alone, private: priv,
    ...(mode !== 'own-tasks' ? { aloneMode: mode } : {}),
  };
}

/** The tasks of `key`'s alone run, in plan order: its own, and with 'with-predecessors' every task they wait for. */
function aloneTasks(merged: MergedPortfolio, key: string, mode: AloneMode): Plan['tasks'] {
  const tasks = merged.plan.tasks;
  const keep = new Set(tasks.filter((t) => merged.initiativeOf[t.id] === key).map((t) => t.id));
  if (mode === 'with-predecessors') {
    const byId = new Map(tasks.map((t) => [t.id, t] as const));
    const stack = [...keep];
    while (stack.length) for (const p of byId.get(stack.pop()!)?.after ?? []) if (!keep.has(p)) { keep.add(p); stack.push(p); }
  }
  return tasks.filter((t) => keep.has(t.id));
}

/** Runs the whole portfolio forecast in one batch. */
export function forecastPortfolio(merged: MergedPortfolio, opts: PortfolioForecastOptions = {}): PortfolioForecast {
  const iterations = opts.iterations ?? DEFAULT_PORTFOLIO_ITERATIONS;
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw new PortfolioError('invalid-portfolio', `iterations must be a whole number >= 1, not ${iterations}`);
  return portfolioFromBatches(merged, [runPortfolioBatch(merged, { ...opts, from: 0, count: iterations })]);
}

/** The report from batches covering iterations [0, N) exactly once (any order). */
export function portfolioFromBatches(merged: MergedPortfolio, batches: PortfolioBatch[]): PortfolioForecast {
  if (!batches.length) throw new PortfolioError('invalid-portfolio', 'no batches');
  const sorted = [...batches].sort((a, b) => a.from - b.from);
  const seed = sorted[0].seed;
  const keys = keysByRank(merged);
  const G = keys.length;
  let expect = 0;
  for (const b of sorted) {
    if (b.format !== PORTFOLIO_BATCH_FORMAT || b.seed !== seed || JSON.stringify(b.keys) !== JSON.stringify(keys) || b.aloneMode !== sorted[0].aloneMode) {
      throw new PortfolioError('invalid-portfolio', 'the batches belong to different runs (seed, format or initiatives differ)');
    }
    if (b.from !== expect) throw new PortfolioError('invalid-portfolio', `iterations ${expect} to ${b.from - 1} are missing or repeated`);
    expect += b.count;
  }
  const iterations = expect;
  const cat = (pick: (b: PortfolioBatch) => number[]) => { const out = new Float64Array(sorted.reduce((n, b) => n + pick(b).length, 0)); let k = 0; for (const b of sorted) { out.set(pick(b), k); k += pick(b).length; } return out; };
  const sharedAll = cat((b) => b.shared);
  const pools = Object.keys(sorted[0].private);
  const privAll = new Map(pools.map((p) => [p, cat((b) => b.private[p])] as const));
  const plan = merged.plan;
  const cal = new WorkingCalendar(plan.start, plan.calendar);
  const warnings = [...merged.notes];
  if (!plan.tasks.some((t) => Object.values(t.demand).some((q) => q > 0))) warnings.push('no task demands a pool: initiatives do not compete, slips are 0');
  const withInputs = sorted[0].aloneMode === 'with-predecessors';
  for (const key of withInputs ? [] : keys) {
    const own = plan.tasks.filter((t) => merged.initiativeOf[t.id] === key);
    const ids = new Set(own.map((t) => t.id));
    if (own.some((t) => t.after.some((p) => !ids.has(p)))) warnings.push(`${key} waits for other initiatives' tasks; alone, those links are ignored`);
  }

  const initiatives: InitiativeForecast[] = keys.map((key, g) => {
    const info = merged.initiatives.find((x) => x.key === key)!;
    const s = column(sharedAll, g, G, iterations);
    const a = cat((b) => b.alone[g]);
    const ps = percentiles(s, cal), pa = percentiles(a, cal);
    const byPool = [...privAll.entries()]
      .filter(([pool]) => info.pools.includes(pool))
      .map(([pool, run]) => {
        const pr = percentiles(column(run, g, G, iterations), cal);
        const res = plan.resources.find((r) => r.id === pool);
        return { pool, ...(res?.name !== undefined ? { name: res.name } : {}), p80Days: round(ps.p80 - pr.p80), p50Days: round(ps.p50 - pr.p50) };
      })
      .sort((x, y) => y.p80Days - x.p80Days || (x.pool < y.pool ? -1 : 1));
    const slip = { p50: round(ps.p50 - pa.p50), p80: round(ps.p80 - pa.p80), p95: round(ps.p95 - pa.p95) };
    const out: InitiativeForecast = {
      key, ...(info.name !== undefined ? { name: info.name } : {}), rank: info.rank, alone: pa, shared: ps, slip, byPool,
      explanation: explain(info.name ?? key, slip.p80, byPool),
    };
    if (info.due) {
      const through = cal.workingDaysThrough(info.due);
      const p = (xs: Float64Array) => { let h = 0; for (const x of xs) if (x <= through + 1e-9 * Math.max(1, through)) h++; return round(h / xs.length); };
      out.due = { date: info.due, alone: p(a), shared: p(s) };
    }
    return out;
  });

  return {
    iterations, seed,
    method: `common random numbers keyed by task id; one activity list (initiative rank, then the portfolio schedule); alone = own tasks${withInputs ? ' and the other initiatives\' tasks they wait for' : ''} with every pool to itself; slip for pool P = shared P80 minus the P80 with P split into private copies`,
    portfolio: percentiles(cat((b) => b.portfolio), cal),
    initiatives,
    sharedPools: [...merged.sharedPools],
    warnings,
  };
}

/** The plan with `pool` split into one private copy per initiative (full capacity each). */
export function privatePool(plan: Plan, pool: string, initiativeOf: Record<string, string>): Plan {
  const res = plan.resources.find((r) => r.id === pool);
  if (!res) throw new PortfolioError('invalid-portfolio', `pool ${pool} is not in the portfolio`, [], undefined, pool);
  const users = [...new Set(plan.tasks.filter((t) => (t.demand[pool] ?? 0) > 0).map((t) => initiativeOf[t.id]))];
  const copies = users.map((k) => ({ ...res, id: `${pool}@${k}` }));
  return {
    ...plan,
    resources: [...plan.resources.filter((r) => r.id !== pool), ...copies],
    tasks: plan.tasks.map((t) => {
      const q = t.demand[pool];
      if (!(q > 0)) return t;
      const demand = { ...t.demand };
      delete demand[pool];
      demand[`${pool}@${initiativeOf[t.id]}`] = q;
      return { ...t, demand };
    }),
  };
}

function column(m: Float64Array, g: number, G: number, iterations: number): Float64Array {
  const out = new Float64Array(iterations);
  for (let t = 0; t < iterations; t++) out[t] = m[t * G + g];
  return out;
}

function percentiles(xs: Float64Array, cal: WorkingCalendar): FinishPercentiles {
  const sorted = xs.slice().sort();
  const p50 = round(quantileSorted(sorted, 0.5)), p80 = round(quantileSorted(sorted, 0.8)), p95 = round(quantileSorted(sorted, 0.95));
  return { p50, p80, p95, p50Date: cal.finishDate(p50), p80Date: cal.finishDate(p80), p95Date: cal.finishDate(p95) };
}

function explain(who: string, slip: number, byPool: InitiativeForecast['byPool']): string {
  if (slip < NEGLIGIBLE_DAYS) return `${who} is not delayed by shared pools (P80).`;
  const named = byPool.filter((p) => p.p80Days >= NEGLIGIBLE_DAYS);
  const poolName = (p: InitiativeForecast['byPool'][number]) => {
    const name = p.name ?? p.pool;
    return /\bpool$/i.test(name) ? `the ${name}` : `the ${name} pool`;
  };
  if (!named.length) return `${who} slips ${days1(slip)} working days (P80) because of contention for shared pools (no single pool explains it).`;
  if (named.length === 1) return `${who} slips ${days1(slip)} working days (P80) because of contention for ${poolName(named[0])}.`;
  return `${who} slips ${days1(slip)} working days (P80) because of contention for ${poolName(named[0])} (${days1(named[0].p80Days)} days) and ${named.slice(1).map((p) => `${poolName(p)} (${days1(p.p80Days)} days)`).join(', ')}.`;
}
