/**
 * A resource-constrained schedule of short makespan within a budget of schedule
 * decodings: a steady-state genetic algorithm over activity lists, each child
 * decoded by the serial or the parallel SGS (a gene of the member) and improved by
 * forward-backward justification.
 *
 * Method (Hartmann 1998, with the justification of Valls et al. 2005):
 * - the first lists come from priority rules (LFT, MTS, GRPW) and regret-biased
 *   random sampling on LFT;
 * - a list is stored "standardized": sorted by the start times of its justified
 *   schedule, so that crossover passes on what the schedule really did;
 * - children come from crossover of two tournament winners (peak crossover of
 *   Valls, Ballestin & Quintanilla 2008: the mother's most resource-loaded window
 *   is kept as a block; or classic two-point crossover) plus an adjacent-swap
 *   mutation that keeps precedence; a child replaces the worst member when it is
 *   no worse and not a duplicate;
 * - after `restartAfter` children without a new best, all but the best quarter
 *   are replaced, half by neighbours of the best schedule (jittered start times),
 *   half by fresh samples (diversification);
 * - after `walkAfter` of the budget, intensification: a walk from the best list,
 *   each step 1..`walkMoves` random shifts of an activity inside its precedence
 *   range, accepting any child that is no longer (ties let it cross plateaus);
 * - path relinking (Kochetov & Stolyar 2003) when the walk stalls (`relinkAfter`
 *   steps without a strictly shorter schedule): the walk's list is moved toward a
 *   random population member, one position at a time, a few intermediate lists are
 *   decoded, and the walk goes on from the best of them even when it is longer
 *   (back to the best list as soon as a new best appears). Measured at 5,000
 *   schedules, seeds 1/2/3: j30 0.089/0.064/0.094% -> 0.050/0.064/0.060%;
 *   j60 (CPM bound) seeds 1/2: 11.096/11.139% -> 11.089/11.077%;
 * - decoder genes (after Hartmann 2002, "A self-adapting genetic algorithm for
 *   project scheduling under resource constraints", NRL 49): each member carries two
 *   bits, whether its list is decoded by the serial or by the parallel SGS
 *   (parallel-sgs.ts: non-delay schedules, another and often better region when
 *   resources are tight), and whether its forward-backward justification goes
 *   backward through the serial or the parallel SGS (ParallelJustifier; the forward
 *   half is serial, so every stored schedule is a serial one). New members draw each
 *   bit (parallel with probability `parallelShare`/`parallelJustify`, 0.75); a child
 *   inherits the mother's bits, a walk step the current list's, each bit switched with
 *   probability `decoderFlip` (0.15). What pays is the mix: on the 99 j60 instances
 *   HEAD did not solve at seed 1, seed 2 (HEAD 45.945%): all serial both ways 45.945,
 *   serial forward + parallel backward 46.61, all parallel 46.43, the mix 45.33-45.49%.
 *   Measured at 5,000 schedules: j60 (CPM bound) seeds 1/2/3: 11.089/11.077/11.099% ->
 *   10.988/10.985/10.947%; j30 seed 1: 0.050% (466/480) -> 0.048% (465/480). Without
 *   finish constraints only (else serial both ways, the search of before exactly);
 *   with capacity windows the backward pass stays serial;
 * - the search stops at the budget or when it reaches a lower bound (critical
 *   path, or the resource work bound when capacities are constant).
 *
 * Counting: one SGS decoding (forward or backward) = one schedule; a child with
 * its one forward-backward justification costs three.
 * A child whose forward schedule was already seen is not justified again: its
 * justified result is remembered (a walk's shift is often absorbed by the decoding,
 * about a third of the steps on j30), so it costs one schedule.
 * Deterministic for a given rng; ties by index (the parallel SGS: list order).
 * Both SGS run in WebAssembly where available: on the 2,000-task bench plan ~0.25 ms
 * per parallel decoding (s14: JavaScript ~0.4 ms once optimized, far more before) and
 * ~0.2-0.3 ms per serial one; so do the sampled lists (priority-rules.ts) and the sorts
 * (justify.ts sortByKey). s14 (P2), the whole search on that plan (schedulePlan, budget
 * 1,000, same schedules), median of 8 alternating runs against HEAD on the shared 2-core
 * VM (noisy; other rounds gave ~775-880 -> ~550-650): ~840 -> ~575 ms CPU, main thread
 * ~580 -> ~440, V8's background compiling ~250 -> ~150; cachegrind (--single-threaded
 * --no-liftoff): 5.81G -> 3.64G instructions.
 * Cost: O(schedules * SGS cost) time, O(population * n) memory.
 * References: Hartmann, "A competitive genetic algorithm for resource-constrained
 * project scheduling", NRL 45 (1998); Valls, Ballestin & Quintanilla, EJOR 165 (2005)
 * and "A hybrid genetic algorithm for the RCPSP", EJOR 185 (2008);
 * Kochetov & Stolyar, "Evolutionary local search with variable neighborhood for
 * the RCPSP", Proc. 3rd Int. Workshop on Computer Science and Information
 * Technologies (2003);
 * Kolisch & Hartmann, "Experimental investigation of heuristics for RCPSP: an
 * update", EJOR 174 (2006).
 */
import { SerialSgs } from './serial-sgs';
import { ParallelJustifier, ParallelSgs } from './parallel-sgs';
import { Justifier, sortByKey } from './justify';
import { criticalPathBound, grpwPriority, lftPriority, listFromPriority, mtsPriority } from './priority-rules';
import { hasConstantCapacity, type RcpspProblem } from './rcpsp-problem';

export interface RcpspSearchOptions {
  /** Budget of SGS decodings (default 1000). */
  schedules?: number;
  /** Random source in [0, 1). */
  rng: () => number;
  /** Population size (default: 1.4 sqrt(budget), within 20..100). */
  populationSize?: number;
  /** Probability of swapping each adjacent pair of a child (default 0.1). */
  mutationRate?: number;
  /** Children without a new best before the population is renewed (default 2 x population). */
  restartAfter?: number;
  /** Stop as soon as this makespan is reached (default: the computed lower bound). */
  lowerBound?: number;
  /** Share of children made by peak crossover, the rest by two-point crossover (default 1). */
  peakCrossover?: number;
  /** Share of the budget after which the search turns into a walk from the best list (default 0.3). */
  walkAfter?: number;
  /** Largest number of random shifts per walk step (default 6). */
  walkMoves?: number;
  /** Walk steps without a strictly shorter schedule before path relinking (0 = never). */
  relinkAfter?: number;
  /** Intermediate lists decoded along a relinking path. */
  relinkPoints?: number;
  /** Probability that a new member's list is decoded by the parallel SGS (default 0.75; 0 = serial only). */
  parallelShare?: number;
  /** Probability that a new member is justified through the backward parallel SGS (default 0.75; 0 = never). */
  parallelJustify?: number;
  /** Probability that a child (or walk step) switches each of its two decoder choices (default 0.15). */
  decoderFlip?: number;
}

export interface RcpspSolution {
  /** The best activity list, standardized (sorted by start). */
  order: Int32Array;
  start: Float64Array;
  finish: Float64Array;
  makespan: number;
  /** SGS decodings used. */
  schedules: number;
  lowerBound: number;
}

/** Max of the critical-path bound and, with constant capacities, ceil-free work bounds sum(d*q)/capacity. */
export function makespanLowerBound(p: RcpspProblem): number {
  let lb = criticalPathBound(p);
  if (hasConstantCapacity(p)) {
    const integral = p.duration.every((d) => Number.isInteger(d));
    for (let r = 0; r < p.R; r++) {
      const cap = p.capacity[r].base;
      if (cap <= 0) continue;
      let work = 0;
      for (let i = 0; i < p.n; i++) work += p.duration[i] * p.demand[i * p.R + r];
      const b = work / cap;
      lb = Math.max(lb, integral ? Math.ceil(b - 1e-9) : b);
    }
  }
  return lb;
}

/**
 * `gene`: how the list is decoded (Hartmann 2002): bit 1 set = forward by the parallel
 * SGS (else the serial one); bit 2 set = justified backward by the parallel SGS (else
 * the serial one; the forward half of the justification is always serial).
 */
interface Member { list: Int32Array; makespan: number; hash: number; start: Float64Array; gene: number }

/** Whether a and b hold equal starts (===, as the memo compares them). */
function sameStarts(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * FNV-1a over 32-bit words, made unsigned by the caller (decode's memo key). A module
 * function, so its loop stays optimized while V8 re-optimizes decode (s14: several
 * times per search, as decode's rare paths run for the first time).
 */
function hashWords(bits: Int32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bits.length; i++) { h ^= bits[i]; h = Math.imul(h, 0x01000193); }
  return h;
}

function hashList(list: Int32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < list.length; i++) { h ^= list[i]; h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}

export function solveRcpsp(p: RcpspProblem, opts: RcpspSearchOptions): RcpspSolution {
  const { n } = p;
  const rng = opts.rng;
  const budget = Math.max(1, Math.floor(opts.schedules ?? 1000));
  const lb = opts.lowerBound ?? makespanLowerBound(p);
  const size = opts.populationSize ?? Math.max(20, Math.min(100, Math.round(Math.sqrt(budget) * 1.4)));
  const sgs = new SerialSgs(p);
  const psgs = new ParallelSgs(p);
  const pjust = new ParallelJustifier(sgs);
  const pShare = psgs.supports ? Math.max(0, Math.min(1, opts.parallelShare ?? 0.75)) : 0;
  const pBack = pjust.supports ? Math.max(0, Math.min(1, opts.parallelJustify ?? 0.75)) : 0;
  const pFlip = pShare > 0 || pBack > 0 ? Math.max(0, Math.min(1, opts.decoderFlip ?? 0.15)) : 0;
  const newGene = (): number => (pShare > 0 && rng() < pShare ? 1 : 0) | (pBack > 0 && rng() < pBack ? 2 : 0);
  /** The gene of a child: each bit switched with probability pFlip (only bits in use). */
  const inherit = (g: number): number => {
    if (pShare > 0 && rng() < pFlip) g ^= 1;
    if (pBack > 0 && rng() < pFlip) g ^= 2;
    return g;
  };
  // Hash salt per gene: one list with two genes is two members (gene 0 keeps the plain hash).
  const geneSalt = [0, 0x9e3779b9, 0x85ebca6b, 0xc2b2ae35];
  const just = new Justifier(sgs);
  const dur = p.duration;
  const start = new Float64Array(n), finish = new Float64Array(n);
  let used = 0;

  const best = { order: new Int32Array(n), start: new Float64Array(n), finish: new Float64Array(n), makespan: Infinity };
  const done = () => used >= budget || best.makespan <= lb + 1e-9;

  // Memo of justification: forward schedule -> its justified member. Many lists
  // decode to a schedule seen before (a walk's shift is often absorbed), and its
  // justification would then cost two decodings to learn nothing new.
  const memo = new Map<number, { forward: Float64Array; member: Member }>();
  const bits = new Int32Array(start.buffer);
  // At most 4096 entries and about 2^19 stored forward start times (4 MB, as much again
  // for the members); cleared when full.
  const memoLimit = Math.max(16, Math.min(1 << 12, Math.floor((1 << 19) / Math.max(1, n))));

  /** Decodes and justifies a list; returns the standardized list and makespan. */
  const decode = (list: Int32Array, gene: number): Member => {
    let m = (gene & 1) === 1 ? psgs.forward(list, dur, start, finish) : sgs.forward(list, dur, start, finish);
    used++;
    let h = hashWords(bits);
    // The justification depends on the forward schedule and the backward bit only.
    h = (h ^ (gene & 2 ? geneSalt[2] : 0)) >>> 0;
    const seen = memo.get(h);
    if (seen && sameStarts(seen.forward, start)) {
      const sm = seen.member;
      return sm.gene === gene ? sm : { list: sm.list, makespan: sm.makespan, hash: (sm.hash ^ geneSalt[sm.gene] ^ geneSalt[gene]) >>> 0, start: sm.start, gene };
    }
    // Copies by slice (a memcpy): TypedArray.from walks an iterator (s14: ~3% of the search).
    const forward = start.slice();
    // One forward-backward pass (Valls et al. apply it once; repeating it while it
    // improves was measured no better on j30 and worse on j60 for the budget it takes).
    if (used + 2 <= budget && m > lb + 1e-9) {
      m = (gene & 2) === 2 ? pjust.improve(dur, start, finish, m) : just.improve(dur, start, finish, m);
      used += 2;
    }
    const out = new Int32Array(list.length);
    for (let i = 0; i < n; i++) out[i] = i;
    sortByKey(out, start, false);
    if (m < best.makespan) {
      best.makespan = m;
      best.order.set(out); best.start.set(start); best.finish.set(finish);
    }
    const hl = hashList(out);
    const member = { list: out, makespan: m, hash: (hl ^ geneSalt[gene]) >>> 0, start: start.slice(), gene };
    if (memo.size >= memoLimit) memo.clear();
    memo.set(h, { forward, member });
    return member;
  };

  const pop: Member[] = [];
  const hashes = new Set<number>();
  const admit = (c: Member): void => {
    if (hashes.has(c.hash)) return;
    if (pop.length < size) { pop.push(c); hashes.add(c.hash); return; }
    let worst = 0;
    for (let i = 1; i < pop.length; i++) if (pop[i].makespan > pop[worst].makespan) worst = i;
    if (c.makespan <= pop[worst].makespan) {
      hashes.delete(pop[worst].hash);
      pop[worst] = c;
      hashes.add(c.hash);
    }
  };

  const lft = lftPriority(p);
  for (const pr of [lft, mtsPriority(p), grpwPriority(p)]) {
    if (done()) break;
    const l = listFromPriority(p, pr);
    admit(decode(l, 0));
    // The rule lists also through the parallel decoders (when in use).
    if ((pShare > 0 || pBack > 0) && !done()) admit(decode(l, (pShare > 0 ? 1 : 0) | (pBack > 0 ? 2 : 0)));
  }
  for (let tries = 0; pop.length < size && !done() && tries < 4 * size; tries++) {
    admit(decode(listFromPriority(p, lft, rng, 1 + 2 * rng()), newGene()));
  }

  const pm = opts.mutationRate ?? 0.1;
  const restartAfter = opts.restartAfter ?? 2 * size;
  let stall = 0;
  const taken = new Uint8Array(n);
  const child = new Int32Array(n);
  const pick = (): Member => {
    const a = pop[Math.floor(rng() * pop.length)], b = pop[Math.floor(rng() * pop.length)];
    return a.makespan <= b.makespan ? a : b;
  };
  const isPred = (a: number, b: number): boolean => {
    for (let k = p.predStart[b]; k < p.predStart[b + 1]; k++) if (p.preds[k] === a) return true;
    return false;
  };
  const pPeak = opts.peakCrossover ?? 1;
  // Peak crossover (Valls, Ballestin & Quintanilla 2008): the child keeps, in the
  // mother's order, the activities that start inside the mother's window of highest
  // resource utilization, a good "building block"; the activities starting before
  // it and after it follow the father's order. Precedence holds: the three groups
  // are ordered by the mother's start times, and inside each group an order of a
  // feasible list is kept. Utilization is counted per unit period (demand over
  // base capacity), an approximation that only steers the choice of the window.
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let w = 0;
    for (let r = 0; r < p.R; r++) { const c = p.capacity[r].base; if (c > 0) w += p.demand[i * p.R + r] / c; }
    weight[i] = w;
  }
  let util = new Float64Array(64);
  const group = new Uint8Array(n);
  const peakCross = (mother: Member, father: Member): void => {
    const st = mother.start;
    const H = Math.max(1, Math.ceil(mother.makespan - 1e-9));
    if (util.length < H + 2) util = new Float64Array(2 * H + 2);
    util.fill(0, 0, H + 2);
    for (let i = 0; i < n; i++) {
      if (!(dur[i] > 0) || weight[i] === 0) continue;
      const a = Math.min(H, Math.max(0, Math.floor(st[i]))), b = Math.min(H, Math.max(a + 1, Math.ceil(st[i] + dur[i] - 1e-9)));
      util[a] += weight[i]; util[b] -= weight[i];
    }
    for (let t = 1; t <= H; t++) util[t] += util[t - 1];
    const len = Math.max(1, Math.min(H, Math.round(H * (lenLo + (lenHi - lenLo) * rng()))));
    let sum = 0;
    for (let t = 0; t < len; t++) sum += util[t];
    let bestSum = sum, t1 = 0;
    for (let t = len; t < H; t++) {
      sum += util[t] - util[t - len];
      if (sum > bestSum + 1e-12) { bestSum = sum; t1 = t - len + 1; }
    }
    const t2 = t1 + len;
    for (let i = 0; i < n; i++) group[i] = st[i] < t1 ? 0 : st[i] < t2 ? 1 : 2;
    let k = 0;
    for (let x = 0; x < n; x++) { const j = father.list[x]; if (group[j] === 0) child[k++] = j; }
    for (let x = 0; x < n; x++) { const j = mother.list[x]; if (group[j] === 1) child[k++] = j; }
    for (let x = 0; x < n; x++) { const j = father.list[x]; if (group[j] === 2) child[k++] = j; }
  };
  // Window length: a random share of the makespan in [1/4, 3/4].
  const lenLo = 0.25, lenHi = 0.75;
  // Restart newcomers: this share are neighbours of the best, jittered by up to `noise` mean durations.
  const pNear = 0.5, noise = 1;
  const jitter = new Float64Array(n);
  let meanDur = 0;
  for (let i = 0; i < n; i++) meanDur += dur[i] / n;
  const phase1 = opts.walkAfter ?? 0.3;
  const moves = Math.max(1, Math.floor(opts.walkMoves ?? 6));
  const posOf = new Int32Array(n);
  /** Moves the activity at position x of `child` to a random position between its last predecessor and first successor. */
  const shift = (x: number): void => {
    for (let y = 0; y < n; y++) posOf[child[y]] = y;
    const j = child[x];
    let lo = 0, hi = n - 1;
    for (let k = p.predStart[j]; k < p.predStart[j + 1]; k++) lo = Math.max(lo, posOf[p.preds[k]] + 1);
    for (let k = p.succStart[j]; k < p.succStart[j + 1]; k++) hi = Math.min(hi, posOf[p.succs[k]] - 1);
    const y = lo + Math.floor(rng() * (hi - lo + 1));
    if (y > x) child.copyWithin(x, x + 1, y + 1);
    else if (y < x) child.copyWithin(y + 1, y, x);
    child[y] = j;
  };
  let current: Member | undefined;
  // About 3 walk steps per activity without progress (100 on j30, 194 on j60): tuned on
  // PSPLIB at 5,000 schedules (j30 best at 100, j60 at 200; 50 and 400 worse).
  const relinkAfter = Math.max(0, Math.floor(opts.relinkAfter ?? Math.round((n * 25) / 8)));
  const relinkPoints = Math.max(1, Math.floor(opts.relinkPoints ?? 4));
  let idle = 0;
  let walkBest = Infinity;
  /**
   * Path relinking (Kochetov & Stolyar 2003): from `from` toward `guide`, position by
   * position, the guide's activity is moved forward to the guide's position; each
   * move keeps precedence (all its predecessors are in the common prefix). A few
   * evenly spaced intermediate lists are decoded; returns the best of them.
   */
  const relink = (from: Member, guide: Member): Member | undefined => {
    child.set(from.list);
    let diff = 0;
    for (let x = 0; x < n; x++) if (from.list[x] !== guide.list[x]) diff++;
    if (diff < 4) return undefined;
    for (let y = 0; y < n; y++) posOf[child[y]] = y;
    const stride = Math.max(1, Math.floor(diff / (relinkPoints + 1)));
    let moved = 0, out: Member | undefined;
    for (let x = 0; x < n && !done(); x++) {
      const j = guide.list[x];
      if (child[x] === j) continue;
      const y = posOf[j];
      child.copyWithin(x + 1, x, y);
      child[x] = j;
      for (let z = x; z <= y; z++) posOf[child[z]] = z;
      moved++;
      if (moved % stride === 0 && moved < diff - 1) {
        const c = decode(child, from.gene);
        admit(c);
        if (!out || c.makespan < out.makespan) out = c;
      }
    }
    return out;
  };

  // An activity that can never fit makes every schedule infinite, whatever the list:
  // nothing to search (and the peak window of an infinite schedule is undefined).
  while (!done() && pop.length > 1 && best.makespan < Infinity) {
    if (used >= phase1 * budget) {
      // Phase 2: a walk from the best list by random shifts, accepting ties (plateaus are wide).
      // Back to the best list when a new best appeared (the walk may run from a relinked point).
      if (!current || best.makespan < walkBest) { current = pop.reduce((a, b) => (b.makespan < a.makespan ? b : a)); walkBest = best.makespan; }
      child.set(current.list);
      const m = 1 + Math.floor(rng() * moves);
      for (let k = 0; k < m; k++) shift(Math.floor(rng() * n));
      const c = decode(child, inherit(current.gene));
      if (c.makespan < current.makespan) idle = 0; else idle++;
      if (c.makespan <= current.makespan) current = c;
      admit(c);
      if (relinkAfter > 0 && idle >= relinkAfter && pop.length > 1) {
        idle = 0;
        let g = pop[Math.floor(rng() * pop.length)];
        if (g.hash === current.hash) g = pop[Math.floor(rng() * pop.length)];
        const r = relink(current, g);
        if (r) current = r;
      }
      continue;
    }
    const mother = pick();
    let father = pick();
    if (father === mother) father = pop[Math.floor(rng() * pop.length)];
    if (rng() < pPeak) peakCross(mother, father);
    else {
      let q1 = Math.floor(rng() * (n + 1)), q2 = Math.floor(rng() * (n + 1));
      if (q1 > q2) { const t = q1; q1 = q2; q2 = t; }
      taken.fill(0);
      let len = 0;
      for (let x = 0; x < q1; x++) { child[len++] = mother.list[x]; taken[mother.list[x]] = 1; }
      for (let x = 0; x < n && len < q2; x++) { const j = father.list[x]; if (!taken[j]) { child[len++] = j; taken[j] = 1; } }
      for (let x = 0; x < n && len < n; x++) { const j = mother.list[x]; if (!taken[j]) { child[len++] = j; taken[j] = 1; } }
    }
    for (let x = 0; x + 1 < n; x++) {
      if (rng() < pm && !isPred(child[x], child[x + 1])) { const t = child[x]; child[x] = child[x + 1]; child[x + 1] = t; }
    }
    const before = best.makespan;
    // The decoders are inherited from the mother, each switched with probability pFlip (Hartmann 2002).
    admit(decode(child, inherit(mother.gene)));
    stall = best.makespan < before ? 0 : stall + 1;
    if (stall >= restartAfter && !done()) {
      // Diversify: keep the best quarter, refill with fresh biased samples.
      stall = 0;
      pop.sort((x, y) => x.makespan - y.makespan);
      for (const m of pop.splice(Math.max(1, pop.length >> 2))) hashes.delete(m.hash);
      // Half of the newcomers are neighbours of the best schedule (its start times
      // jittered, then made precedence-feasible), half fresh biased samples.
      const top = pop[0];
      for (let tries = 0; pop.length < size && !done() && tries < 4 * size; tries++) {
        if (rng() < pNear) {
          for (let i = 0; i < n; i++) jitter[i] = -(top.start[i] + rng() * noise * meanDur);
          admit(decode(listFromPriority(p, jitter), newGene()));
        } else admit(decode(listFromPriority(p, lft, rng, 1 + 2 * rng()), newGene()));
      }
    }
  }

  return { order: best.order, start: best.start, finish: best.finish, makespan: best.makespan, schedules: used, lowerBound: lb };
}
