/**
 * The Monte Carlo forward pass with resources: each iteration re-applies the
 * deterministic schedule's activity list (tasks by planned start, ties by
 * topological position) to the sampled durations through the serial SGS, so
 * every iteration respects precedence, notBefore and every pool's capacity
 * (time-varying included), and the planned priorities hold as durations vary.
 *
 * Criticality (markCritical): tasks finishing at the project finish are
 * critical; walking the list backwards, a critical task makes critical its
 * predecessors whose finish is its start, and the task whose finish released the
 * pool that held it back. Every such link points to a task earlier in the list,
 * so one reverse sweep suffices. When several tasks release a pool at the same
 * instant, the last one placed is taken (ties are rare with sampled durations).
 *
 * Pool statistics (mergeable, plain JSON): per pool, in how many iterations a
 * critical task was delayed by that pool (resource criticality), and per working
 * day a histogram of the units in use (averaged over the day) in `bins` equal
 * bins over [0, largest capacity]. They are gathered in markCritical, so pilot
 * runs that only call run() are not counted. stats() builds them (plain arrays, by
 * loops: ~1 ms for 3 pools x 1,400 days x 20 bins, was ~5 ms with Array.from, and the
 * forecast reads them twice per batch); mark() / statsSince(mark) give the statistics
 * of the iterations in between with one build instead of two builds and a difference. A task that can never fit (its
 * demand exceeds a pool's capacity from some time on, possible when a sampled
 * duration outlasts a window) is placed ignoring capacity and counted in
 * `unschedulable`.
 * Lazy pools: a pool that does not bind (its capacity is never reached) costs the
 * SGS a profile update per task for nothing. So a pool with constant capacity may
 * be left out of the decoding; afterwards its use is booked on a fine time grid
 * (each task counted in every bucket it touches: an upper bound of the use at any
 * instant), and if that bound stays within capacity the pool could not have
 * delayed any task, so the schedule is exactly the one with the pool (same starts,
 * same blockers: at each placement the pool fits wherever the others do). When the
 * bound overflows, the same bound on a grid 8 times finer, then the exact use (a sweep
 * over the users' starts and ends in time order) decide, so back-to-back tasks sharing
 * a bucket do not force a decoding (s13: the finer grid settles ~45% of the coarse
 * failures on the bench plan, each saving two sorts of ~1,400 users, ~0.2 ms). The
 * bucket bound and the exact use run in WebAssembly over the decoding in the SGS's
 * memory (sgs-wasm-module.ts bound and exact; the loops in `overflow` and `exactOverflow`
 * are the references and the fallbacks; s14: the exact use sorted in JavaScript, and the
 * finer grid outgrew the SGS's buckets whenever the finish passed ~530 days on the bench
 * plan, so ~2.7% of iterations spent ~0.5 ms in JavaScript).
 * Otherwise the iteration is decoded again with the pool. Which pools are tried is
 * adaptive (binding pools soon stop being tried, and are probed again at growing
 * intervals), which changes only the speed, never the result. On the 2,000-task
 * bench plan: decodings per iteration 1.08 -> 1.02.
 * Finish constraints (review-board sittings, deployment windows) are applied by
 * the SGS in every iteration (serial-sgs.ts: a deploy starts later, a gate waits
 * after its work); pools are held over [es, es + dur), so the usage and the lazy
 * check read that interval, not [es, ef).
 * In WebAssembly too (s14), over the SGS's memory: markCritical's criticality
 * (sgs-wasm-module.ts mark; markCriticalJs is the reference) and the pool usage
 * (pool-usage-wasm.ts, its arrays in bytes reserved in the SGS's memory, reading the
 * decoding's starts and durations in place); JavaScript after the never-fits fallback.
 * Measured (s14, 2,000-task bench plan, with sgs-wasm-module.ts's changes): instructions
 * per iteration of this pass 2.57M -> 2.09M (cachegrind), its CPU time -12%, the whole
 * simulation's -14%; see sgs-wasm-module.ts for the method.
 * Cost: one SGS decoding (more rarely two; in WebAssembly, serial-sgs.ts, of the list
 * kept in its memory) plus O(n + R * days) per iteration; no allocation after the
 * first iterations.
 */
import type { CompiledPlan } from '../compile-plan';
import { problemFromPlan } from './problem-from-plan';
import { SerialSgs } from './serial-sgs';
import { sortByKey } from './justify';
import { CAPACITY_EPS } from './resource-profile';
import { instantiateUsageWasm, type WasmUsage } from './pool-usage-wasm';

/** The interface of src/engine/monte-carlo.ts (structurally identical). */
export interface ResourceAwarePass {
  run(dur: Float64Array, es: Float64Array, ef: Float64Array): number;
  markCritical(dur: Float64Array, es: Float64Array, ef: Float64Array, finish: number, crit: Uint8Array): void;
}

export const POOL_STATS_FORMAT = 'converge-pool-stats/1';

export interface PoolStats {
  format: typeof POOL_STATS_FORMAT;
  iterations: number;
  /** Days 0 .. days-1 are tracked; usage after that is counted in `beyond`. */
  days: number;
  bins: number;
  unschedulable: number;
  pools: Array<{
    id: string;
    /** Width of a usage bin in units (largest capacity / bins). */
    binWidth: number;
    /** Iterations in which a critical task was delayed by this pool. */
    delayedFinish: number;
    /** Iterations that used the pool after the tracked days. */
    beyond: number;
    /** hist[day * bins + b]: iterations whose average use on that day fell in bin b. */
    hist: number[];
  }>;
}

/** The counts behind PoolStats at one moment (createResourceForwardPass's mark()). */
export interface PoolStatsMark {
  iterations: number;
  unschedulable: number;
  hist: Uint32Array[];
  idleFrom: Uint32Array[];
  delayed: Float64Array;
  beyond: Float64Array;
}

export interface ResourceForwardPassOptions {
  /** Days of usage histograms (default 3 x the planned makespan, at least 10, at most 20000). */
  days?: number;
  /** Usage bins per day (default 20). */
  bins?: number;
  /** false: decode with the JavaScript serial SGS (the reference) instead of its WebAssembly twin. */
  wasm?: boolean;
}

/** Activity list of a schedule: tasks by planned start, ties by topological position. */
export function activityListFromSchedule(cp: CompiledPlan, schedule: { tasks: Array<{ id: string; start: number }> }): Int32Array {
  const key = new Float64Array(cp.n);
  for (const t of schedule.tasks) {
    const i = cp.indexOf.get(t.id);
    if (i !== undefined) key[i] = t.start;
  }
  const order = new Int32Array(cp.n);
  for (let i = 0; i < cp.n; i++) order[i] = i;
  sortByKey(order, key, false);
  return order;
}

export function createResourceForwardPass(
  cp: CompiledPlan,
  schedule: { makespan: number; tasks: Array<{ id: string; start: number }> },
  opts: ResourceForwardPassOptions = {},
): {
  pass: ResourceAwarePass;
  stats(): PoolStats;
  /** A copy of the counts so far (typed arrays: cheap), for statsSince. */
  mark(): PoolStatsMark;
  /** The statistics of the iterations marked since `mark` was taken: stats() minus the mark's, built once. */
  statsSince(mark: PoolStatsMark): PoolStats;
  merge(a: PoolStats, b: PoolStats): PoolStats;
  usesWasm: boolean;
} {
  const problem = problemFromPlan(cp);
  const { n, R, predStart, preds, release, demand } = problem;
  const days = Math.floor(opts.days ?? Math.min(20000, Math.max(10, Math.ceil(3 * schedule.makespan))));
  const bins = Math.floor(opts.bins ?? 20);
  if (!(days >= 1 && bins >= 1)) throw new RangeError('days and bins must be >= 1');
  let meanDur = 0, positive = 0;
  for (let i = 0; i < n; i++) if (problem.duration[i] > 0) { meanDur += problem.duration[i]; positive++; }
  meanDur = positive ? meanDur / positive : 1;
  // The lazy pools' bucket grid (see `overflow`): a power of two near an eighth of the mean
  // duration, so day counts stay exact in binary.
  const width = Math.pow(2, Math.max(-6, Math.min(0, Math.floor(Math.log2(meanDur / 8)))));
  const invWidth = 1 / width;
  const maxCap = problem.capacity.map((c) => Math.max(c.base, ...c.values));
  const binInv = maxCap.map((m) => (m > 0 ? bins / m : 0));
  let hist = Array.from({ length: R }, () => new Uint32Array(days * bins));
  /** idleFrom[r][d]: iterations whose use of pool r was nil from day d on (added to bin 0 in stats()). */
  const idleFrom = Array.from({ length: R }, () => new Uint32Array(days + 1));
  const delayed = new Float64Array(R), beyond = new Float64Array(R);
  const flag = new Uint8Array(R);
  const use = new Float64Array(days + 1);
  const diff = new Float64Array(days + 2);
  let iterations = 0, unschedulable = 0, lastInfeasible = false;

  // Lazy pools (see the banner): a pool with constant capacity that every demand
  // fits may be left out of the decoding, then checked on a grid of `width`-long
  // buckets; `failRate` (moving average over the iterations that tried it) keeps
  // pools that do bind from being tried often.
  const lazyOk = new Uint8Array(R);
  const users: number[][] = Array.from({ length: R }, () => []);
  for (let i = 0; i < n; i++) for (let r = 0; r < R; r++) if (demand[i * R + r] > 0) users[r].push(i);
  for (let r = 0; r < R; r++) {
    const c = problem.capacity[r];
    lazyOk[r] = users[r].length > 0 && c.values.every((v) => v === c.base) && users[r].every((i) => demand[i * R + r] <= c.base) ? 1 : 0;
  }
  const userList = users.map((u) => Int32Array.from(u));
  // Pool usage per day in WebAssembly (pool-usage-wasm.ts; the JavaScript loop in
  // markCritical is the reference and the fallback), in the SGS's memory (s14): users,
  // demands and the histograms in bytes reserved there, the starts and durations read
  // where the decoding left them (no copies per iteration).
  let top = 0;
  const take = (bytes: number) => { const a = top; top += Math.ceil(bytes / 8) * 8; return a; };
  const at = {
    use: take(8 * (days + 1)), diff: take(8 * (days + 2)),
    users: userList.map((u) => take(4 * u.length)), qty: userList.map((u) => take(8 * u.length)), hist: hist.map(() => take(4 * days * bins)),
  };
  // Room in the SGS's memory for the finer grid up to `days` (s14: on the bench plan the
  // finer check ran in JavaScript whenever the finish passed ~530 days, ~75% of its calls).
  const sgs = new SerialSgs(problem, { wasm: opts.wasm, buckets: Math.min(1 << 18, 8 * invWidth * days + 2), extraBytes: top });
  const order = activityListFromSchedule(cp, schedule);
  sgs.keepOrder(order);
  const usageWasm = ((): { usage: WasmUsage; es: Float64Array; at: typeof at; start: number; dur: number } | null => {
    const mem = sgs.wasmMemory;
    if (!mem) return null;
    const w = instantiateUsageWasm(0, mem.memory);
    if (!w) return null;
    const buf = mem.memory.buffer, base = mem.extra;
    const moved = {
      use: base + at.use, diff: base + at.diff, users: at.users.map((x) => base + x), qty: at.qty.map((x) => base + x), hist: at.hist.map((x) => base + x),
    };
    for (let r = 0; r < R; r++) {
      new Int32Array(buf, moved.users[r], userList[r].length).set(userList[r]);
      const qv = new Float64Array(buf, moved.qty[r], userList[r].length);
      userList[r].forEach((i, x) => { qv[x] = demand[i * R + r]; });
    }
    hist = hist.map((_, r) => new Uint32Array(buf, moved.hist[r], days * bins));
    return { usage: w.usage, es: new Float64Array(buf, mem.start, n), at: moved, start: mem.start, dur: mem.dur };
  })();
  let diffUse = new Float64Array(1024);
  const failRate = new Float64Array(R);
  let runs = 0;
  /** Pool r's largest use per bucket (an upper bound of its use at any instant) minus its capacity. */
  const overflow = (r: number, dur: Float64Array, es: Float64Array, finish: number, invWidth: number): number => {
    const nb = Math.floor(finish * invWidth) + 2;
    // In WebAssembly over the decoding in its memory (the loop below, ~4x faster: s13).
    const inWasm = sgs.bucketPeak(r, invWidth, nb);
    if (inWasm !== undefined) return inWasm - problem.capacity[r].base;
    if (diffUse.length < nb) diffUse = new Float64Array(2 * nb);
    diffUse.fill(0, 0, nb);
    const list = userList[r];
    for (let x = 0; x < list.length; x++) {
      const i = list[x], s0 = es[i], f0 = s0 + dur[i];
      if (!(f0 > s0)) continue;
      const q = demand[i * R + r];
      diffUse[Math.floor(s0 * invWidth)] += q;
      diffUse[Math.floor(f0 * invWidth) + 1] -= q;
    }
    let use = 0, peak = 0;
    for (let k = 0; k < nb; k++) { use += diffUse[k]; if (use > peak) peak = use; }
    return peak - problem.capacity[r].base;
  };
  // The exact check behind a failed bucket check: events sorted by time (radix, justify.ts).
  const evStart = new Int32Array(n), evEnd = new Int32Array(n), endAt = new Float64Array(n);
  /**
   * Pool r's largest use at any instant minus its capacity, exactly: a sweep over its
   * users' starts and ends in time order, ends first at equal times (intervals are
   * [start, start + duration)). Run only when the bucket bound overflows: on the
   * 2,000-task bench plan the bound overflows for the non-binding pool in ~3.5% of
   * iterations and the exact use in ~1% (each avoided failure saves a decoding).
   */
  const exactOverflow = (r: number, dur: Float64Array, es: Float64Array, finish: number): number => {
    // In WebAssembly over the decoding in its memory, sorting by buckets (sgs-wasm-module.ts exact).
    const inWasm = sgs.exactPeak(r, invWidth, Math.floor(finish * invWidth) + 2);
    if (inWasm !== undefined) return inWasm - problem.capacity[r].base;
    const list = userList[r];
    let m = 0;
    for (let x = 0; x < list.length; x++) {
      const i = list[x], s0 = es[i], f0 = s0 + dur[i];
      if (!(f0 > s0)) continue;
      evStart[m] = i; evEnd[m] = i; endAt[i] = f0; m++;
    }
    const si = evStart, ei = evEnd;
    sortByKey(si, es, false, m);
    sortByKey(ei, endAt, false, m);
    let use = 0, peak = 0, b = 0;
    for (let a = 0; a < m; a++) {
      const i = si[a], t = es[i];
      while (b < m && endAt[ei[b]] <= t) { use -= demand[ei[b] * R + r]; b++; }
      use += demand[i * R + r];
      if (use > peak) peak = use;
    }
    return peak - problem.capacity[r].base;
  };
  // Probes of pools that fail often back off: every 16 iterations at first, the gap
  // doubling after each failed probe (at most 1024), back to 16 after a pass. Each
  // failed probe costs a second decoding (~4% of iterations on the bench plan with a
  // fixed 16-iteration cycle).
  const probeAt = new Float64Array(R), probeGap = new Float64Array(R).fill(16);
  const ignore = sgs.ignore;
  /**
   * Serial SGS of the fixed list without the lazy pools; while some overflow, one
   * is put back and the list decoded again (a binding pool left out distorts the
   * others' use, so only one is blamed at a time: the probed pool, else the one
   * that failed most often, else the largest relative overflow). A pool that fails
   * often is left out only on probes (see probeGap), one pool per iteration.
   */
  const decode = (dur: Float64Array, es: Float64Array, ef: Float64Array): number => {
    let probe = -1;
    for (let r = 0; r < R && probe < 0; r++) if (lazyOk[r] === 1 && failRate[r] >= 0.2 && runs >= probeAt[r]) probe = r;
    runs++;
    let probeFailed = false;
    let lazy = 0;
    for (let r = 0; r < R; r++) { ignore[r] = lazyOk[r] === 1 && (r === probe || failRate[r] < 0.2) ? 1 : 0; lazy += ignore[r]; }
    let finish = sgs.forwardKept(dur, es, ef);
    while (lazy > 0) {
      if (!Number.isFinite(finish)) { ignore.fill(0); finish = sgs.forwardKept(dur, es, ef); break; }
      let worst = -1, worstRatio = 0;
      for (let r = 0; r < R; r++) {
        if (ignore[r] === 0) continue;
        // Half the SGS tolerance, so that a pass here is a fit there despite rounding.
        if (!(overflow(r, dur, es, finish, invWidth) - CAPACITY_EPS / 2 > 0)) continue;
        // Then on a grid 8 times finer (still an upper bound: passing it passes the exact
        // check too), which settles most failures of the first without sorting.
        if (!(overflow(r, dur, es, finish, 8 * invWidth) - CAPACITY_EPS / 2 > 0)) continue;
        const ratio = (exactOverflow(r, dur, es, finish) - CAPACITY_EPS / 2) / problem.capacity[r].base;
        if (!(ratio > 0)) continue;
        // Blame the probed pool first, then the one that failed most often, then the largest overflow.
        if (worst < 0 || r === probe || (worst !== probe && (failRate[r] > failRate[worst] || (failRate[r] === failRate[worst] && ratio > worstRatio)))) {
          worst = r; worstRatio = ratio;
        }
      }
      if (worst < 0) {
        for (let r = 0; r < R; r++) if (ignore[r] === 1) failRate[r] -= failRate[r] / 16;
        break;
      }
      if (worst === probe) probeFailed = true;
      failRate[worst] += (1 - failRate[worst]) / 16;
      ignore[worst] = 0;
      lazy--;
      finish = sgs.forwardKept(dur, es, ef);
    }
    if (probe >= 0) {
      probeGap[probe] = probeFailed ? Math.min(1024, 2 * probeGap[probe]) : 16;
      probeAt[probe] = runs + probeGap[probe];
    }
    return finish;
  };

  /** Criticality of the last decoding (see the banner) into crit and flag: the reference. */
  const markCriticalJs = (dur: Float64Array, es: Float64Array, ef: Float64Array, finish: number, crit: Uint8Array, tol: number): void => {
    flag.fill(0);
    for (let i = 0; i < n; i++) if (finish - ef[i] <= tol) crit[i] = 1;
    for (let x = n - 1; x >= 0; x--) {
      const j = order[x];
      if (!crit[j]) continue;
      const s = es[j];
      for (let k = predStart[j]; k < predStart[j + 1]; k++) if (s - ef[preds[k]] <= tol) crit[preds[k]] = 1;
      const r = sgs.delayedBy[j];
      if (r >= 0) {
        flag[r] = 1;
        const b = sgs.blocker[j];
        if (b >= 0 && s - (es[b] + dur[b]) <= tol) crit[b] = 1;
      }
    }
  };

  const pass: ResourceAwarePass = {
    run(dur, es, ef) {
      let finish = decode(dur, es, ef);
      lastInfeasible = !Number.isFinite(finish);
      if (lastInfeasible) {
        // Fallback for a task that never fits: precedence only, so the iteration still ends.
        finish = 0;
        for (let x = 0; x < n; x++) {
          const j = order[x];
          if (!Number.isFinite(es[j])) {
            let s = release[j];
            for (let k = predStart[j]; k < predStart[j + 1]; k++) if (ef[preds[k]] > s) s = ef[preds[k]];
            es[j] = s; ef[j] = s + dur[j];
          }
          if (ef[j] > finish) finish = ef[j];
        }
      }
      return finish;
    },
    markCritical(dur, es, ef, finish, crit) {
      const tol = 1e-9 * (finish > 1 ? finish : 1);
      // In WebAssembly over the decoding in the SGS's memory (sgs-wasm-module.ts mark;
      // markCriticalJs is the reference), unless the fallback changed the starts.
      const inWasm = lastInfeasible || !usageWasm ? undefined : sgs.criticalOfLast(finish, tol);
      if (inWasm) {
        crit.set(inWasm.crit);
        flag.set(inWasm.poolFlag);
      } else markCriticalJs(dur, es, ef, finish, crit, tol);
      iterations++;
      if (lastInfeasible) unschedulable++;
      if (usageWasm) {
        const w = usageWasm;
        // The fallback's starts (lastInfeasible) are not the decoding's: then they go in.
        if (lastInfeasible) w.es.set(es.subarray(0, n));
        for (let r = 0; r < R; r++) {
          delayed[r] += flag[r];
          const res = w.usage(w.at.users[r], w.at.qty[r], userList[r].length, w.start, w.dur, days, w.at.use, w.at.diff, w.at.hist[r], bins, binInv[r]);
          if (res & 1) beyond[r]++;
          idleFrom[r][res >>> 1]++;
        }
        return;
      }
      for (let r = 0; r < R; r++) {
        delayed[r] += flag[r];
        // use/diff are all zero here (cleared after each pool up to `upTo`).
        let past = false, upTo = 0;
        const list = userList[r];
        for (let x = 0; x < list.length; x++) {
          const i = list[x];
          const q = demand[i * R + r];
          // Held for the work only (a gate waiting for its sitting holds nothing).
          const s = es[i], f = s + dur[i];
          if (!(f > s)) continue;
          if (f > days) past = true;
          const ds = Math.floor(s), df = Math.floor(f);
          if (ds >= days) continue;
          if (df + 1 > upTo) upTo = df + 1;
          if (ds === df) { use[ds] += q * (f - s); continue; }
          use[ds] += q * (ds + 1 - s);
          // Whole days ds+1 .. df-1 through a difference array; the partial last day directly.
          const a = ds + 1, e = Math.min(df, days);
          if (a < e) { diff[a] += q; diff[e] -= q; }
          if (df < days) use[df] += q * (f - df);
        }
        if (past) beyond[r]++;
        if (upTo > days) upTo = days;
        let run = 0;
        const h = hist[r], inv = binInv[r];
        for (let d = 0; d < upTo; d++) {
          run += diff[d];
          const u = use[d] + run;
          let b = Math.floor(u * inv + 1e-9);
          if (b >= bins) b = bins - 1; else if (b < 0) b = 0;
          h[d * bins + b]++;
          diff[d] = 0; use[d] = 0;
        }
        diff[upTo] = 0;
        // Days from upTo on are idle (bin 0): counted once here, spread in stats().
        idleFrom[r][upTo]++;
      }
    },
  };

  /**
   * PoolStats of the counts minus those of `m` (none: all of them). Plain loops into
   * preallocated arrays: Array.from of a typed array was ~45 ns per count, and the
   * forecast snapshots the statistics around every batch (s13, CPU profile of the
   * 2,000-task forecast: ~0.35 s of 5.4 s in stats()).
   */
  const build = (m?: PoolStatsMark): PoolStats => ({
    format: POOL_STATS_FORMAT, iterations: iterations - (m?.iterations ?? 0), days, bins, unschedulable: unschedulable - (m?.unschedulable ?? 0),
    pools: cp.resourceIds.map((id, r) => {
      const src = hist[r], from = idleFrom[r];
      const h: number[] = new Array(days * bins);
      let idle = 0;
      if (m) {
        const msrc = m.hist[r], mfrom = m.idleFrom[r];
        for (let k = 0; k < h.length; k++) h[k] = src[k] - msrc[k];
        for (let d = 0; d < days; d++) { idle += from[d] - mfrom[d]; h[d * bins] += idle; }
      } else {
        for (let k = 0; k < h.length; k++) h[k] = src[k];
        for (let d = 0; d < days; d++) { idle += from[d]; h[d * bins] += idle; }
      }
      return { id, binWidth: maxCap[r] / bins, delayedFinish: delayed[r] - (m?.delayed[r] ?? 0), beyond: beyond[r] - (m?.beyond[r] ?? 0), hist: h };
    }),
  });
  const stats = (): PoolStats => build();
  const mark = (): PoolStatsMark => ({
    iterations, unschedulable, hist: hist.map((h) => h.slice()), idleFrom: idleFrom.map((h) => h.slice()), delayed: delayed.slice(), beyond: beyond.slice(),
  });
  return { pass, stats, mark, statsSince: build, merge: mergePoolStats, usesWasm: sgs.usesWasm };
}

/** Sums two PoolStats of the same run layout (same pools, days, bins): exact, associative, commutative. */
export function mergePoolStats(a: PoolStats, b: PoolStats): PoolStats {
  if (a.format !== POOL_STATS_FORMAT || b.format !== POOL_STATS_FORMAT || a.days !== b.days || a.bins !== b.bins ||
    a.pools.length !== b.pools.length || a.pools.some((p, r) => p.id !== b.pools[r].id || p.binWidth !== b.pools[r].binWidth)) {
    throw new RangeError('pool statistics of different runs cannot be merged');
  }
  return {
    format: POOL_STATS_FORMAT,
    iterations: a.iterations + b.iterations,
    days: a.days,
    bins: a.bins,
    unschedulable: a.unschedulable + b.unschedulable,
    pools: a.pools.map((p, r) => {
      const q = b.pools[r], x = p.hist, y = q.hist;
      const hist: number[] = new Array(x.length);
      for (let k = 0; k < x.length; k++) hist[k] = x[k] + y[k];
      return { id: p.id, binWidth: p.binWidth, delayedFinish: p.delayedFinish + q.delayedFinish, beyond: p.beyond + q.beyond, hist };
    }),
  };
}

/**
 * Per pool: resource criticality (share of iterations in which the pool delayed a
 * critical task) and per-day usage percentiles, interpolated linearly inside the
 * histogram bin (error at most one bin width).
 */
export function summarizePoolStats(s: PoolStats, percentiles: number[] = [0.5, 0.8, 0.95]): Array<{ id: string; criticality: number; usage: Record<string, number[]> }> {
  return s.pools.map((p) => {
    const usage: Record<string, number[]> = {};
    for (const q of percentiles) {
      const row: number[] = new Array(s.days);
      for (let d = 0; d < s.days; d++) {
        const target = q * s.iterations;
        let acc = 0, v = 0;
        for (let b = 0; b < s.bins; b++) {
          const c = p.hist[d * s.bins + b];
          if (c > 0 && acc + c >= target) { v = (b + (target - acc) / c) * p.binWidth; break; }
          acc += c;
        }
        row[d] = Math.round(v * 1e6) / 1e6;
      }
      usage[`p${Math.round(q * 100)}`] = row;
    }
    return { id: p.id, criticality: s.iterations ? p.delayedFinish / s.iterations : 0, usage };
  });
}
