/**
 * The shape of AI work in Jira terms: an issue's task kind (deploy, training,
 * data-delivery ...), its review-gate kind, and the convergence-risk default for
 * unestimated work, from issue types and labels in the mapping settings.
 *   - gate: an issue type in gateIssueTypes (default 'Review Gate') or any label
 *     `gate:<kind>`; the kind is the label's (bias-audit, performance-benchmark,
 *     compliance-documentation, regulatory-review, security-review, or a short alias of
 *     one in GATE_KIND_ALIASES: gate:compliance, gate:security, gate:legal ...), else 'custom'.
 *   - kind: the first rule of settings.kinds (default DEFAULT_KIND_RULES) whose
 *     issue types or labels match, case-insensitively; gates are kind 'gate'.
 *   - convergence default: the first settings.convergenceDefaults entry matching the
 *     issue type or a label.
 * Pure; O(rules x labels) per issue.
 */
import { GATE_KINDS, type GateKind } from '../engine/plan';
import type { JiraIssue } from './jira-types';
import { DEFAULT_GATE_ISSUE_TYPES, DEFAULT_KIND_RULES, type MappingSettings, type ThreePointEstimate } from './mapping-settings';

export interface WorkShape {
  kind?: string;
  gate?: { kind: GateKind };
  labels: string[];
}

/** Short label spellings teams use for the standard gate kinds. */
export const GATE_KIND_ALIASES: Record<string, GateKind> = {
  bias: 'bias-audit',
  fairness: 'bias-audit',
  performance: 'performance-benchmark',
  'perf-benchmark': 'performance-benchmark',
  benchmark: 'performance-benchmark',
  compliance: 'compliance-documentation',
  'model-risk': 'compliance-documentation',
  regulatory: 'regulatory-review',
  legal: 'regulatory-review',
  security: 'security-review',
};

const lower = (xs: readonly string[] | undefined) => new Set((xs ?? []).map((x) => x.toLowerCase()));

export function workShape(issue: JiraIssue, settings: MappingSettings): WorkShape {
  const labels = Array.isArray(issue.fields.labels) ? issue.fields.labels.map(String) : [];
  const type = (issue.fields.issuetype?.name ?? '').toLowerCase();
  const lowLabels = labels.map((l) => l.toLowerCase());
  const gateLabel = lowLabels.find((l) => l.startsWith('gate:'));
  const isGateType = lower(settings.gateIssueTypes ?? DEFAULT_GATE_ISSUE_TYPES).has(type);
  const shape: WorkShape = { labels };
  if (gateLabel || isGateType) {
    const k = gateLabel?.slice(5) as GateKind | undefined;
    shape.gate = { kind: k && GATE_KINDS.includes(k) ? k : (k && GATE_KIND_ALIASES[k]) || 'custom' };
    shape.kind = 'gate';
    return shape;
  }
  for (const [kind, rule] of Object.entries(settings.kinds ?? DEFAULT_KIND_RULES)) {
    const types = lower(rule.issueTypes), ls = lower(rule.labels);
    if (types.has(type) || lowLabels.some((l) => ls.has(l))) { shape.kind = kind; break; }
  }
  return shape;
}

/** The convergence-risk default for an unestimated issue, or undefined. */
export function convergenceDefaultFor(issue: JiraIssue, settings: MappingSettings): ThreePointEstimate | undefined {
  const type = (issue.fields.issuetype?.name ?? '').toLowerCase();
  const labels = (issue.fields.labels ?? []).map((l) => String(l).toLowerCase());
  return settings.convergenceDefaults?.find((d) => lower(d.issueTypes).has(type) || labels.some((l) => lower(d.labels).has(l)))?.estimate;
}
