/**
 * Reads the precedence edges an issue's `issuelinks` state, by the configured link
 * types (mapping-settings.ts explains the sides). Each Jira link appears in the
 * files of both its ends, mirrored, with the same link id; `linkKey` identifies a
 * link across both views so the mapping can tell a mirror (silently merged) from a
 * real duplicate (a second link giving the same edge, warned about). O(links).
 */
import type { IssueLink, IssueStub, JiraIssue } from './jira-types';
import type { LinkTypeRule } from './mapping-settings';

export interface DependencyLink {
  predecessor: string;
  successor: string;
  /** The issue at the other end of the link (a stub with summary / status / type). */
  other: IssueStub;
  /** Whether `other` is the predecessor. */
  otherIsPredecessor: boolean;
  /** The link type name as Jira spells it. */
  typeName: string;
  /** Same value in both issues' views of one link. */
  linkKey: string;
}

/** Rules by lower-cased link type name. */
export function linkRuleIndex(rules: readonly LinkTypeRule[]): Map<string, LinkTypeRule> {
  return new Map(rules.map((r) => [r.name.trim().toLowerCase(), r] as const));
}

/** The dependency edges stated in `issue`'s links; self-links are returned too (predecessor === successor). */
export function dependencyLinks(issue: JiraIssue, rules: Map<string, LinkTypeRule>): DependencyLink[] {
  const out: DependencyLink[] = [];
  for (const link of (issue.fields.issuelinks ?? []) as IssueLink[]) {
    const rule = link?.type?.name ? rules.get(link.type.name.trim().toLowerCase()) : undefined;
    if (!rule) continue;
    // In X's view, outwardIssue Y reads "X <outward> Y": X is the outward side.
    const other = link.outwardIssue ?? link.inwardIssue;
    if (!other?.key) continue;
    const outwardSide = link.outwardIssue ? issue.key : other.key;
    const inwardSide = link.outwardIssue ? other.key : issue.key;
    const predecessor = rule.predecessorSide === 'outward' ? outwardSide : inwardSide;
    const successor = predecessor === outwardSide ? inwardSide : outwardSide;
    out.push({
      predecessor,
      successor,
      other,
      otherIsPredecessor: predecessor === other.key && successor === issue.key,
      typeName: link.type.name,
      linkKey: link.id ? `id:${link.id}` : `${rule.name.toLowerCase()}:${outwardSide}>${inwardSide}`,
    });
  }
  return out;
}
