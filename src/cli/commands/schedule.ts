/**
 * `converge schedule FILE|- [--json] [--jira] [--near-critical DAYS] [--schedules N] [--seed S]`
 *
 * The deterministic schedule of a plan: CPM on most-likely durations, or the
 * resource-constrained schedule when tasks demand resources (schedulePlan). A
 * FILE ending in `.sm` is a PSPLIB instance and goes to `schedule-psplib`.
 * Invalid input: every problem on stderr, one per line, exit status 2, nothing
 * on stdout. `--json` prints the ScheduleReport of docs/plan-format.md.
 */
import { parseArgs } from 'node:util';
import { compilePlan } from '../../engine/compile-plan';
import { schedulePlan } from '../../engine/schedule-plan';
import { RcpspError } from '../../engine/rcpsp/rcpsp-problem';
import { FinishConstraintError } from '../../engine/critical-path';
import { EXIT_OK, EXIT_USAGE, type CliIO, type Command } from '../io';
import { formatSchedule } from '../format-schedule';
import { loadPlan, printIssues } from '../load-plan';

const USAGE = `usage: converge schedule FILE|- [--json] [--jira] [--near-critical DAYS] [--schedules N] [--seed S]
  FILE               a plan file (docs/plan-format.md), '-' for standard input, or a PSPLIB .sm file
  --json             print the schedule report as JSON
  --jira             FILE is a Jira issue-search export, not a plan file
  --near-critical D  list tasks with at most D working days of float as near-critical (default 2)
  --schedules N      with resources: how many candidate schedules the heuristic tries
  --seed S           with resources: seed of the randomized candidates (default '1')
`;

export const run: Command = async (args, io) => {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        jira: { type: 'boolean' },
        'near-critical': { type: 'string' },
        schedules: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return usage(io, err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) return usage(io, positionals.length ? `expected one FILE, got ${positionals.length}` : 'missing FILE');
  const file = positionals[0];

  if (file.toLowerCase().endsWith('.sm') && !values.jira) {
    const { run: runPsplib } = await import('./schedule-psplib');
    return runPsplib(args, io);
  }

  let nearCriticalDays: number | undefined;
  if (values['near-critical'] !== undefined) {
    nearCriticalDays = Number(values['near-critical']);
    if (values['near-critical'].trim() === '' || !Number.isFinite(nearCriticalDays) || nearCriticalDays < 0) return usage(io, `--near-critical must be a number of working days >= 0, not '${values['near-critical']}'`);
  }
  let schedules: number | undefined;
  if (values.schedules !== undefined) {
    schedules = Number(values.schedules);
    if (!Number.isSafeInteger(schedules) || schedules < 1) return usage(io, `--schedules must be a whole number >= 1, not '${values.schedules}'`);
  }

  const loaded = loadPlan(file, io, { jira: values.jira });
  if (!loaded.ok) {
    printIssues(io, loaded.issues);
    return EXIT_USAGE;
  }
  const cp = compilePlan(loaded.plan);
  let report;
  try {
    report = schedulePlan(cp, { nearCriticalDays, schedules, seed: values.seed });
  } catch (err) {
    // A plan no schedule can satisfy (a demand that never fits from some date on) is bad input too.
    if (err instanceof FinishConstraintError) {
      printIssues(io, [{ code: err.code, message: err.message, task: err.task }]);
      return EXIT_USAGE;
    }
    if (!(err instanceof RcpspError)) throw err;
    printIssues(io, [{ code: err.code, message: err.message, ...(err.task !== undefined ? { task: err.task } : {}) }]);
    return EXIT_USAGE;
  }
  const withWarnings = { ...report, warnings: [...loaded.warnings, ...report.warnings] };
  io.stdout(values.json ? `${JSON.stringify(withWarnings, null, 2)}\n` : formatSchedule(withWarnings, loaded.plan.name));
  return EXIT_OK;
};

function usage(io: CliIO, message: string): number {
  io.stderr(`converge schedule: ${message}\n${USAGE}`);
  return EXIT_USAGE;
}
