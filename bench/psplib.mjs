#!/usr/bin/env node
// PSPLIB benchmark of the resource-constrained scheduler (src/engine/rcpsp).
//
//   npm run bench:psplib -- --set j30|j60 [--schedules N] [--limit K] [--seed S] [--data DIR]
//
// Tuning flags: --only FILE (instance names like j3013_1, whitespace-separated: a
// subset to iterate on), --dump FILE (one line per instance: name makespan reference
// cp-bound schedules), --opt key=value (any numeric solveRcpsp option, repeatable),
// --dist DIR (a private build, e.g. tsc -p tsconfig.build.json --outDir /tmp/x).
//
// Solves every instance of the set (or the first K, in PSPLIB order) with a budget
// of N schedules (one schedule = one serial-SGS decoding, forward or backward, as
// in Kolisch & Hartmann 2006) and prints the mean and max deviation:
//   j30: from the proven optimum (j30opt.sm);
//   j60: from the critical-path lower bound (the usual PSPLIB metric) and from the
//        best-known upper bound (j60hrs.sm).
// Reads /work/shared/data/psplib when present, else test/fixtures/psplib (a sample).
// Prints wall time and process CPU time (the latter is what to compare when the
// machine is shared).
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const args = { set: 'j30', schedules: 5000, limit: Infinity, seed: '1', data: undefined, dist: resolve(here, '../dist'), pop: undefined, pm: undefined, only: undefined, dump: undefined, extra: {} };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i], v = () => process.argv[++i];
  if (a === '--set') args.set = v();
  else if (a === '--schedules') args.schedules = Number(v());
  else if (a === '--limit') args.limit = Number(v());
  else if (a === '--seed') args.seed = v();
  else if (a === '--data') args.data = v();
  else if (a === '--population') args.pop = Number(v());
  else if (a === '--mutation') args.pm = Number(v());
  else if (a === '--dist') args.dist = resolve(v());
  else if (a === '--only') args.only = new Set(readFileSync(v(), 'utf8').split(/\s+/).filter(Boolean));
  else if (a === '--dump') args.dump = v();
  else if (a === '--opt') { const [k, x] = v().split('='); args.extra[k] = Number(x); }
  else { process.stderr.write(`bench/psplib: unknown argument ${a}\n`); process.exit(2); }
}
if (!['j30', 'j60'].includes(args.set)) { process.stderr.write('bench/psplib: --set must be j30 or j60\n'); process.exit(2); }

const rcpsp = require(join(args.dist, 'engine/rcpsp/index.js'));
const seedrandom = require('seedrandom');

const shared = '/work/shared/data/psplib';
const fixtures = resolve(here, '../test/fixtures/psplib');
let dataDir = args.data;
if (!dataDir) {
  if (existsSync(join(shared, args.set))) dataDir = shared;
  else {
    process.stdout.write(`${shared} not found: using the sample in ${fixtures}\n`);
    dataDir = fixtures;
  }
}

/** Reference values: rows "par inst value" after the header of j30opt.sm / j60hrs.sm. */
function table(file) {
  const out = new Map();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)/.exec(line);
    if (m) out.set(`${m[1]}_${m[2]}`, Number(m[3]));
  }
  return out;
}
const ref = table(join(dataDir, args.set === 'j30' ? 'j30opt.sm' : 'j60hrs.sm'));
const dir = join(dataDir, args.set);
const files = readdirSync(dir).filter((f) => f.endsWith('.sm'))
  .map((f) => ({ f, key: /^j(?:30|60|90|120)(\d+)_(\d+)\.sm$/.exec(f) }))
  .filter((x) => x.key && (!args.only || args.only.has(x.f.replace(/\.sm$/, ''))))
  .sort((a, b) => Number(a.key[1]) - Number(b.key[1]) || Number(a.key[2]) - Number(b.key[2]))
  .slice(0, args.limit);

const perInstance = [];
let sumRef = 0, maxRef = 0, sumLb = 0, maxLb = 0, nRef = 0, hits = 0, schedules = 0;
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
for (const { f, key } of files) {
  const inst = rcpsp.parsePsplib(readFileSync(join(dir, f), 'utf8'));
  const { problem } = rcpsp.problemFromPsplib(inst);
  const sol = rcpsp.solveRcpsp(problem, { schedules: args.schedules, rng: seedrandom(args.seed), populationSize: args.pop, mutationRate: args.pm, ...args.extra });
  schedules += sol.schedules;
  const cp = rcpsp.criticalPathBound(problem);
  const devLb = (sol.makespan - cp) / cp;
  perInstance.push(`${f.replace(/\.sm$/, '')} ${sol.makespan} ${ref.get(`${key[1]}_${key[2]}`) ?? ''} ${cp} ${sol.schedules}`);
  sumLb += devLb; maxLb = Math.max(maxLb, devLb);
  const r = ref.get(`${key[1]}_${key[2]}`);
  if (r !== undefined) {
    const d = (sol.makespan - r) / r;
    sumRef += d; maxRef = Math.max(maxRef, d); nRef++;
    if (sol.makespan <= r) hits++;
  }
}
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(c0);
const pct = (x) => `${(100 * x).toFixed(3)}%`;
const refName = args.set === 'j30' ? 'optimum (j30opt.sm)' : 'best known (j60hrs.sm)';
const lines = [
  `PSPLIB ${args.set}: ${files.length} instances, ${args.schedules} schedules each (1 schedule = 1 SGS decoding), seed ${args.seed}`,
  `data: ${dataDir}`,
  nRef ? `deviation from ${refName}: mean ${pct(sumRef / nRef)}, max ${pct(maxRef)}, reached ${hits}/${nRef}` : `no reference values found`,
  `deviation from the critical-path lower bound: mean ${pct(sumLb / files.length)}, max ${pct(maxLb)}`,
  `schedules used: ${schedules} (stops early at a lower bound)`,
  `time: ${wall.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU (node ${process.version}; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')})`,
];
process.stdout.write(lines.join('\n') + '\n');
if (args.dump) (await import('node:fs')).writeFileSync(args.dump, perInstance.join('\n') + '\n');
