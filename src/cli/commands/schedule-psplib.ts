/**
 * `converge schedule FILE.sm [--schedules N] [--seed S] [--json]`: the
 * resource-constrained schedule of a PSPLIB single-mode instance. Time is in
 * periods from 0; ids are the job numbers as strings, so `makespan` compares
 * directly with the published optima. A malformed file: the error with its line
 * number on stderr, exit status 2, nothing on stdout.
 */
import seedrandom from 'seedrandom';
import { parsePsplib, problemFromPsplib, PsplibError } from '../../engine/rcpsp/parse-psplib';
import { solveRcpsp } from '../../engine/rcpsp/genetic-search';
import { criticalPathBound } from '../../engine/rcpsp/priority-rules';
import { SerialSgs } from '../../engine/rcpsp/serial-sgs';
import { scheduleFloats } from '../../engine/rcpsp/schedule-floats';
import { EXIT_OK, EXIT_USAGE, type CliIO, type Command } from '../io';
import { parseCommand, usageError, wholeNumber } from '../command-args';

const USAGE = `usage: converge schedule FILE.sm [--schedules N] [--seed S] [--json]
  FILE.sm        a PSPLIB single-mode RCPSP instance ('-' reads standard input)
  --schedules N  budget of schedule decodings (default 5000)
  --seed S       seed of the search (default '1')
  --json         print { makespan, lowerBound, schedules, seed, criticalPath, tasks } as JSON
`;

export const run: Command = async (args, io) => {
  const parsed = parseCommand(args, io, {
    name: 'schedule', usage: USAGE,
    options: { json: { type: 'boolean' }, schedules: { type: 'string' }, seed: { type: 'string' }, 'near-critical': { type: 'string' } },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const schedules = wholeNumber(values.schedules, '--schedules', 5000);
  if (typeof schedules === 'string') return usage(io, schedules);
  const seed = values.seed ?? '1';
  const file = positionals[0];

  let text: string;
  try {
    text = io.readInput(file);
  } catch (err) {
    io.stderr(`${file}: cannot read: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_USAGE;
  }
  let inst, problem, jobOf;
  try {
    inst = parsePsplib(text);
    ({ problem, jobOf } = problemFromPsplib(inst));
  } catch (err) {
    if (err instanceof PsplibError) {
      io.stderr(`${file}:${err.line}: ${err.code}: ${err.message.replace(/^line \d+: /, '')}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
  const best = solveRcpsp(problem, { schedules, rng: seedrandom(seed) });
  const sgs = new SerialSgs(problem);
  const start = new Float64Array(problem.n), finish = new Float64Array(problem.n);
  const makespan = sgs.forward(best.order, problem.duration, start, finish);
  const fl = scheduleFloats(sgs, start, finish, makespan);
  const tasks = Array.from({ length: problem.n }, (_, i) => i)
    .sort((a, b) => jobOf[a] - jobOf[b])
    .map((i) => ({
      id: String(jobOf[i]), start: start[i], finish: finish[i], duration: problem.duration[i],
      totalFloat: fl.totalFloat[i], freeFloat: fl.freeFloat[i], critical: fl.critical[i] === 1,
      ...(sgs.delayedBy[i] >= 0 ? { delayedBy: `R${sgs.delayedBy[i] + 1}` } : {}),
    }));
  const report = {
    makespan,
    criticalPathLength: criticalPathBound(problem),
    lowerBound: best.lowerBound,
    schedules: best.schedules,
    seed,
    capacity: inst.capacity,
    criticalPath: fl.criticalPath.map((i) => String(jobOf[i])),
    tasks,
  };
  if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const lines = [
      `${file}: ${inst.jobs} jobs, ${inst.capacity.length} resources (capacities ${inst.capacity.join(' ')})`,
      `makespan ${makespan} (critical-path bound ${report.criticalPathLength}, lower bound ${report.lowerBound}); ${best.schedules} schedules, seed ${seed}`,
      `critical chain: ${report.criticalPath.join(' -> ')}`,
      '', 'job  start  finish  float  delayed by',
      ...tasks.map((t) => `${t.id.padStart(3)}  ${String(t.start).padStart(5)}  ${String(t.finish).padStart(6)}  ${String(t.totalFloat).padStart(5)}  ${t.delayedBy ?? ''}`),
    ];
    io.stdout(lines.join('\n') + '\n');
  }
  return EXIT_OK;
};

function usage(io: CliIO, message: string): number {
  return usageError(io, 'schedule', USAGE, message);
}
