/**
 * Loads a plan from a live Jira: one JQL search (all pages), then the out-of-scope
 * predecessors the links name, transitively: level by level (breadth first), one bulk
 * fetch per level (<= 100 keys a call) of the predecessors of the open issues fetched at
 * the level before, so work in scope waits for another project's whole upstream chain
 * (LLM fine-tuning -> PLAT H100 bring-up -> its hardware delivery). Bounded by
 * `upstreamDepth` levels (3) and `maxExternals` issues (500); hitting a bound warns
 * 'upstream-truncated' with the keys not followed (they stay link stubs at the edge).
 * Then the mapping. Any failure on the way rejects the whole load, so a caller never
 * forecasts from a half-read scope.
 * Requests: ceil(issues / page) + sum over levels of ceil(level's externals / 100).
 */
import { bulkFetchIssues } from './bulk-fetch-issues';
import { dependencyLinks, linkRuleIndex } from './dependency-links';
import type { JiraClient } from './jira-client';
import type { JiraIssue } from './jira-types';
import { searchFields, searchProperties, type MappingSettings } from './mapping-settings';
import { planFromJira, statusOf, type PlanFromJiraResult } from './plan-from-jira';
import { searchJql } from './search-jql';

export interface LoadPlanOptions {
  jql: string;
  settings: MappingSettings;
  /** The plan's day 0 (YYYY-MM-DD), normally today. */
  start: string;
  name?: string;
  /** Reject scopes larger than this (default 10,000 issues). */
  maxIssues?: number;
  /** Page size of the search (default 100). */
  pageSize?: number;
  /** Levels of out-of-scope predecessors to fetch (default 3; 1 = direct predecessors only). */
  upstreamDepth?: number;
  /** At most this many out-of-scope issues are fetched (default 500). */
  maxExternals?: number;
}

export const DEFAULT_UPSTREAM_DEPTH = 3;
export const DEFAULT_MAX_EXTERNALS = 500;

export interface LoadedPlan extends PlanFromJiraResult {
  jql: string;
  /** Issues in scope, and out-of-scope predecessors fetched / requested. */
  counts: { scope: number; externalsRequested: number; externalsFetched: number; upstreamLevels?: number };
}

/** Keys of out-of-scope issues that precede an in-scope one, in first-seen order. */
export function externalPredecessorKeys(issues: readonly JiraIssue[], settings: MappingSettings, inScope: ReadonlySet<string> = new Set(issues.map((i) => i.key))): string[] {
  const rules = linkRuleIndex(settings.linkTypes);
  const out = new Set<string>();
  for (const issue of issues) {
    for (const link of dependencyLinks(issue, rules)) {
      if (link.otherIsPredecessor && link.other.key !== issue.key && !inScope.has(link.other.key)) out.add(link.other.key);
    }
  }
  return [...out];
}

export async function loadPlanFromJira(client: JiraClient, options: LoadPlanOptions): Promise<LoadedPlan> {
  const fields = searchFields(options.settings);
  const properties = searchProperties(options.settings);
  const issues = await searchJql(client, { jql: options.jql, fields, properties, maxIssues: options.maxIssues, maxResults: options.pageSize });
  const depth = Math.max(1, options.upstreamDepth ?? DEFAULT_UPSTREAM_DEPTH);
  const max = Math.max(0, options.maxExternals ?? DEFAULT_MAX_EXTERNALS);
  const known = new Set(issues.map((i) => i.key));
  const externals: JiraIssue[] = [];
  let requested = 0, levels = 0;
  let frontier = externalPredecessorKeys(issues, options.settings, known);
  const skipped: string[] = [];
  while (frontier.length) {
    if (levels === depth) { skipped.push(...frontier); break; }
    const room = max - requested;
    const batch = frontier.slice(0, Math.max(0, room));
    skipped.push(...frontier.slice(batch.length));
    if (!batch.length) break;
    for (const k of batch) known.add(k);
    requested += batch.length;
    levels++;
    const got = (await bulkFetchIssues(client, { issueIdsOrKeys: batch, fields, properties })).issues;
    externals.push(...got);
    // Finished work holds nothing up: its own predecessors are not followed.
    frontier = externalPredecessorKeys(got.filter((i) => statusOf(i.fields.status) !== 'done'), options.settings, known);
  }
  const mapped = planFromJira(issues, options.settings, { start: options.start, externals, name: options.name });
  if (skipped.length) {
    const unique = [...new Set(skipped)];
    mapped.warnings.push({
      code: 'upstream-truncated',
      message: `the upstream chain of out-of-scope predecessors goes beyond ${levels === depth ? `${depth} levels` : `${max} issues`}; not followed: ${unique.slice(0, 10).join(', ')}${unique.length > 10 ? ` and ${unique.length - 10} more` : ''}`,
      issueKeys: unique,
    });
  }
  return { ...mapped, jql: options.jql, counts: { scope: issues.length, externalsRequested: requested, externalsFetched: externals.length, upstreamLevels: levels } };
}
