/**
 * The activity list (priority order) the resource-aware forward pass decodes in
 * every iteration, for what-if runs: from a deterministic schedule, from portfolio
 * ranks, or carried over from another scenario so a comparison changes one thing.
 *
 * Method: Kahn's topological order where, among the tasks whose predecessors are
 * all listed, the smallest key goes first (binary heap; ties by topological
 * position). Any key thus yields a precedence-feasible list, which the serial SGS
 * requires, and a key that already respects precedence is kept as is.
 * Portfolio key: (initiative rank, then start in the deterministic schedule of the
 * whole portfolio, or its latest finish time above WHATIF_SEARCH_MAX_TASKS tasks): a
 * higher-priority initiative's task is offered capacity first;
 * the serial SGS still fills earlier gaps with lower-priority work (backfilling).
 * Cost: O((V + E) log V).
 */
import type { CompiledPlan } from '../compile-plan';
import type { ForwardPass } from '../monte-carlo';
import { precedenceForwardPass } from '../monte-carlo';
import { schedulePlan, defaultSchedules } from '../schedule-plan';
import { createResourceForwardPass } from '../rcpsp/resource-forward-pass';
import { demandsPools } from '../forecast-setup';
import { lftPriority } from '../rcpsp/priority-rules';
import { problemFromPlan } from '../rcpsp/problem-from-plan';
import { INITIATIVE_RANK_META } from '../portfolio/portfolio';

/** Positions in a precedence-feasible order by (key, position). */
export function listByKey(cp: CompiledPlan, key: Float64Array): Int32Array {
  const n = cp.n;
  const missing = new Int32Array(n);
  for (let i = 0; i < n; i++) missing[i] = cp.predStart[i + 1] - cp.predStart[i];
  const heap: number[] = [];
  const less = (a: number, b: number) => key[a] < key[b] || (key[a] === key[b] && a < b);
  const push = (x: number) => {
    heap.push(x);
    for (let c = heap.length - 1; c > 0; ) {
      const p = (c - 1) >> 1;
      if (!less(heap[c], heap[p])) break;
      [heap[c], heap[p]] = [heap[p], heap[c]];
      c = p;
    }
  };
  const pop = (): number => {
    const top = heap[0], last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let p = 0; ; ) {
        const l = 2 * p + 1, r = l + 1;
        let m = p;
        if (l < heap.length && less(heap[l], heap[m])) m = l;
        if (r < heap.length && less(heap[r], heap[m])) m = r;
        if (m === p) break;
        [heap[m], heap[p]] = [heap[p], heap[m]];
        p = m;
      }
    }
    return top;
  };
  for (let i = 0; i < n; i++) if (missing[i] === 0) push(i);
  const list = new Int32Array(n);
  for (let x = 0; x < n; x++) {
    const j = pop();
    list[x] = j;
    for (let k = cp.succStart[j]; k < cp.succStart[j + 1]; k++) if (--missing[cp.succs[k]] === 0) push(cp.succs[k]);
  }
  return list;
}

/** Initiative rank of each position (merge-portfolio.ts meta), or null when the plan is not a portfolio. */
export function initiativeRanks(cp: CompiledPlan): Float64Array | null {
  const rank = new Float64Array(cp.n);
  let any = false;
  for (let i = 0; i < cp.n; i++) {
    const r = cp.plan.tasks[cp.planIndex[i]].meta?.[INITIATIVE_RANK_META];
    if (typeof r === 'number') { rank[i] = r; any = true; } else rank[i] = 1e9; // tasks of no initiative go last
  }
  return any ? rank : null;
}

/**
 * SGS decodings of a what-if's deterministic schedule (at most; schedule-plan.ts's
 * default when smaller): the list only seeds the Monte Carlo order, and a what-if
 * must answer within seconds (measured: 1000 decodings of a 500-task plan ~0.7 s;
 * 250 of a 5,000-task portfolio with 21 pools ~3.4 s CPU, hence whatIfSchedules).
 */
export const WHATIF_SCHEDULES = 250;

/** Above this many tasks, no search: the LFT priority rule orders the list (see whatIfSchedules). */
export const WHATIF_SEARCH_MAX_TASKS = 2000;

/**
 * The what-if search budget: WHATIF_SCHEDULES, fewer above 1,000 tasks (about 250,000
 * placements), and 0 (no search, the LFT rule) above WHATIF_SEARCH_MAX_TASKS, where the
 * search's O(n^2) construction of its first lists alone costs seconds (measured: 35 % of a
 * 5,000-task portfolio run).
 */
export function whatIfSchedules(n: number): number {
  if (n > WHATIF_SEARCH_MAX_TASKS) return 0;
  return Math.min(WHATIF_SCHEDULES, defaultSchedules(n), Math.max(20, Math.floor(250_000 / Math.max(1, n))));
}

export interface ScenarioPass {
  pass: ForwardPass;
  /** Task ids in the activity list the pass decodes (null: precedence only, no list). */
  list: string[] | null;
}

export interface ScenarioPassOptions {
  seed: string;
  /** SGS decodings for the deterministic schedule (default whatIfSchedules(n); 0: the LFT rule, no search). */
  schedules?: number;
  /** Reuse this order (ids; others go last, by schedule start), repaired to precedence-feasible. */
  list?: string[];
}

/**
 * The forward pass of a what-if run: precedence (+ notBefore, finish windows) when no
 * task demands a pool; otherwise the serial SGS of an activity list: the given list,
 * or (portfolio) rank then schedule start, or the deterministic schedule's order.
 */
export function scenarioPass(cp: CompiledPlan, opts: ScenarioPassOptions): ScenarioPass {
  if (!demandsPools(cp)) return { pass: precedenceForwardPass(cp), list: null };
  const key = new Float64Array(cp.n);
  const ranks = initiativeRanks(cp);
  let makespan = 0;
  if (opts.list) {
    // Ranks first (a set-priority scenario reorders initiatives over a carried list), then the list.
    const at = new Map(opts.list.map((id, k) => [id, k] as const));
    const span = opts.list.length + cp.n + 1;
    for (let i = 0; i < cp.n; i++) key[i] = (ranks ? ranks[i] * span : 0) + (at.get(cp.ids[i]) ?? opts.list.length + i);
  } else {
    const schedules = opts.schedules ?? whatIfSchedules(cp.n);
    const start = new Float64Array(cp.n);
    if (schedules > 0) {
      const schedule = schedulePlan(cp, { seed: opts.seed, schedules });
      makespan = schedule.makespan;
      for (const t of schedule.tasks) start[cp.indexOf.get(t.id)!] = t.start;
    } else {
      // Latest finish in the resource-free network (smaller first): Kolisch's LFT rule.
      const lft = lftPriority(problemFromPlan(cp));
      for (let i = 0; i < cp.n; i++) { start[i] = -lft[i]; if (start[i] > makespan) makespan = start[i]; }
    }
    // (rank, start): ranks are small integers, so rank * span + start orders by rank first.
    const span = makespan + 1;
    for (let i = 0; i < cp.n; i++) key[i] = ranks ? ranks[i] * span + start[i] : start[i];
  }
  const list = listByKey(cp, key);
  const tasks = Array.from(list, (i, k) => ({ id: cp.ids[i], start: k }));
  // `days` only sizes pool statistics, which what-if runs do not read.
  const { pass } = createResourceForwardPass(cp, { makespan: makespan || cp.n, tasks }, { days: 1, bins: 1 });
  return { pass, list: Array.from(list, (i) => cp.ids[i]) };
}
