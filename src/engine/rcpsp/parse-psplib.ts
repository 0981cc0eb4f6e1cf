/**
 * Reads a single-mode RCPSP instance in PSPLIB's `.sm` format (Kolisch & Sprecher,
 * "PSPLIB - a project scheduling problem library", EJOR 96, 1996): the job count,
 * the renewable resources, PRECEDENCE RELATIONS (job, modes, successor count,
 * successors), REQUESTS/DURATIONS (job, mode, duration, one request per resource)
 * and RESOURCEAVAILABILITIES. Durations are periods (working days for Converge).
 *
 * Method: one pass over the lines with a small section state machine; every
 * problem becomes a PsplibError with a stable code and the 1-based line number.
 * Nonrenewable and doubly constrained resources must be absent (single-mode
 * RCPSP). Job numbers need not be topological; cycles are reported.
 * Cost: O(size of the file).
 */
import { RcpspError, invertAdjacency, type RcpspProblem } from './rcpsp-problem';

export interface PsplibInstance {
  jobs: number;
  horizon?: number;
  /** Capacity of each renewable resource. */
  capacity: number[];
  /** Indexed by job number - 1. */
  duration: number[];
  successors: number[][];
  /** demand[job - 1][r]. */
  demand: number[][];
  /** The critical-path length the file states (PROJECT INFORMATION, MPM-Time), when present. */
  mpmTime?: number;
}

export class PsplibError extends RcpspError {
  constructor(code: string, message: string, readonly line: number) {
    super(code, `line ${line}: ${message}`);
    this.name = 'PsplibError';
  }
}

const NUMBERS = /^\s*-?\d+(\s+-?\d+)*\s*$/;

function ints(text: string): number[] {
  return text.trim().split(/\s+/).map(Number);
}

export function parsePsplib(text: string): PsplibInstance {
  const lines = text.split(/\r?\n/);
  let jobs = -1, horizon: number | undefined, renewable = -1, mpmTime: number | undefined;
  let section: 'head' | 'project' | 'precedence' | 'requests' | 'availability' = 'head';
  let successors: number[][] = [], duration: number[] = [], demand: number[][] = [];
  let capacity: number[] | undefined;
  let seenPrec = 0, seenReq = 0;
  let lastLine = lines.length;

  const need = (cond: boolean, code: string, line: number, msg: string) => {
    if (!cond) throw new PsplibError(code, msg, line);
  };

  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    const no = li + 1;
    const t = line.trim();
    if (!t || /^[*=-]+$/.test(t)) continue;
    let m: RegExpExecArray | null;
    if ((m = /^jobs \(incl\. supersource\/sink \)\s*:\s*(\S+)/.exec(t))) {
      jobs = Number(m[1]);
      need(Number.isInteger(jobs) && jobs >= 1, 'psplib-invalid-number', no, `job count ${JSON.stringify(m[1])} is not a positive integer`);
      successors = Array.from({ length: jobs }, () => []);
      duration = new Array(jobs).fill(NaN);
      demand = new Array(jobs);
      continue;
    }
    if ((m = /^horizon\s*:\s*(\S+)/.exec(t))) { horizon = Number(m[1]); continue; }
    if ((m = /^- renewable\s*:\s*(\S+)/.exec(t))) {
      renewable = Number(m[1]);
      need(Number.isInteger(renewable) && renewable >= 0, 'psplib-invalid-number', no, 'renewable resource count is not an integer');
      continue;
    }
    if ((m = /^- (nonrenewable|doubly constrained)\s*:\s*(\S+)/.exec(t))) {
      need(Number(m[2]) === 0, 'psplib-unsupported', no, `${m[1]} resources are not supported (single-mode RCPSP only)`);
      continue;
    }
    if (t.startsWith('PROJECT INFORMATION')) { section = 'project'; continue; }
    if (t.startsWith('PRECEDENCE RELATIONS')) { section = 'precedence'; continue; }
    if (t.startsWith('REQUESTS/DURATIONS')) { section = 'requests'; continue; }
    if (t.startsWith('RESOURCEAVAILABILITIES')) { section = 'availability'; continue; }
    if (section === 'head') continue;
    if (!NUMBERS.test(t)) {
      // Column captions (pronr., jobnr., R 1 ...) are the only non-numeric lines allowed in sections.
      need(/[A-Za-z]/.test(t) && !/^\d/.test(t), 'psplib-bad-line', no, `unexpected text ${JSON.stringify(t.slice(0, 40))}`);
      continue;
    }
    need(jobs > 0, 'psplib-missing-header', no, 'data before the "jobs (incl. supersource/sink )" line');
    const v = ints(t);
    if (section === 'project') {
      need(v.length >= 6, 'psplib-bad-line', no, 'PROJECT INFORMATION needs 6 numbers');
      mpmTime = v[5];
      continue;
    }
    if (section === 'precedence') {
      const [job, modes, count] = v;
      need(v.length >= 3, 'psplib-bad-line', no, 'a precedence line needs job, modes and successor count');
      need(job >= 1 && job <= jobs, 'psplib-unknown-job', no, `job ${job} is not in 1..${jobs}`);
      need(modes === 1, 'psplib-unsupported', no, `job ${job} has ${modes} modes (single-mode only)`);
      need(v.length === 3 + count, 'psplib-bad-line', no, `job ${job} announces ${count} successors but lists ${v.length - 3}`);
      for (const s of v.slice(3)) {
        need(s >= 1 && s <= jobs, 'psplib-unknown-job', no, `successor ${s} of job ${job} is not in 1..${jobs}`);
        need(s !== job, 'psplib-cycle', no, `job ${job} succeeds itself`);
        if (!successors[job - 1].includes(s)) successors[job - 1].push(s);
      }
      seenPrec++;
      continue;
    }
    if (section === 'requests') {
      need(renewable >= 0, 'psplib-missing-header', no, 'the renewable resource count is missing');
      need(v.length === 3 + renewable, 'psplib-bad-line', no, `a request line needs job, mode, duration and ${renewable} requests`);
      const [job, mode, d] = v;
      need(job >= 1 && job <= jobs, 'psplib-unknown-job', no, `job ${job} is not in 1..${jobs}`);
      need(mode === 1, 'psplib-unsupported', no, `job ${job} mode ${mode} (single-mode only)`);
      need(d >= 0, 'psplib-invalid-number', no, `job ${job} has a negative duration`);
      const q = v.slice(3);
      need(q.every((x) => x >= 0), 'psplib-invalid-number', no, `job ${job} has a negative request`);
      duration[job - 1] = d;
      demand[job - 1] = q;
      seenReq++;
      continue;
    }
    if (section === 'availability') {
      need(v.length === renewable, 'psplib-bad-line', no, `availability needs ${renewable} capacities`);
      need(v.every((x) => x >= 0), 'psplib-invalid-number', no, 'negative capacity');
      capacity = v;
      lastLine = no;
      section = 'head';
      continue;
    }
  }
  const end = lines.length;
  if (jobs < 0) throw new PsplibError('psplib-missing-header', 'no "jobs (incl. supersource/sink )" line', 1);
  if (seenPrec !== jobs) throw new PsplibError('psplib-missing-section', `PRECEDENCE RELATIONS lists ${seenPrec} of ${jobs} jobs`, end);
  if (seenReq !== jobs) throw new PsplibError('psplib-missing-section', `REQUESTS/DURATIONS lists ${seenReq} of ${jobs} jobs`, end);
  if (!capacity) throw new PsplibError('psplib-missing-section', 'no RESOURCEAVAILABILITIES', end);
  for (let j = 0; j < jobs; j++) {
    const over = demand[j].findIndex((q, r) => q > capacity![r]);
    if (over >= 0) throw new PsplibError('psplib-demand-exceeds-capacity', `job ${j + 1} requests ${demand[j][over]} of resource ${over + 1}, capacity ${capacity[over]}`, lastLine);
  }
  return { jobs, horizon, capacity, duration, successors, demand, mpmTime };
}

/**
 * The instance as an RcpspProblem, activities in topological order (Kahn,
 * ties by job number; PSPLIB numbers are already topological, so index = job - 1
 * there). `jobOf[i]` is the job number of activity i.
 */
export function problemFromPsplib(inst: PsplibInstance): { problem: RcpspProblem; jobOf: Int32Array } {
  const n = inst.jobs, R = inst.capacity.length;
  const indeg = new Int32Array(n);
  for (const list of inst.successors) for (const s of list) indeg[s - 1]++;
  const ready: number[] = [];
  for (let j = n - 1; j >= 0; j--) if (indeg[j] === 0) ready.push(j);
  const jobOf = new Int32Array(n);
  const pos = new Int32Array(n);
  let k = 0;
  while (ready.length) {
    const j = ready.pop()!;
    jobOf[k] = j + 1; pos[j] = k++;
    const next = inst.successors[j].map((s) => s - 1).filter((s) => --indeg[s] === 0).sort((a, b) => b - a);
    // Keep the ready stack ordered so the smallest job number is taken first.
    for (const s of next) ready.push(s);
    ready.sort((a, b) => b - a);
  }
  if (k < n) throw new PsplibError('psplib-cycle', 'the precedence relations contain a cycle', 1);
  const succStart = new Int32Array(n + 1);
  const succLists = Array.from({ length: n }, (_, i) => inst.successors[jobOf[i] - 1].map((s) => pos[s - 1]).sort((a, b) => a - b));
  for (let i = 0; i < n; i++) succStart[i + 1] = succStart[i] + succLists[i].length;
  const succs = Int32Array.from(succLists.flat());
  const inv = invertAdjacency(n, succStart, succs);
  const duration = Float64Array.from(jobOf, (job) => inst.duration[job - 1]);
  const demand = new Float64Array(n * R);
  for (let i = 0; i < n; i++) for (let r = 0; r < R; r++) demand[i * R + r] = inst.demand[jobOf[i] - 1][r];
  return {
    problem: {
      n, R, predStart: inv.start, preds: inv.list, succStart, succs, duration,
      release: new Float64Array(n), demand,
      capacity: inst.capacity.map((c) => ({ base: c, times: [], values: [] })),
    },
    jobOf,
  };
}
