/**
 * A resource-constrained schedule of short makespan within a budget of schedule
 * decodings: a steady-state genetic algorithm over activity lists, each child
 * decoded by the serial SGS and improved by forward-backward justification.
 *
 * Method (Hartmann 1998, with the justification of Valls et al. 2005):
 * - the first lists come from priority rules (LFT, MTS, GRPW) and regret-biased
 *   random sampling on LFT;
 * - a list is stored "standardized": sorted by the start times of its justified
 *   schedule, so that crossover passes on what the schedule really did;
 * - children come from two-point crossover of two tournament winners plus an
 *   adjacent-swap mutation that keeps precedence; a child replaces the worst
 *   member when it is no worse and not a duplicate;
 *   after `restartAfter` children without a new best, all but the best quarter
 *   are replaced by fresh samples (diversification);
 * - the search stops at the budget or when it reaches a lower bound (critical
 *   path, or the resource work bound when capacities are constant).
 *
 * Counting: one SGS decoding (forward or backward) = one schedule; a child with
 * justification costs three. Deterministic for a given rng; ties by index.
 * Cost: O(schedules * SGS cost) time, O(population * n) memory.
 * References: Hartmann, "A competitive genetic algorithm for resource-constrained
 * project scheduling", NRL 45 (1998); Valls, Ballestin & Quintanilla, EJOR 165 (2005);
 * Kolisch & Hartmann, "Experimental investigation of heuristics for RCPSP: an
 * update", EJOR 174 (2006).
 */
import { SerialSgs } from './serial-sgs';
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

interface Member { list: Int32Array; makespan: number; hash: number }

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
  const just = new Justifier(sgs);
  const dur = p.duration;
  const start = new Float64Array(n), finish = new Float64Array(n);
  let used = 0;

  const best = { order: new Int32Array(n), start: new Float64Array(n), finish: new Float64Array(n), makespan: Infinity };
  const done = () => used >= budget || best.makespan <= lb + 1e-9;

  /** Decodes and justifies a list; returns the standardized list and makespan. */
  const decode = (list: Int32Array): Member => {
    let m = sgs.forward(list, dur, start, finish);
    used++;
    while (used + 2 <= budget && m > lb + 1e-9) {
      const before = m;
      m = just.improve(dur, start, finish, m);
      used += 2;
      if (!(m < before)) break;
    }
    const out = Int32Array.from(list);
    for (let i = 0; i < n; i++) out[i] = i;
    sortByKey(out, start, false);
    if (m < best.makespan) {
      best.makespan = m;
      best.order.set(out); best.start.set(start); best.finish.set(finish);
    }
    return { list: out, makespan: m, hash: hashList(out) };
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
    admit(decode(listFromPriority(p, pr)));
  }
  for (let tries = 0; pop.length < size && !done() && tries < 4 * size; tries++) {
    admit(decode(listFromPriority(p, lft, rng, 1 + 2 * rng())));
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
  while (!done() && pop.length > 1) {
    const mother = pick().list;
    let father = pick().list;
    if (father === mother) father = pop[Math.floor(rng() * pop.length)].list;
    let q1 = Math.floor(rng() * (n + 1)), q2 = Math.floor(rng() * (n + 1));
    if (q1 > q2) { const t = q1; q1 = q2; q2 = t; }
    taken.fill(0);
    let len = 0;
    for (let x = 0; x < q1; x++) { child[len++] = mother[x]; taken[mother[x]] = 1; }
    for (let x = 0; x < n && len < q2; x++) { const j = father[x]; if (!taken[j]) { child[len++] = j; taken[j] = 1; } }
    for (let x = 0; x < n && len < n; x++) { const j = mother[x]; if (!taken[j]) { child[len++] = j; taken[j] = 1; } }
    for (let x = 0; x + 1 < n; x++) {
      if (rng() < pm && !isPred(child[x], child[x + 1])) { const t = child[x]; child[x] = child[x + 1]; child[x + 1] = t; }
    }
    const before = best.makespan;
    admit(decode(child));
    stall = best.makespan < before ? 0 : stall + 1;
    if (stall >= restartAfter && !done()) {
      // Diversify: keep the best quarter, refill with fresh biased samples.
      stall = 0;
      pop.sort((x, y) => x.makespan - y.makespan);
      for (const m of pop.splice(Math.max(1, pop.length >> 2))) hashes.delete(m.hash);
      for (let tries = 0; pop.length < size && !done() && tries < 4 * size; tries++) {
        admit(decode(listFromPriority(p, lft, rng, 1 + 2 * rng())));
      }
    }
  }

  return { order: best.order, start: best.start, finish: best.finish, makespan: best.makespan, schedules: used, lowerBound: lb };
}
