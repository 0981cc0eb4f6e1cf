#!/usr/bin/env node
// Speed of the resource-aware Monte Carlo pass (src/engine/rcpsp/resource-forward-pass.ts).
//
//   npm run build && node bench/resources.mjs [--plan FILE] [--tasks 2000] [--iterations 10000] [--schedules N]
//
// Without --plan, generates the plan with /work/shared/bench/gen-plan.mjs --tasks N --seed 1 --resources.
// Times: the deterministic resource-constrained schedule (schedulePlan), then N iterations of
// sampled durations (uniform +-50% around mostLikely here: sampling is B's part) through the
// resource-aware serial SGS with criticality marking and pool statistics. Prints wall and CPU time,
// and the sampling timed alone (the pass's own time is the difference).
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const args = { plan: undefined, tasks: 2000, iterations: 10000, schedules: undefined, dist: resolve(here, '../dist') };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i], v = () => process.argv[++i];
  if (a === '--plan') args.plan = v();
  else if (a === '--tasks') args.tasks = Number(v());
  else if (a === '--iterations') args.iterations = Number(v());
  else if (a === '--schedules') args.schedules = Number(v());
  else if (a === '--dist') args.dist = resolve(v());
  else { process.stderr.write(`bench/resources: unknown argument ${a}\n`); process.exit(2); }
}
let planText;
if (args.plan) planText = readFileSync(args.plan, 'utf8');
else {
  const gen = '/work/shared/bench/gen-plan.mjs';
  if (!existsSync(gen)) { process.stderr.write(`${gen} not found: pass --plan FILE\n`); process.exit(2); }
  planText = execFileSync(process.execPath, [gen, '--tasks', String(args.tasks), '--seed', '1', '--resources'], { encoding: 'utf8', maxBuffer: 1 << 28 });
}
const { parsePlan } = require(join(args.dist, 'engine/parse-plan.js'));
const { compilePlan } = require(join(args.dist, 'engine/compile-plan.js'));
const { schedulePlan } = require(join(args.dist, 'engine/schedule-plan.js'));
const { createResourceForwardPass, summarizePoolStats } = require(join(args.dist, 'engine/rcpsp/resource-forward-pass.js'));
const seedrandom = require('seedrandom');

const parsed = parsePlan(planText);
if (!parsed.ok) { process.stderr.write(JSON.stringify(parsed.issues.slice(0, 5), null, 2) + '\n'); process.exit(2); }
const cp = compilePlan(parsed.plan);
const time = (f) => { const w = process.hrtime.bigint(), c = process.cpuUsage(); const r = f(); return [r, Number(process.hrtime.bigint() - w) / 1e9, (process.cpuUsage(c).user + process.cpuUsage(c).system) / 1e6]; };

const [report, w1, c1] = time(() => schedulePlan(cp, { schedules: args.schedules, seed: '1' }));
const rp = createResourceForwardPass(cp, report);
const n = cp.n, dur = new Float64Array(n), es = new Float64Array(n), ef = new Float64Array(n), crit = new Uint8Array(n);
const rng = seedrandom('42');
// The sampling alone (same generator, same draws), so the pass's own time can be told apart.
const sampleOnly = seedrandom('42');
const [, w0, c0] = time(() => {
  for (let it = 0; it < args.iterations; it++) for (let i = 0; i < n; i++) dur[i] = cp.det[i] * (0.5 + sampleOnly());
});
const [sumFinish, w2, c2] = time(() => {
  let s = 0;
  for (let it = 0; it < args.iterations; it++) {
    for (let i = 0; i < n; i++) dur[i] = cp.det[i] * (0.5 + rng());
    const f = rp.pass.run(dur, es, ef);
    crit.fill(0);
    rp.pass.markCritical(dur, es, ef, f, crit);
    s += f;
  }
  return s;
});
const pools = summarizePoolStats(rp.stats());
process.stdout.write([
  `plan: ${n} tasks, ${cp.resourceIds.length} pools (${cp.resourceIds.join(', ')})`,
  `deterministic resource-constrained schedule: makespan ${report.makespan} working days (CPM ${Math.max(...report.tasks.map((t) => t.earlyFinish))}); ${w1.toFixed(2)} s wall, ${c1.toFixed(2)} s CPU`,
  `Monte Carlo: ${args.iterations} iterations, mean finish ${(sumFinish / args.iterations).toFixed(2)}: ${w2.toFixed(2)} s wall, ${c2.toFixed(2)} s CPU (${(1e9 * w2 / (n * args.iterations)).toFixed(0)} ns per task-iteration)`,
  `  of which sampling durations (seedrandom, timed alone): ${w0.toFixed(2)} s wall, ${c0.toFixed(2)} s CPU; the resource-aware pass (SGS${rp.usesWasm ? ' in WebAssembly' : ''}, criticality, pool statistics): ~${(c2 - c0).toFixed(2)} s CPU`,
  `resource criticality: ${pools.map((p) => `${p.id} ${(100 * p.criticality).toFixed(1)}%`).join(', ')}`,
  `node ${process.version}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`,
].join('\n') + '\n');
