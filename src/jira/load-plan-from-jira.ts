/**
 * Loads a plan from a live Jira: one JQL search (all pages), then one bulk fetch of
 * the out-of-scope predecessors the links name (<= 100 keys a call), then the mapping.
 * Any failure on the way rejects the whole load, so a caller never forecasts from a
 * half-read scope. Requests: ceil(issues / page) + ceil(externals / 100).
 */
import { bulkFetchIssues } from './bulk-fetch-issues';
import { dependencyLinks, linkRuleIndex } from './dependency-links';
import type { JiraClient } from './jira-client';
import type { JiraIssue } from './jira-types';
import { searchFields, searchProperties, type MappingSettings } from './mapping-settings';
import { planFromJira, type PlanFromJiraResult } from './plan-from-jira';
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
}

export interface LoadedPlan extends PlanFromJiraResult {
  jql: string;
  /** Issues in scope, and out-of-scope predecessors fetched / requested. */
  counts: { scope: number; externalsRequested: number; externalsFetched: number };
}

/** Keys of out-of-scope issues that precede an in-scope one, in first-seen order. */
export function externalPredecessorKeys(issues: readonly JiraIssue[], settings: MappingSettings): string[] {
  const inScope = new Set(issues.map((i) => i.key));
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
  const wanted = externalPredecessorKeys(issues, options.settings);
  const externals = wanted.length ? (await bulkFetchIssues(client, { issueIdsOrKeys: wanted, fields, properties })).issues : [];
  const mapped = planFromJira(issues, options.settings, { start: options.start, externals, name: options.name });
  return { ...mapped, jql: options.jql, counts: { scope: issues.length, externalsRequested: wanted.length, externalsFetched: externals.length } };
}
