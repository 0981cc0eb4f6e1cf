#!/usr/bin/env node
// Speed benchmark of what-if scenarios and the portfolio under shared pools
// (src/engine/scenarios, src/engine/portfolio), on generated AI-program plans.
//
//   npm run bench:what-if -- [--tasks 500] [--iterations 2000] [--projects 10]
//                            [--project-tasks 500] [--portfolio-iterations 1000] [--seed 1] [--dist DIR]
//
// 1. What-if on one plan of --tasks tasks with pools (gen-plan.mjs --resources):
//    the plan as is plus one scenario (double the GPU pool), then plus three (and cut
//    10 % of open scope, and a longer training estimate), each at --iterations
//    iterations (default 2000, the what-if default) with common random numbers.
//    Target: baseline + one scenario under 2 s.
// 2. Portfolio: --projects plans of --project-tasks tasks (seeds 1..N, ids prefixed
//    with the project key; the first project's calendar for all), the GPU pool shared and oversubscribed 2x (its capacity
//    is half the sum of the projects' own), team pools private per project; merged,
//    forecast alone / shared / per shared pool made private at --portfolio-iterations.
// Plans come from /work/shared/bench/gen-plan.mjs when present, else a small built-in
// generator of the same shape (the script says which). Times are wall-clock on this
// machine; when it is shared (load average printed), re-run before comparing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const GEN = '/work/shared/bench/gen-plan.mjs';

function parse(argv) {
  const o = { tasks: 500, iterations: 2000, projects: 10, projectTasks: 500, portfolioIterations: 1000, seed: '1', dist: resolve(here, '../dist') };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i], v = () => argv[++i];
    if (a === '--tasks') o.tasks = Number(v());
    else if (a === '--iterations') o.iterations = Number(v());
    else if (a === '--projects') o.projects = Number(v());
    else if (a === '--project-tasks') o.projectTasks = Number(v());
    else if (a === '--portfolio-iterations') o.portfolioIterations = Number(v());
    else if (a === '--seed') o.seed = v();
    else if (a === '--dist') o.dist = resolve(v());
    else { process.stderr.write(`what-if bench: unknown argument ${a}\n`); process.exit(2); }
  }
  return o;
}

/** A generated plan (JSON object): gen-plan.mjs when present, else the built-in generator. */
function generate(tasks, seed) {
  if (existsSync(GEN)) {
    const r = spawnSync(process.execPath, [GEN, '--tasks', String(tasks), '--seed', String(seed), '--resources'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status === 0) return { plan: JSON.parse(r.stdout), source: 'gen-plan.mjs' };
  }
  return { plan: builtIn(tasks, seed), source: 'built-in generator' };
}

/** Layered workstreams of 5 phases, ~2 predecessors, PERT / lognormal estimates, a GPU pool and a team. */
function builtIn(n, seed) {
  let s = 0;
  for (const c of String(seed)) s = (Math.imul(s, 31) + c.charCodeAt(0)) | 0;
  const rnd = () => { s = (s + 0x6d2b79f5) | 0; let t = Math.imul(s ^ (s >>> 15), 1 | s); t ^= t + Math.imul(t ^ (t >>> 7), 61 | t); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const tasks = [];
  const streams = Math.max(1, Math.round(n / 25));
  for (let i = 0; i < n; i++) {
    const phase = Math.floor((i / n) * 5);
    const m = 1 + Math.floor(rnd() * 8);
    const after = [];
    for (let k = 0; k < 2 && i >= streams; k++) after.push(`T${Math.max(0, i - streams - Math.floor(rnd() * streams))}`);
    tasks.push({
      id: `T${i}`, after: [...new Set(after)],
      duration: phase === 2 ? { optimistic: m * 0.6, mostLikely: m, pessimistic: m * 4, distribution: 'lognormal' } : { optimistic: m * 0.7, mostLikely: m, pessimistic: m * 2.5 },
      demand: phase === 2 ? { 'gpu-pool': 4 } : { 'ml-eng': 1 },
    });
  }
  return { start: '2027-01-04', resources: [{ id: 'gpu-pool', capacity: 8 * Math.max(1, Math.round(streams / 25)), name: 'A100 pool' }, { id: 'ml-eng', capacity: Math.max(3, Math.round(streams * 1.2)), name: 'ML engineers' }], tasks };
}

const cpuSeconds = (since) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1e6; };
const fmt = (x) => (Math.round(x * 1000) / 1000).toFixed(3);

function main() {
  const o = parse(process.argv);
  const need = (p) => { const f = resolve(o.dist, p); if (!existsSync(f)) { process.stderr.write(`what-if bench: ${f} is missing (npm run build)\n`); process.exit(2); } return require(f); };
  const { validatePlan } = need('engine/validate-plan.js');
  const { expandPlan } = need('engine/gates/expand-plan.js');
  const { compareScenarios, scopeCutOrder } = need('engine/scenarios/index.js');
  const { mergePortfolio, forecastPortfolio } = need('engine/portfolio/index.js');
  const load = (raw) => {
    const v = validatePlan(raw);
    if (!v.ok) throw new Error(JSON.stringify(v.issues.slice(0, 3)));
    const e = expandPlan(v.plan);
    if (!e.ok) throw new Error(JSON.stringify(e.issues.slice(0, 3)));
    return e.plan;
  };
  process.stdout.write(`# what-if bench (load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; timings are noisy on a shared machine)\n`);

  // 1. What-if on one plan.
  const g = generate(o.tasks, o.seed);
  const plan = load(g.plan);
  const gpu = plan.resources.find((r) => /gpu/.test(r.id)) ?? plan.resources[0];
  const training = plan.tasks.find((t) => t.duration.distribution === 'lognormal' && t.status !== 'done') ?? plan.tasks[plan.tasks.length - 1];
  const cut = scopeCutOrder(plan);
  const scenarios = [
    ...(gpu ? [{ id: 'double-gpu', changes: [{ op: 'set-capacity', pool: gpu.id, capacity: gpu.capacity * 2 }] }] : []),
    { id: 'cut-10', changes: [{ op: 'remove-tasks', ids: cut.slice(0, Math.round(cut.length * 0.1)) }] },
    { id: 'longer-training', changes: [{ op: 'set-estimate', id: training.id, estimate: { pessimistic: training.duration.pessimistic * 2 } }] },
  ];
  process.stdout.write(`# plan: ${g.source}, ${plan.tasks.length} tasks, pools ${plan.resources.map((r) => `${r.id}=${r.capacity}`).join(', ') || 'none'}\n`);
  for (const k of [1, scenarios.length]) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    const c = compareScenarios(plan, scenarios.slice(0, k), { iterations: o.iterations, seed: o.seed });
    const s = (performance.now() - t0) / 1000, cpu = cpuSeconds(c0);
    const deltas = c.results.slice(1).map((r) => `${r.id} ΔP80 ${fmt(r.delta.p80)}`).join(', ');
    process.stdout.write(`what-if ${plan.tasks.length} tasks, baseline + ${k} scenario(s), ${o.iterations} iterations each: ${fmt(s)} s wall, ${fmt(cpu)} s CPU (${fmt(cpu / (k + 1))} s CPU per scenario; target < 2 s for baseline + 1) — P80 ${fmt(c.results[0].finishDays.p80)} d; ${deltas}\n`);
  }

  // 2. Portfolio of projects under a shared GPU pool.
  if (o.projects < 1) return;
  const projects = [];
  let gpuSum = 0;
  for (let p = 1; p <= o.projects; p++) {
    const pl = load(generate(o.projectTasks, String(p)).plan);
    const key = `P${String(p).padStart(2, '0')}`;
    const g0 = pl.resources.find((r) => /gpu/.test(r.id));
    if (g0) gpuSum += g0.capacity;
    projects.push({ key, pl });
  }
  const sharedGpu = Math.max(1, Math.floor(gpuSum / 2));
  // One working calendar for the portfolio (a shared pool needs one): the first project's.
  const calendar = projects[0].pl.calendar;
  const initiatives = projects.map(({ key, pl }) => {
    // GPU pool shared (oversubscribed 2x); team pools private to the project.
    const rename = (id) => (/gpu/.test(id) ? id : `${key}-${id}`);
    const maxDemand = Math.max(0, ...pl.tasks.map((t) => Object.entries(t.demand).filter(([id]) => /gpu/.test(id)).reduce((m, [, q]) => Math.max(m, q), 0)));
    return {
      key, plan: {
        ...pl, calendar,
        resources: pl.resources.map((r) => (/gpu/.test(r.id) ? { ...r, capacity: Math.max(sharedGpu, maxDemand) } : { ...r, id: rename(r.id) })),
        tasks: pl.tasks.map((t) => ({ ...t, demand: Object.fromEntries(Object.entries(t.demand).map(([id, q]) => [rename(id), q])) })),
      },
    };
  });
  const t0 = performance.now();
  const merged = mergePortfolio(initiatives, { prefixIds: true });
  const t1 = performance.now(), c1 = process.cpuUsage();
  const f = forecastPortfolio(merged, { iterations: o.portfolioIterations, seed: o.seed });
  const t2 = performance.now(), cpu2 = cpuSeconds(c1);
  const runs = 2 + f.sharedPools.length;
  process.stdout.write(`portfolio ${merged.plan.tasks.length} tasks in ${o.projects} projects, shared ${f.sharedPools.join(', ')} (capacity ${sharedGpu}), ${f.iterations} iterations: merge ${fmt((t1 - t0) / 1000)} s, forecast ${fmt((t2 - t1) / 1000)} s wall, ${fmt(cpu2)} s CPU (${runs} runs: shared, alone per project, one per shared pool)\n`);
  const worst = [...f.initiatives].sort((a, b) => b.slip.p80 - a.slip.p80)[0];
  process.stdout.write(`# portfolio P80 ${f.portfolio.p80Date}; most delayed: ${worst.explanation}\n`);
}

main();
