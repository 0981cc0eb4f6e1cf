/**
 * `converge schedule FILE|- [--json] [--jira] [--near-critical DAYS] [--schedules N] [--seed S]`
 *
 * The deterministic schedule of a plan: CPM on most-likely durations, or the
 * resource-constrained schedule when tasks demand resources (schedulePlan). A
 * FILE ending in `.sm` is a PSPLIB instance and goes to `schedule-psplib`.
 * Invalid input: every problem on stderr, one per line, exit status 2, nothing
 * on stdout. `--json` prints the ScheduleReport of docs/plan-format.md.
 */
import { compilePlan } from '../../engine/compile-plan';
import { schedulePlan } from '../../engine/schedule-plan';
import { RcpspError } from '../../engine/rcpsp/rcpsp-problem';
import { FinishConstraintError } from '../../engine/critical-path';
import { EXIT_OK, EXIT_USAGE, type CliIO, type Command } from '../io';
import { nonNegative, parseCommand, usageError, wholeNumber } from '../command-args';
import { formatSchedule } from '../format-schedule';
import { loadPlan, printIssues } from '../load-plan';
import { writeJson } from '../write-json';

const USAGE = `usage: converge schedule FILE|- [--json] [--jira] [--near-critical DAYS] [--schedules N] [--seed S]
  FILE               a plan file (docs/plan-format.md), '-' for standard input, or a PSPLIB .sm file
  --json             print the schedule report as JSON
  --jira             FILE is a Jira issue-search export, not a plan file
  --near-critical D  list tasks with at most D working days of float as near-critical (default 2)
  --schedules N      with resources: how many candidate schedules the heuristic tries
  --seed S           with resources: seed of the randomized candidates (default '1')
`;

export const run: Command = async (args, io) => {
  const parsed = parseCommand(args, io, {
    name: 'schedule', usage: USAGE,
    options: {
      json: { type: 'boolean' }, jira: { type: 'boolean' }, 'near-critical': { type: 'string' }, schedules: { type: 'string' }, seed: { type: 'string' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const file = positionals[0];

  if (file.toLowerCase().endsWith('.sm') && !values.jira) {
    const { run: runPsplib } = await import('./schedule-psplib');
    return runPsplib(args, io);
  }

  // Absent flags stay undefined so schedulePlan applies its own defaults.
  const nearCriticalDays = values['near-critical'] === undefined ? undefined : nonNegative(values['near-critical'], '--near-critical', 0);
  if (typeof nearCriticalDays === 'string') return usage(io, nearCriticalDays);
  const schedules = values.schedules === undefined ? undefined : wholeNumber(values.schedules, '--schedules', 1);
  if (typeof schedules === 'string') return usage(io, schedules);

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
  if (values.json) writeJson(withWarnings, io.stdout);
  else io.stdout(formatSchedule(withWarnings, loaded.plan.name));
  return EXIT_OK;
};

function usage(io: CliIO, message: string): number {
  return usageError(io, 'schedule', USAGE, message);
}
