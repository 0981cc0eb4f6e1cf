/**
 * A plan from saved Jira JSON (the CLI's `--jira` input): a search response
 * `{"issues": [...]}`, a bare array of issues, or one issue, in the v2 or v3 shape.
 * Nothing is fetched, so out-of-scope predecessors are known only from their link
 * stubs (done ones take 0 days). The mapped plan is then run through the engine's own
 * validatePlan, so a `--jira` plan meets exactly the rules of a plan file. Returns the
 * engine's ParseResult: mapping warnings become "code: message" strings, and a cycle
 * or bad input becomes PlanIssues (code 'cycle' names the keys in order).
 */
import type { PlanIssue } from '../engine/plan';
import { validatePlan, type ParseResult } from '../engine/validate-plan';
import type { JiraIssue } from './jira-types';
import { withDefaults, type MappingSettings } from './mapping-settings';
import { MappingError } from './mapping-warning';
import { planFromJira } from './plan-from-jira';

export interface ExportOptions {
  /** Day 0 of the plan; default today (local date). */
  start?: string;
  name?: string;
}

/** Today's local date as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The issues of a saved export, or a PlanIssue saying why the JSON is not one. */
export function issuesOfExport(json: unknown): { ok: true; issues: JiraIssue[] } | { ok: false; issue: PlanIssue } {
  if (Array.isArray(json)) return { ok: true, issues: json as JiraIssue[] };
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    if (Array.isArray(o.issues)) return { ok: true, issues: o.issues as JiraIssue[] };
    if (typeof o.key === 'string' && o.fields && typeof o.fields === 'object') return { ok: true, issues: [o as unknown as JiraIssue] };
  }
  return {
    ok: false,
    issue: { code: 'not-an-object', message: 'a Jira export must be a search response {"issues": [...]}, an array of issues, or one issue {"key", "fields"}' },
  };
}

export function planFromJiraExport(json: unknown, settings?: Partial<MappingSettings>, opts: ExportOptions = {}): ParseResult {
  const found = issuesOfExport(json);
  if (!found.ok) return { ok: false, issues: [found.issue] };
  try {
    const mapped = planFromJira(found.issues, withDefaults(settings), { start: opts.start ?? todayIso(), name: opts.name });
    const checked = validatePlan(mapped.plan);
    if (!checked.ok) return checked;
    return { ok: true, plan: checked.plan, warnings: [...mapped.warnings.map((w) => `${w.code}: ${w.message}`), ...checked.warnings] };
  } catch (e) {
    if (e instanceof MappingError) {
      const code: PlanIssue['code'] = e.code === 'cycle' ? 'cycle' : 'invalid-field';
      return { ok: false, issues: [{ code, message: e.message, ...(e.issueKeys[0] ? { task: e.issueKeys[0] } : {}) }] };
    }
    throw e;
  }
}
