/**
 * `converge check FILE|- [--as-of YYYY-MM-DD] [--json] [--jira] [--stale-days N] [--long-task-days N] [--cross-team-float N]`
 *
 * Schedule health checks (src/engine/health-checks.ts) on a plan after its rules are
 * applied (gates/expand-plan.ts). Exit status: 0 when no finding is an error, 1 when
 * at least one is (so CI can gate on it), 2 for invalid input or usage. A dependency
 * cycle is a finding (HC-CYCLE, error, exit 1), not invalid input, so it is listed
 * with the other findings. `--json` prints { findings, counts, asOf?, warnings }.
 */
import { expandPlan } from '../../engine/gates/expand-plan';
import { cycleFindings, healthChecks, type HealthReport } from '../../engine/health-checks';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIO, type Command } from '../io';
import { loadPlan, printIssues } from '../load-plan';
import { dateFlag, nonNegative, parseCommand, usageError } from '../command-args';

const USAGE = `usage: converge check FILE|- [--as-of YYYY-MM-DD] [--json] [--jira] [--stale-days N] [--long-task-days N] [--cross-team-float N]
  FILE                 a plan file (docs/plan-format.md) or '-' for standard input
  --as-of DATE         today, for the stale and overdue checks (skipped without it)
  --json               print { findings, counts, asOf, warnings } as JSON
  --jira               FILE is a Jira issue-search export, not a plan file
  --stale-days N       in-progress issues not updated for more than N days are stale (default 14)
  --long-task-days N   tasks longer than N working days are flagged (default 20)
  --cross-team-float N hand-offs between teams with less float than N working days are flagged (default 2)
exit status: 0 no error finding, 1 at least one error finding (a cycle is one), 2 invalid input or usage
`;

export const run: Command = async (args, io) => {
  const parsed = parseCommand(args, io, {
    name: 'check', usage: USAGE,
    options: {
      'as-of': { type: 'string' }, json: { type: 'boolean' }, jira: { type: 'boolean' },
      'stale-days': { type: 'string' }, 'long-task-days': { type: 'string' }, 'cross-team-float': { type: 'string' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const asOfFlag = dateFlag(values['as-of'], '--as-of');
  if (typeof asOfFlag === 'string') return usage(io, asOfFlag);
  const asOf = asOfFlag.date;
  const staleDays = nonNegative(values['stale-days'], '--stale-days', -1);
  const longTaskDays = nonNegative(values['long-task-days'], '--long-task-days', -1);
  const crossTeamFloatDays = nonNegative(values['cross-team-float'], '--cross-team-float', -1);
  for (const v of [staleDays, longTaskDays, crossTeamFloatDays]) if (typeof v === 'string') return usage(io, v);
  const given = (v: number | string): v is number => typeof v === 'number' && v >= 0;

  const loaded = loadPlan(positionals[0], io, { jira: values.jira, expand: false });
  let report: HealthReport;
  let warnings: string[] = [];
  if (!loaded.ok) {
    const cycles = cycleFindings(loaded.issues);
    if (cycles.length === 0 || cycles.length !== loaded.issues.length) {
      printIssues(io, loaded.issues);
      return EXIT_USAGE;
    }
    report = { findings: cycles, counts: { error: cycles.length, warning: 0, info: 0 }, ...(asOf ? { asOf } : {}) };
  } else {
    const expanded = expandPlan(loaded.plan);
    if (!expanded.ok) {
      printIssues(io, expanded.issues);
      return EXIT_USAGE;
    }
    warnings = loaded.warnings;
    report = healthChecks(expanded.plan, {
      asOf, findings: expanded.findings,
      ...(given(staleDays) ? { staleDays } : {}), ...(given(longTaskDays) ? { longTaskDays } : {}), ...(given(crossTeamFloatDays) ? { crossTeamFloatDays } : {}),
    });
  }
  if (values.json) io.stdout(`${JSON.stringify({ ...report, warnings }, null, 2)}\n`);
  else io.stdout(formatReport(report, warnings));
  return report.counts.error > 0 ? EXIT_FAILURE : EXIT_OK;
};

function formatReport(report: HealthReport, warnings: string[]): string {
  const lines = report.findings.map((f) => `${f.severity.padEnd(7)} ${f.id}  ${f.message}\n        hint: ${f.hint}`);
  const { error, warning, info } = report.counts;
  const head = `${error} error(s), ${warning} warning(s), ${info} note(s)${report.asOf ? ` as of ${report.asOf}` : ''}`;
  return [head, ...lines, ...warnings.map((w) => `note: ${w}`)].join('\n') + '\n';
}

function usage(io: CliIO, message: string): number {
  return usageError(io, 'check', USAGE, message);
}
