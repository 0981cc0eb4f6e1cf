/**
 * Serial schedule generation scheme (SGS): decodes an activity list into a
 * schedule by placing each activity, in list order, at the earliest time that
 * respects its predecessors, its release time and every pool's remaining
 * capacity over its whole duration (time-varying capacity included). The
 * backward variant places activities in reverse (successors first) as late as
 * possible before a horizon, on mirrored time: the half used by forward-backward
 * improvement (justification).
 *
 * Assumptions: the list is precedence-feasible (each activity after its
 * predecessors; for `backward`, after its successors). Release times bind only
 * the forward pass (right-shifting never violates them). Serial SGS generates
 * active schedules, so the set of lists contains an optimal one (Kolisch 1996).
 * Cost: O(n * (log K + spanned segments)) per decoding on the event profile.
 * Reference: Kolisch & Hartmann, "Heuristic algorithms for the RCPSP" (1999);
 * Valls, Ballestin & Quintanilla, "Justification and RCPSP" (EJOR 2005).
 *
 * Finish constraints (review-board sittings, deployment windows; the problem's
 * finishRule/finishShift/finishTables), with the semantics of critical-path.ts:
 * - a deploy (finishShift 1) starts later: it is placed at the earliest start whose
 *   finish is allowed (nextAllowedFinish) and where its pools fit for its whole
 *   duration; its pools are held over [start, start + duration) only, the crew
 *   is not idle-holding the pools while it waits for the window;
 * - a gate (finishShift 0) does its work at the earliest fit and then waits for
 *   the board's sitting: finish = nextAllowedFinish(start + duration); the pools
 *   are held for the work only (reviewers are free while the board has not sat).
 * So in both cases the pools are held over [start, start + duration), and a
 * gate's finish - start may exceed its duration. No allowed finish left before the
 * horizon: the unconstrained finish stays (critical-path.ts reports it).
 * `delayedBy`/`blocker` keep the pool (and releasing activity) of the last push by
 * a pool, even when a window then moved the task further (the pool cost it the
 * earlier window); criticality links check that the blocker's work ends at the start.
 * Backward (justification, floats): the work ends by the last allowed finish
 * before the successors' starts; a deploy's work end is itself an allowed finish.
 * The backward schedule's `finish` is the end of the work.
 *
 * One call of `forward` or `backward` is one "schedule" in the benchmark counts,
 * as in the literature (Hartmann & Kolisch 2000).
 *
 * `forward` runs in WebAssembly (sgs-wasm-module.ts) where available: the same
 * algorithm over one linear memory, byte-identical results (tested); the
 * JavaScript code here is the reference (`{ wasm: false }`) and the fallback.
 * `backward` (justification) runs there too when capacities are constant and no
 * activity has a finish rule, as the forward decoding of the reversed network in
 * mirrored time (see `wasmBack`); otherwise in JavaScript. Measured (s12, CPU profile
 * of the 2,000-task bench plan's deterministic schedule, 1,000 decodings): backward
 * decodings ~0.19 s -> ~0.16 s (the JavaScript loop was already compiled well).
 */
import { ResourceProfile, CAPACITY_EPS } from './resource-profile';
import { SgsWasm } from './sgs-wasm-module';

// A module constant, so the hot loop does not read it through the import binding.
const EPS = CAPACITY_EPS;
import { demandLists, type DemandLists, type RcpspProblem } from './rcpsp-problem';
import { nextAllowedFinish, prevAllowedFinish, type AllowedFinishTable } from '../gates/allowed-finish';

export class SerialSgs {
  readonly problem: RcpspProblem;
  readonly uses: DemandLists;
  private readonly fwd: ResourceProfile;
  private readonly bwd: ResourceProfile;
  private readonly constant: boolean;
  /** After `forward`: the pool whose capacity last pushed each activity later (-1: none). */
  readonly delayedBy: Int32Array;
  /** After `forward`: the activity whose finish released that capacity (-1: none or a capacity change). */
  readonly blocker: Int32Array;
  private readonly mstart: Float64Array;
  /** Demand level (ResourceProfile.addLevel) of each demand entry, per direction. */
  private readonly fwdLevel: Int32Array;
  private readonly bwdLevel: Int32Array;
  private lastPool = -1;
  private lastBlocker = -1;
  /**
   * Pools to leave out (1 = ignore): neither searched nor booked. For callers that
   * check those pools afterwards (the Monte Carlo pass verifies that their peak use
   * stays within capacity, and decodes again without the mask when it does not).
   * All zero by default.
   */
  readonly ignore: Uint8Array;
  /** The forward decoding in WebAssembly (sgs-wasm-module.ts), null where unavailable or not wanted. */
  private readonly wasm: SgsWasm | null;
  /**
   * The backward decoding in WebAssembly when capacities are constant and no activity
   * has a finish rule: then it is the forward decoding of the reversed network
   * (successors as predecessors, no release times) on the same empty profile, in
   * mirrored time; null otherwise (the JavaScript backward runs). Instantiated on the
   * first backward call (the Monte Carlo pass never makes one).
   */
  private wasmBack: SgsWasm | null | undefined;
  private readonly mfinish: Float64Array;
  /** The problem's finish constraints, when some activity has one. */
  private readonly finish?: { finishRule: Int32Array; finishShift: Uint8Array; finishTables: AllowedFinishTable[] };

  /**
   * `wasm: false` keeps the JavaScript forward decoding (the reference); by default
   * the WebAssembly twin runs where available (byte-identical results). `buckets` (room
   * for bucketPeak / exactPeak, at least 8 n + 1024) and `extraBytes` (see wasmMemory):
   * for the Monte Carlo pass (resource-forward-pass.ts).
   */
  constructor(problem: RcpspProblem, opts: { wasm?: boolean; buckets?: number; extraBytes?: number } = {}) {
    this.problem = problem;
    this.uses = demandLists(problem);
    this.fwd = new ResourceProfile(problem.R, problem.n, problem.capacity);
    this.bwd = new ResourceProfile(problem.R, problem.n, problem.capacity);
    this.constant = problem.capacity.every((c) => c.times.length === 0 || c.values.every((v) => v === c.base));
    if (this.constant) this.bwd.setInitial(problem.capacity, 0);
    this.delayedBy = new Int32Array(problem.n);
    this.blocker = new Int32Array(problem.n);
    this.mstart = new Float64Array(problem.n);
    this.ignore = new Uint8Array(problem.R);
    this.finish = problem.finishRule && problem.finishShift && problem.finishTables && problem.finishRule.some((r) => r >= 0)
      ? { finishRule: problem.finishRule, finishShift: problem.finishShift, finishTables: problem.finishTables } : undefined;
    const { pool, qty } = this.uses;
    this.fwdLevel = new Int32Array(pool.length);
    this.bwdLevel = new Int32Array(pool.length);
    for (let u = 0; u < pool.length; u++) {
      this.fwdLevel[u] = this.fwd.addLevel(pool[u], qty[u]);
      this.bwdLevel[u] = this.bwd.addLevel(pool[u], qty[u]);
    }
    this.mfinish = new Float64Array(problem.n);
    this.wasm = opts.wasm === false ? null : SgsWasm.create(problem, this.uses, this.fwdLevel, this.fwd.layout(), { buckets: opts.buckets, extraBytes: opts.extraBytes });
    if (this.wasm) {
      // The module writes these in its memory: hand out its views.
      this.delayedBy = this.wasm.delayedBy;
      this.blocker = this.wasm.blocker;
      this.ignore = this.wasm.ignore;
    }
    this.wasmBack = this.wasm && this.constant && !this.finish ? undefined : null;
  }

  private kept: Int32Array | null = null;
  /** Whether the WebAssembly memory still holds the kept list (forward() overwrites it). */
  private keptInMemory = false;

  /**
   * Keeps a copy of `order` (a whole list: each activity once) for forwardKept, which
   * then decodes it without copying it in again (the Monte Carlo pass decodes one list
   * every iteration).
   */
  keepOrder(order: Int32Array): void {
    if (order.length !== this.problem.n) throw new RangeError('keepOrder needs a whole list');
    this.kept = Int32Array.from(order);
    this.keptInMemory = false;
  }

  /** forward() of the list given to keepOrder. */
  forwardKept(dur: Float64Array, start: Float64Array, finish: Float64Array): number {
    const kept = this.kept;
    if (!kept) throw new RangeError('forwardKept before keepOrder');
    if (!this.wasm) return this.forward(kept, dur, start, finish);
    if (!this.keptInMemory) { this.wasm.setOrder(kept); this.keptInMemory = true; }
    return this.wasm.forwardKept(kept.length, dur, start, finish);
  }

  /**
   * resource-forward-pass.ts's bucket bound of pool r (the largest running sum of its
   * holders' quantities over buckets of width 1 / invWidth, through bucket nb - 1) on the
   * last forward decoding, in WebAssembly; undefined without it or beyond its buckets
   * (the caller computes it in JavaScript, the same operations in the same order).
   */
  bucketPeak(r: number, invWidth: number, nb: number): number | undefined {
    const w = this.wasm;
    return w && nb <= w.bucketCap ? w.bound(r, invWidth, nb) : undefined;
  }

  /**
   * resource-forward-pass.ts's exact use of pool r (its largest at any instant: the sweep
   * over its holders' starts and ends in time order) on the last forward decoding, in
   * WebAssembly (sorting by buckets of width 1 / invWidth, through bucket nb - 1: nb above
   * floor(makespan * invWidth)); undefined without it or beyond its buckets (the caller
   * computes it in JavaScript, the same operations in the same order).
   */
  exactPeak(r: number, invWidth: number, nb: number): number | undefined {
    const w = this.wasm;
    return w && nb <= w.bucketCap ? w.exact(r, invWidth, nb) : undefined;
  }

  /**
   * resource-forward-pass.ts markCritical's criticality (tasks within `tol` of `finish`,
   * then its reverse sweep over predecessors and blockers) on the last forward decoding,
   * in WebAssembly: crit (1 per critical task) and poolFlag (1 per pool that pushed a
   * critical task) are views of its memory, valid until the next call; undefined without
   * it or when the last decoding was not of a whole list.
   */
  criticalOfLast(finish: number, tol: number): { crit: Uint8Array; poolFlag: Uint8Array } | undefined {
    const w = this.wasm;
    if (!w || w.lastCount !== this.problem.n) return undefined;
    w.mark(finish, tol);
    return w;
  }

  /**
   * The WebAssembly memory (null without it): byte addresses of the last forward decoding's
   * starts and durations (f64 per task) and of the `extraBytes` reserved for the caller.
   * The memory never grows, so views of it stay valid.
   */
  get wasmMemory(): { memory: WebAssembly.Memory; start: number; dur: number; extra: number } | null {
    const w = this.wasm;
    return w ? { memory: w.memory, ...w.at } : null;
  }

  /** Whether forward() runs in WebAssembly. */
  get usesWasm(): boolean {
    return this.wasm !== null;
  }

  /**
   * Forward decoding of `order` with durations `dur`: fills start and finish,
   * returns the makespan (Infinity when some activity can never fit: its demand
   * exceeds a pool's capacity from some time on).
   */
  forward(order: ArrayLike<number>, dur: Float64Array, start: Float64Array, finish: Float64Array): number {
    if (this.wasm) { this.keptInMemory = false; return this.wasm.forward(order, dur, start, finish); }
    const p = this.problem, prof = this.fwd;
    const { predStart, preds, release } = p;
    const fc = this.finish, rule = fc?.finishRule, shift = fc?.finishShift;
    prof.reset();
    let makespan = 0;
    for (let x = 0; x < order.length; x++) {
      const j = order[x];
      let t = release[j];
      for (let k = predStart[j]; k < predStart[j + 1]; k++) { const f = finish[preds[k]]; if (f > t) t = f; }
      const d = dur[j];
      this.lastPool = -1; this.lastBlocker = -1;
      if (d > 0 && t !== Infinity) t = this.earliest(prof, j, t, d);
      let f = t + d;
      if (rule !== undefined && rule[j] >= 0 && t !== Infinity) {
        // Finish constraint (see the banner): a deploy starts later until its finish is
        // allowed and its pools fit (each round moves t forward, and the tables are
        // finite, so this ends); a gate waits after its work. No allowed finish left:
        // the unconstrained finish stays, as in critical-path.ts.
        for (;;) {
          const g = nextAllowedFinish(fc!, j, f);
          if (!(g > f) || g === Infinity) break;
          if (shift![j] === 0) { f = g; break; }
          t = g - d;
          if (d > 0) t = this.earliest(prof, j, t, d);
          f = t + d;
          if (t === Infinity) break;
        }
      }
      this.delayedBy[j] = this.lastPool;
      this.blocker[j] = this.lastBlocker;
      start[j] = t;
      finish[j] = f;
      if (d > 0 && t !== Infinity) this.place(prof, j, t, d);
      if (f > makespan) makespan = f;
    }
    return makespan;
  }

  /**
   * Backward decoding: `order` lists successors before predecessors; each activity
   * finishes as late as possible, no later than `horizon`. Fills real start/finish;
   * returns the length from the earliest start to `horizon`.
   */
  backward(order: ArrayLike<number>, dur: Float64Array, horizon: number, start: Float64Array, finish: Float64Array): number {
    const p = this.problem, prof = this.bwd, ms = this.mstart;
    if (this.wasmBack === undefined) {
      const reversed: RcpspProblem = {
        n: p.n, R: p.R, predStart: p.succStart, preds: p.succs, succStart: p.predStart, succs: p.preds,
        duration: p.duration, release: new Float64Array(p.n), demand: p.demand, capacity: p.capacity,
      };
      this.wasmBack = SgsWasm.create(reversed, this.uses, this.bwdLevel, this.bwd.layout());
    }
    if (this.wasmBack) {
      // Twin of the loop below without finish rules (see wasmBack): t = the latest mirrored
      // finish ms[s] + dur[s] of the successors (the reversed network's predecessors), then
      // the earliest fit, on the same profile; the same operations give the same bits.
      this.wasmBack.ignore.set(this.ignore);
      const length = this.wasmBack.forward(order, dur, ms, this.mfinish);
      for (let x = 0; x < order.length; x++) {
        const j = order[x];
        finish[j] = horizon - ms[j];
        start[j] = finish[j] - dur[j];
      }
      return length;
    }
    const { succStart, succs } = p;
    if (!this.constant) prof.setInitial(p.capacity, horizon); else prof.reset();
    const fc = this.finish, rule = fc?.finishRule, shift = fc?.finishShift;
    let length = 0;
    for (let x = 0; x < order.length; x++) {
      const j = order[x];
      let t = 0;
      for (let k = succStart[j]; k < succStart[j + 1]; k++) { const s = succs[k]; const f = ms[s] + dur[s]; if (f > t) t = f; }
      const d = dur[j];
      const constrained = rule !== undefined && rule[j] >= 0 && t !== Infinity;
      if (constrained) {
        // The work must end by the last allowed finish before its successors' starts
        // (a gate's work ending earlier waits until an allowed finish no later than that).
        const L = prevAllowedFinish(fc!, j, horizon - t);
        if (L !== -Infinity && horizon - L > t) t = horizon - L;
      }
      if (d > 0 && t !== Infinity) t = this.earliest(prof, j, t, d);
      if (constrained && shift![j] === 1) {
        // A deploy's work ends at an allowed finish: earlier (mirrored later) until it does and fits.
        for (;;) {
          const L = prevAllowedFinish(fc!, j, horizon - t);
          if (L === -Infinity || !(horizon - L > t)) break;
          t = horizon - L;
          if (d > 0) t = this.earliest(prof, j, t, d);
          if (t === Infinity) break;
        }
      }
      ms[j] = t;
      if (d > 0 && t !== Infinity) this.place(prof, j, t, d);
      if (t + d > length) length = t + d;
    }
    // Mirrored finish t + d of j is real start horizon - t - d.
    for (let x = 0; x < order.length; x++) {
      const j = order[x];
      finish[j] = horizon - ms[j];
      start[j] = finish[j] - dur[j];
    }
    return length;
  }

  /**
   * Earliest t >= t0 at which j fits on every pool it uses for d time units.
   * Pool by pool: skip a pool whose least free capacity covers the demand; else
   * start at the later of t and the demand level's front, and walk the segments
   * once, moving the candidate start past each segment short of capacity, until a
   * window of length d fits. A later start invalidates the pools already checked,
   * so the round goes on until every pool has accepted the same start.
   */
  private earliest(prof: ResourceProfile, j: number, t0: number, d: number): number {
    const { start: us, pool, qty } = this.uses;
    const level = prof === this.fwd ? this.fwdLevel : this.bwdLevel;
    const minFree = prof.minFree, front = prof.front, ignore = this.ignore;
    const u0 = us[j], nu = us[j + 1] - u0;
    let t = t0;
    let accepted = 0;
    for (let x = 0; accepted < nu; x = x + 1 === nu ? 0 : x + 1) {
      const u = u0 + x;
      const r = pool[u];
      const q = qty[u] - EPS;
      if (minFree[r] >= q || ignore[r] === 1) { accepted++; continue; }
      const time = prof.time[r], free = prof.free[r], ended = prof.endedBy[r];
      const K = prof.count[r];
      const l = level[u];
      let cs = t, by = -2;
      if (l >= 0 && front[l] > cs) { cs = front[l]; by = -3; }
      let k = prof.seek(r, cs);
      if (by === -3) by = ended[k];
      for (;;) {
        if (free[k] < q) {
          if (k === K - 1) return Infinity;
          // Whoever ends at the next breakpoint may have released enough.
          k++;
          cs = time[k];
          by = ended[k];
          continue;
        }
        if (k === K - 1 || time[k + 1] >= cs + d) break;
        k++;
      }
      if (cs > t) {
        t = cs;
        this.lastPool = r;
        this.lastBlocker = by;
        accepted = 1;
      } else accepted++;
    }
    return t;
  }

  private place(prof: ResourceProfile, j: number, t: number, d: number): void {
    const { start: us, pool, qty } = this.uses;
    const ignore = this.ignore;
    for (let u = us[j]; u < us[j + 1]; u++) if (ignore[pool[u]] === 0) prof.take(pool[u], t, t + d, qty[u], j);
  }
}
