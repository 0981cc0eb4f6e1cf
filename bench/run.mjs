#!/usr/bin/env node
// Speed benchmark of the Monte Carlo forecast (src/engine/forecast.ts + the CLI's
// worker pool), on generated AI-program plans.
//
//   npm run bench -- [--tasks 1000,10000,50000] [--iterations 10000] [--workers 1,2]
//                    [--resource-tasks 2000] [--seed 1] [--no-c] [--keep DIR] [--dist DIR]
//                    [--repeat K]
//
// Each (tasks, workers) case runs in a fresh child process, so its peak RSS is its
// own. Printed per case: tasks, iterations, workers, wall time of the forecast
// (plan already parsed and compiled; with 2+ workers the workers start before the plan
// is read, as `converge forecast --workers N` does; the schedule, the pilot and the report are
// included), process CPU time, task-samples per second, ns per task-iteration and
// peak RSS; with 1 worker also the phases: setup (deterministic schedule, and the
// resource-aware pass when tasks demand pools), layout (sampler tables and the
// pilot run), simulation, and report; with 2 workers the steps of runForecast: layout
// (the plan to the workers, each thread's simulation, the pilot), batches (with the
// deterministic schedule on the main thread), merge and report; the 10,000-task summary
// compares the part that splits (1 worker's schedule and simulation against the 2-worker
// batches). By default 50,000 tasks run with 1 worker only
// (the memory case). `--resource-tasks N` adds a plan with three pools
// (gen-plan.mjs --resources; 0 skips it). `--dist DIR` benchmarks another build of
// the CLI than dist/ (e.g. a private `tsc --outDir`).
//
// Plans come from /work/shared/bench/gen-plan.mjs (--tasks N --seed 1) when it is
// there; otherwise from a small built-in generator of the same shape (layered
// workstreams, ~2 predecessors per task, right-skewed PERT/lognormal/triangular
// estimates, some notBefore dates), and the script says so.
// When gcc and /work/shared/bench/mc_limit.c are available, the C speed-of-light
// reference runs on the same 10,000-task plan (single core), once after each round of ours
// (compared round by round: the same moment of a noisy machine), and the finish
// percentiles of both are compared (different random streams: they should agree
// within Monte Carlo noise, about 1 %).
// It also measures what the machine gives two threads: the C reference alone, then
// two copies at once (throughput of two over one: the ceiling for 2 workers here), and
// two of our 1-worker forecasts at once in two processes (our own ceiling: the same
// per-thread memory traffic as two workers, with nothing serial shared).
// `--repeat K` (default 5) runs the 10,000-task cases K times, alternating the worker
// counts, and prints every run, the medians, the median ratio and the ratio of the best
// runs (runs on this virtual machine vary by up to ~50 %: each virtual CPU has slow
// spells of a second or more, when our batches take ~58 ms instead of ~37; a 2-worker run
// needs both, so it is hit more often; noise only ever adds time, so the best runs are
// the closest to what the code itself costs). It prints the process CPU time of both too: a
// 1-worker process keeps a little more than one core busy (V8's compiler and garbage
// collector threads), so with the same CPU time two cores give less than 2x.
// The machine may be shared: compare CPU times, and re-run when the load is high.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
let dist = resolve(here, '../dist');
const SHARED = '/work/shared/bench';

function parse(argv) {
  const o = { tasks: [1000, 10000, 50000], iterations: 10000, workers: [1, 2], seed: '1', c: true, keep: undefined, child: undefined, resourceTasks: 2000, repeat: 5 };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i], v = () => argv[++i];
    if (a === '--tasks') o.tasks = v().split(',').map(Number);
    else if (a === '--iterations') o.iterations = Number(v());
    else if (a === '--workers') o.workers = v().split(',').map(Number);
    else if (a === '--seed') o.seed = v();
    else if (a === '--no-c') o.c = false;
    else if (a === '--keep') o.keep = v();
    else if (a === '--child') o.child = v();
    else if (a === '--child-workers') o.childWorkers = Number(v());
    else if (a === '--resource-tasks') o.resourceTasks = Number(v());
    else if (a === '--repeat') o.repeat = Math.max(1, Number(v()));
    else if (a === '--dist') dist = resolve(v());
    else { process.stderr.write(`bench: unknown argument ${a}\n`); process.exit(2); }
  }
  return o;
}

// ---------------------------------------------------------------- child: one measured run
async function child(o) {
  const { parsePlan } = require(join(dist, 'engine/parse-plan.js'));
  const { compilePlan } = require(join(dist, 'engine/compile-plan.js'));
  const { runForecast, forecastSetup, startForecastWorkers } = require(join(dist, 'cli/forecast-workers.js'));
  // As `converge forecast --workers N` does: the workers start before the plan is read.
  const pool = o.childWorkers > 1 && startForecastWorkers ? startForecastWorkers(o.childWorkers) : undefined;
  const { simulationFor, emptyState, runState, batchCount, DEFAULT_BATCH_SIZE } = require(join(dist, 'engine/monte-carlo.js'));
  const { buildForecastReport } = require(join(dist, 'engine/forecast.js'));
  const text = readFileSync(o.child, 'utf8');
  // As the CLI does: the first worker builds the plan's PERT tables while this thread parses and compiles it.
  pool?.planText?.(text);
  const parsed = parsePlan(text);
  if (!parsed.ok) throw new Error(`plan invalid: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
  const cp = compilePlan(parsed.plan);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const now = () => Number(process.hrtime.bigint() - t0) / 1e9;
  let report, phases;
  if (o.childWorkers > 1) {
    const steps = {};
    report = await runForecast(cp, { iterations: o.iterations, seed: o.seed, workers: o.childWorkers, onStep: (step) => (steps[step] = now()) }, pool);
    if (steps.merged !== undefined) {
      phases = { layout: steps.layout, batches: steps.batches - steps.layout, merge: steps.merged - steps.batches, report: now() - steps.merged };
    }
  } else {
    // The same steps as runForecast with one worker, timed one by one.
    const { schedule, resources } = forecastSetup(cp, o.seed);
    const tSetup = now();
    // Built without its layout, then the pilot, so that the two are timed apart.
    const sim = simulationFor(cp, o.seed, { resources, layoutLater: true });
    const tBuilt = now();
    sim.useLayout(sim.pilot());
    const tLayout = now();
    const state = (runState ?? emptyState)(cp.n, o.seed, DEFAULT_BATCH_SIZE, o.iterations);
    for (let b = 0; b < batchCount(o.iterations, DEFAULT_BATCH_SIZE); b++) sim.runBatchInto(state, b);
    const tSim = now();
    report = buildForecastReport(cp, state, sim, { iterations: o.iterations, seed: o.seed, schedule, resources, workers: 1 });
    phases = { setup: tSetup, layout: tLayout - tSetup, build: tBuilt - tSetup, pilot: tLayout - tBuilt, sim: tSim - tLayout, report: now() - tSim };
  }
  const wall = now();
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({
    n: cp.n, wall, cpu: (cpu.user + cpu.system) / 1e6, rssMB: process.resourceUsage().maxRSS / 1024, phases,
    finishDays: report.finishDays, drivers: report.drivers.slice(0, 3).map((d) => d.id),
    pools: report.resources?.map((p) => `${p.id} ${(100 * p.criticality).toFixed(1)}%`),
  }));
}

// ---------------------------------------------------------------- plans
function mulberry(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stand-in for gen-plan.mjs when /work/shared is not there (same shape, not the same bytes). */
function builtinPlan(n, seed) {
  const r = mulberry(Number(seed) * 2654435761);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const tasks = [];
  const phases = [[1, 2, 3, 5, 8], [2, 3, 5, 8, 10], [3, 5, 8, 13], [1, 2, 3, 5], [1, 2, 3, 5]];
  let ws = [];
  for (let i = 0; i < n; i++) {
    if (ws.length === 0 || r() < 1 / 40) ws = [];
    const phase = Math.min(4, Math.floor((ws.length / 40) * 5));
    const after = [];
    if (ws.length) after.push(pick(ws.slice(-8)));
    if (ws.length > 2 && r() < 0.6) after.push(pick(ws));
    const m = pick(phases[phase]);
    const a = Math.max(0.5, Math.round(m * (0.5 + 0.35 * r()) * 2) / 2);
    const dist = phase === 2 && r() < 0.7 ? 'lognormal' : r() < 0.85 ? 'pert' : 'triangular';
    const b = Math.round(m * (1.5 + 3.5 * r() ** 1.6) * 2) / 2 + (dist === 'lognormal' ? m : 0);
    const t = { id: `T-${i + 1}`, duration: { optimistic: Math.min(a, m), mostLikely: m, pessimistic: Math.max(b, m + 0.5), distribution: dist } };
    if (after.length) t.after = [...new Set(after)];
    if (!after.length && r() < 0.15) t.notBefore = '2027-02-01';
    tasks.push(t);
    ws.push(t.id);
  }
  return JSON.stringify({ name: `built-in synthetic plan (${n} tasks)`, start: '2027-01-04', tasks });
}

function makePlan(n, seed, dirPath, resources = false) {
  const path = join(dirPath, `plan-${n}${resources ? '-resources' : ''}.json`);
  const gen = join(SHARED, 'gen-plan.mjs');
  if (existsSync(gen)) {
    const r = spawnSync(process.execPath, [gen, '--tasks', String(n), '--seed', seed, ...(resources ? ['--resources'] : [])], { maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`gen-plan failed: ${r.stderr}`);
    writeFileSync(path, r.stdout);
    return { path, source: `${gen} --tasks ${n} --seed ${seed}${resources ? ' --resources' : ''}` };
  }
  if (resources) return undefined;
  writeFileSync(path, builtinPlan(n, seed));
  return { path, source: `built-in generator (${SHARED}/gen-plan.mjs not found), ${n} tasks, seed ${seed}` };
}

// ---------------------------------------------------------------- C reference
function cReference(planPath, iterations, dirPath) {
  const src = join(SHARED, 'mc_limit.c'), conv = join(SHARED, 'plan2mc.mjs');
  if (!existsSync(src) || !existsSync(conv)) return { skipped: `${SHARED} not found` };
  const bin = join(dirPath, 'mc_limit');
  const cc = spawnSync('gcc', ['-O3', '-march=native', '-o', bin, src, '-lm']);
  if (cc.error || cc.status !== 0) return { skipped: `gcc failed or missing: ${cc.error?.message ?? cc.stderr}` };
  const mc = join(dirPath, 'plan.mc');
  const c1 = spawnSync(process.execPath, [conv, planPath], { maxBuffer: 1 << 30 });
  writeFileSync(mc, c1.stdout);
  const args = [mc, '--iterations', String(iterations), '--seed', '42'];
  const seconds = (stderr) => Number(/simulation=([\d.]+)s/.exec(stderr)?.[1]);
  /** One run: its simulation time, ns per task-iteration and report; undefined when it fails. */
  const run = () => {
    const r = spawnSync(bin, args, { maxBuffer: 1 << 30, encoding: 'utf8' });
    if (r.status !== 0) return undefined;
    return { seconds: seconds(r.stderr), ns: Number(/\(([\d.]+) ns/.exec(r.stderr)?.[1]), report: JSON.parse(r.stdout) };
  };
  return { run, pair: () => cPair(bin, args, seconds) };
}

/** Two 1-worker forecasts of `path` at once, in two processes: their walls (undefined for one that fails). */
function ourPair(path, o) {
  const one = () => new Promise((done) => {
    const p = spawn(process.execPath, ['--max-old-space-size=4096', fileURLToPath(import.meta.url), '--child', path, '--iterations', String(o.iterations), '--seed', o.seed, '--child-workers', '1', '--dist', dist], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('close', (code) => done(code === 0 ? JSON.parse(out).wall : undefined));
  });
  return Promise.all([one(), one()]);
}

/** Two copies of the C reference at once: their simulation times (the machine's parallel capacity). */
function cPair(bin, args, seconds) {
  const one = () => new Promise((done) => {
    const p = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('close', () => done(seconds(err)));
  });
  return Promise.all([one(), one()]);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Amdahl's bound for a 2-thread forecast, from the phases of 1-worker runs (medians): what
 * one thread must do alone (its own simulation's build, the report) stays; the rest halves.
 */
function twoWorkerBound(runs) {
  if (!runs.length) return undefined;
  const m = (k) => median(runs.map((p) => p[k]));
  const build = m('build'), report = m('report');
  const shared = m('setup') + m('pilot') + m('sim');
  const one = build + report + shared;
  return { x: one / (build + report + shared / 2), build, report, shared };
}

// ---------------------------------------------------------------- main
async function main() {
  const o = parse(process.argv);
  if (o.child) return child(o);
  if (!existsSync(join(dist, 'cli/forecast-workers.js'))) {
    process.stderr.write(`bench: ${dist} is missing; run \`npm run bench\` (it builds first)\n`);
    process.exit(2);
  }
  const dirPath = o.keep ?? mkdtempSync(join(tmpdir(), 'converge-bench-'));
  const fmt = (x, d = 2) => x.toFixed(d);
  process.stdout.write(`converge bench: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  process.stdout.write('tasks   iterations  workers   wall s    cpu s   task-samples/s  ns/task-it(wall)  peak RSS MB\n');
  const results = {};
  const runCase = (n, w, path, label) => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=4096', fileURLToPath(import.meta.url), '--child', path, '--iterations', String(o.iterations), '--seed', o.seed, '--child-workers', String(w), '--dist', dist], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) {
      process.stdout.write(`${label}  failed: ${r.stderr.split('\n').slice(0, 3).join(' ')}\n`);
      return undefined;
    }
    const c = JSON.parse(r.stdout);
    const samples = n * o.iterations;
    process.stdout.write(`${label.padEnd(8)}${String(o.iterations).padEnd(12)}${String(w).padEnd(9)}${fmt(c.wall).padStart(7)}  ${fmt(c.cpu).padStart(7)}  ${(samples / c.wall).toExponential(2).padStart(14)}  ${fmt((1e9 * c.wall) / samples, 1).padStart(16)}  ${fmt(c.rssMB, 0).padStart(11)}\n`);
    if (c.phases?.batches !== undefined) {
      const p = c.phases;
      process.stdout.write(`#   phases: layout ${fmt(p.layout)} s (the plan to the workers, each thread's simulation built, the pilot), batches ${fmt(p.batches)} s (and the deterministic schedule, on the main thread), merge ${fmt(p.merge)} s, report ${fmt(p.report)} s\n`);
    } else if (c.phases) {
      const p = c.phases;
      process.stdout.write(`#   phases: setup (schedule${c.pools ? ', resource pass' : ''}) ${fmt(p.setup)} s, layout ${fmt(p.layout)} s (simulation built ${fmt(p.build)} s, pilot ${fmt(p.pilot)} s), simulation ${fmt(p.sim)} s = ${fmt((1e9 * p.sim) / samples, 1)} ns/task-it, report ${fmt(p.report)} s\n`);
    }
    if (c.pools) process.stdout.write(`#   pools delaying the finish: ${c.pools.join(', ')}\n`);
    return c;
  };
  for (const n of o.tasks) {
    const { path, source } = makePlan(n, o.seed, dirPath);
    process.stdout.write(`# plan: ${source}\n`);
    const ws = n >= 50000 ? [1] : o.workers;
    const rounds = n === 10000 ? o.repeat : 1;
    const walls = {}, phases = {}, cpuTimes = {};
    // The C reference runs in every round, after ours: the two are then compared run by run, at
    // the same moment (this VM has slow spells; one C run against five of ours compared noise).
    const ref = n === 10000 && o.c ? cReference(path, o.iterations, dirPath) : undefined;
    const cRuns = [];
    for (let k = 0; k < rounds; k++) {
      for (const w of ws) {
        const c = runCase(n, w, path, String(n));
        if (c) {
          results[`${n}/${w}`] ??= c;
          (walls[w] ??= []).push(c.wall);
          (cpuTimes[w] ??= []).push(c.cpu);
          if (c.phases) (phases[w] ??= []).push(c.phases);
        }
      }
      if (ref && !ref.skipped) cRuns.push(ref.run());
    }
    if (rounds > 1) {
      for (const w of ws) if (walls[w]) process.stdout.write(`#   ${n} tasks, ${w} worker(s), ${walls[w].length} runs: wall ${walls[w].map((x) => fmt(x)).join(', ')} s; median ${fmt(median(walls[w]))} s\n`);
      if (walls[1] && walls[2]) {
        const ratios = walls[2].map((x, k) => walls[1][k] / x).filter(Number.isFinite);
        process.stdout.write(`#   2 workers vs 1, run by run: ${ratios.map((x) => fmt(x)).join(', ')}; median ${fmt(median(ratios))}x; ratio of medians ${fmt(median(walls[1]) / median(walls[2]))}x\n`);
        results.medians = { one: median(walls[1]), two: median(walls[2]) };
        const best1 = Math.min(...walls[1]), best2 = Math.min(...walls[2]);
        process.stdout.write(`#   best runs: 1 worker ${fmt(best1)} s, 2 workers ${fmt(best2)} s = ${fmt(best1 / best2)}x\n`);
        // A 1-worker process is not single-core: V8 compiles and collects garbage on other threads, on the idle core.
        const cores = (w) => median(cpuTimes[w].map((c, k) => c / walls[w][k]));
        const n = Math.min(2, cpus().length);
        process.stdout.write(`#   process CPU (medians): 1 worker ${fmt(median(cpuTimes[1]))} s, ${fmt(cores(1))} cores busy; 2 workers ${fmt(median(cpuTimes[2]))} s, ${fmt(cores(2))} cores busy. With the same CPU time, 2 workers on ${n} cores give at most ${n} / ${fmt(cores(1))} = ${fmt(n / cores(1))}x\n`);
        const batchRuns = (phases[2] ?? []).filter((p) => p.batches !== undefined);
        if (phases[1]?.length && batchRuns.length) {
          // The part that parallelizes: 1 worker's schedule and simulation against the 2-worker batch phase (which includes the schedule).
          const one = median(phases[1].map((p) => p.setup + p.sim)), two = median(batchRuns.map((p) => p.batches));
          process.stdout.write(`#   the batches alone (with the deterministic schedule): 1 worker ${fmt(one)} s, 2 workers ${fmt(two)} s (medians) = ${fmt(one / two)}x\n`);
        }
        const bound = twoWorkerBound(phases[1] ?? []);
        if (bound) {
          process.stdout.write(`#   the most 2 workers could give on this run: ${fmt(bound.x)}x. Each thread builds its own simulation (${fmt(bound.build)} s) and the report is one thread's (${fmt(bound.report)} s); the schedule, the pilot and the simulation (${fmt(bound.shared)} s) split evenly, with no cost for sharing the machine. Measured: ${fmt(median(walls[1]) / median(walls[2]))}x, ${fmt((100 * median(walls[1])) / median(walls[2]) / bound.x, 0)}% of it.\n`);
        }
      }
    }
    if (n === 10000 && ws.includes(1) && ws.includes(2) && walls[1]) {
      // Our own ceiling: two independent 1-worker forecasts at once share the machine as two workers do,
      // with the same per-thread memory traffic (per-task histograms and sums, ~11 MB a thread on 10k tasks).
      const [a, b] = await ourPair(path, o);
      if (a && b) process.stdout.write(`# this machine with two of our 1-worker forecasts at once: ${fmt(a)} s and ${fmt(b)} s = ${fmt((2 * median(walls[1])) / Math.max(a, b))}x the throughput of one\n`);
    }
    if (ref) {
      const done = cRuns.filter(Boolean);
      if (ref.skipped) process.stdout.write(`# C reference skipped: ${ref.skipped}\n`);
      else if (!done.length) process.stdout.write('# C reference skipped: mc_limit failed\n');
      else {
        const mid = [...done].sort((x, y) => x.seconds - y.seconds)[(done.length - 1) >> 1];
        const ours = results[`${n}/1`];
        process.stdout.write(`# C reference (mc_limit, 1 core), run after each round: ${done.map((r) => fmt(r.seconds)).join(', ')} s simulation; median ${fmt(mid.seconds)} s, ${mid.ns} ns/task-iteration`);
        if (walls[1]?.length) {
          // Round by round: ours and C at the same moment.
          const byRound = walls[1].map((x, k) => (cRuns[k] ? x / cRuns[k].seconds : NaN)).filter(Number.isFinite);
          process.stdout.write(`; ours 1 worker / C, round by round: ${byRound.map((x) => fmt(x)).join(', ')}; median ${fmt(median(byRound))}x (target <= 1.5x)`);
        }
        process.stdout.write('\n');
        if (ours) {
          const rows = ['p10', 'p50', 'p80', 'p90', 'p95', 'mean'].map((k) => {
            const a = ours.finishDays[k], b = mid.report.finishDays[k];
            return `${k} ${fmt(a)} vs ${fmt(b)} (${fmt((100 * (a - b)) / b)} %)`;
          });
          process.stdout.write(`# finish days, ours vs C: ${rows.join(', ')}\n`);
        }
        if (o.workers.includes(2)) {
          const [a, b] = await ref.pair();
          const refSeconds = mid.seconds;
          process.stdout.write(`# this machine with two threads: C alone ${fmt(refSeconds)} s (median); two copies at once ${fmt(a)} s and ${fmt(b)} s = ${fmt((2 * refSeconds) / Math.max(a, b))}x the throughput of one (the ceiling for 2 workers)\n`);
        }
      }
    }
  }
  if (o.resourceTasks > 0) {
    const plan = makePlan(o.resourceTasks, o.seed, dirPath, true);
    if (!plan) process.stdout.write(`# resource case skipped: ${SHARED}/gen-plan.mjs not found\n`);
    else {
      process.stdout.write(`# plan: ${plan.source} (resource-aware simulation)\n`);
      runCase(o.resourceTasks, 1, plan.path, `${o.resourceTasks}r`);
    }
  }
  const one = results['10000/1'], two = results['10000/2'];
  if (results.medians) process.stdout.write(`# 2 workers vs 1 on 10,000 tasks: ${fmt(results.medians.one / results.medians.two)}x faster (medians of ${o.repeat} runs)\n`);
  else if (one && two) process.stdout.write(`# 2 workers vs 1 on 10,000 tasks: ${fmt(one.wall / two.wall)}x faster\n`);
  // What-if scenarios and the portfolio (bench/what-if.mjs), on the same build.
  spawnSync(process.execPath, [join(here, 'what-if.mjs'), '--dist', dist], { stdio: 'inherit' });
  process.stdout.write(`# load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  if (!o.keep) rmSync(dirPath, { recursive: true, force: true });
}

main().catch((err) => {
  process.stderr.write(`bench: ${err.stack ?? err}\n`);
  process.exit(1);
});
