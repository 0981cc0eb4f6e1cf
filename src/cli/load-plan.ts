/**
 * Loads a plan for a CLI command: a plan-format JSON file, standard input ('-'),
 * or (with `jira`) a Jira search export mapped by src/jira/plan-from-jira-export.ts.
 * Every outcome is a ParseResult, so commands print problems one way and never
 * see a half-read plan. Nothing is guessed from the content: the caller says
 * which format it is.
 */
import { parseJson, parsePlan, type ParseResult } from '../engine/parse-plan';
import type { PlanIssue } from '../engine/plan';
import { planFromJiraExport } from '../jira/plan-from-jira-export';
import { expandPlan } from '../engine/gates/expand-plan';
import type { CliIO } from './io';

export interface LoadPlanOptions {
  /** The input is a Jira issue-search export (JSON), not a plan file. */
  jira?: boolean;
  /**
   * Apply the plan's rules (gates/expand-plan.ts: defaults, retraining cycles, gate rules)
   * before returning; expansion findings become warnings. Default true; `check` expands itself.
   */
  expand?: boolean;
  /** Called with the file's text as soon as it is read, before it is parsed (a forecast's workers start on it: forecast-workers.ts planText). */
  onText?: (text: string) => void;
}

export function loadPlan(path: string, io: CliIO, opts: LoadPlanOptions = {}): ParseResult {
  const loaded = readPlan(path, io, opts);
  if (!loaded.ok || opts.expand === false) return loaded;
  const expanded = expandPlan(loaded.plan);
  if (!expanded.ok) return expanded;
  return { ok: true, plan: expanded.plan, warnings: [...loaded.warnings, ...expanded.findings.map((f) => `[${f.id}] ${f.message}`)] };
}

function readPlan(path: string, io: CliIO, opts: LoadPlanOptions): ParseResult {
  let text: string;
  try {
    text = io.readInput(path);
  } catch (err) {
    const why = err instanceof Error && 'code' in err && err.code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
    return fail({ code: 'read-error', field: 'file', message: `cannot read ${path === '-' ? 'standard input' : path}: ${why}` });
  }
  opts.onText?.(text);
  if (!opts.jira) return parsePlan(text);

  const json = parseJson(text);
  if (!json.ok) return fail(json.issue);
  // The mapper validates its plan with validatePlan too: a cycle of Jira links is reported, not broken.
  return planFromJiraExport(json.value);
}

/** What printIssues needs: a PlanIssue, or any coded problem (e.g. an RcpspError) shaped like one. */
export type IssueLike = Omit<PlanIssue, 'code'> & { code: string };

/** One line per problem: `error [code] task ML-3 field duration.optimistic: message`. */
export function formatIssue(issue: IssueLike): string {
  const where = [
    issue.line !== undefined ? `line ${issue.line} column ${issue.column}` : '',
    issue.task !== undefined ? `task ${issue.task}` : '',
    issue.field !== undefined ? `field ${issue.field}` : '',
  ].filter(Boolean).join(' ');
  return `error [${issue.code}]${where ? ` ${where}` : ''}: ${issue.message}`;
}

/** Prints every issue to stderr, one per line (commands then exit with status 2). */
export function printIssues(io: CliIO, issues: IssueLike[]): void {
  io.stderr(issues.map((i) => `${formatIssue(i)}\n`).join(''));
}

function fail(issue: PlanIssue): ParseResult {
  return { ok: false, issues: [issue] };
}
