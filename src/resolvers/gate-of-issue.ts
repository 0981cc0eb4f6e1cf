/**
 * Which review gate an issue is, for the panels' gate markers: the kind in a
 * `gate:<kind>` label (e.g. gate:bias-audit), else the kind of the first configured
 * gate rule that matches the issue's type or labels, else 'review' for an issue type
 * named like a gate ("Review Gate"). Undefined for ordinary work. Pure; O(labels + rules).
 */
import type { GateRule } from './contract';

export function gateOfIssue(issue: { issueType: string; labels?: readonly string[] }, rules: readonly GateRule[] = []): string | undefined {
  const labels = issue.labels ?? [];
  for (const l of labels) {
    const m = /^gate:(.+)$/i.exec(l);
    if (m && m[1].trim()) return m[1].trim();
  }
  const type = issue.issueType.toLowerCase();
  for (const r of rules) {
    if (r.match.issueTypes?.some((t) => t.toLowerCase() === type) || r.match.labels?.some((l) => labels.includes(l))) return r.kind;
  }
  return /\bgate\b/.test(type) ? 'review' : undefined;
}
