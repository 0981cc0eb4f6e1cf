/**
 * `converge check FILE|- [--as-of YYYY-MM-DD] [--json] [--jira] [--stale-days N] [--long-task-days N] [--cross-team-float N]`
 *
 * Schedule health checks (src/engine/health-checks.ts) on a plan after its rules are
 * applied (gates/expand-plan.ts). Exit status: 0 when no finding is an error, 1 when
 * at least one is (so CI can gate on it), 2 for invalid input or usage. A dependency
 * cycle is a finding (HC-CYCLE, error, exit 1), not invalid input, so it is listed
 * with the other findings. `--json` prints { findings, counts, asOf?, warnings }.
 */
import { parseArgs } from 'node:util';
import { expandPlan } from '../../engine/gates/expand-plan';
import { cycleFindings, healthChecks, type HealthReport } from '../../engine/health-checks';
import { isIsoDate } from '../../engine/working-calendar';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIO, type Command } from '../io';
import { loadPlan, printIssues } from '../load-plan';

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
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'as-of': { type: 'string' }, json: { type: 'boolean' }, jira: { type: 'boolean' },
        'stale-days': { type: 'string' }, 'long-task-days': { type: 'string' }, 'cross-team-float': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return usage(io, err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) { io.stdout(USAGE); return EXIT_OK; }
  if (positionals.length !== 1) return usage(io, positionals.length ? `expected one FILE, got ${positionals.length}` : 'missing FILE');
  const asOf = values['as-of'];
  if (asOf !== undefined && !isIsoDate(asOf)) return usage(io, `--as-of must be a date YYYY-MM-DD, not '${asOf}'`);
  const num = (key: 'stale-days' | 'long-task-days' | 'cross-team-float'): number | undefined | null => {
    const v = values[key];
    if (v === undefined) return undefined;
    const x = Number(v);
    return v.trim() !== '' && Number.isFinite(x) && x >= 0 ? x : null;
  };
  const staleDays = num('stale-days'), longTaskDays = num('long-task-days'), crossTeamFloatDays = num('cross-team-float');
  for (const [k, v] of [['stale-days', staleDays], ['long-task-days', longTaskDays], ['cross-team-float', crossTeamFloatDays]] as const) {
    if (v === null) return usage(io, `--${k} must be a number >= 0, not '${values[k]}'`);
  }

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
      ...(staleDays != null ? { staleDays } : {}), ...(longTaskDays != null ? { longTaskDays } : {}), ...(crossTeamFloatDays != null ? { crossTeamFloatDays } : {}),
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
  io.stderr(`converge check: ${message}\n${USAGE}`);
  return EXIT_USAGE;
}
