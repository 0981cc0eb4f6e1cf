/**
 * The Jira adapters: client, typed REST helpers, mapping to the plan, loaders. Re-exports only.
 * The Forge client is deliberately not re-exported: import './forge-jira-client' where
 * @forge/api is wanted (resolvers), so the CLI never loads it.
 */
export { JiraError, isJiraError, type JiraErrorCode, type JiraErrorDetails } from './jira-error';
export { jiraPath, type JiraPath } from './jira-path';
export {
  createJiraClient, realSleep, toSearchParams,
  type ClientOptions, type HttpMethod, type JiraClient, type JiraTransport, type QueryValue, type RawResponse, type RequestOptions,
} from './jira-client';
export { DEFAULT_RETRY_POLICY, backoffDelayMs, serverRetryAfterMs, type RetryPolicy } from './retry-delay';
export { createHttpsJiraClient, siteBaseUrl, type HttpsClientOptions } from './https-jira-client';
export { searchJql, type SearchJqlRequest } from './search-jql';
export { getIssue, type GetIssueOptions } from './get-issue';
export { ESTIMATE_PROPERTY, MAX_PROPERTY_CHARS, getIssueProperty, setIssueProperty } from './issue-property';
export { BULK_FETCH_LIMIT, bulkFetchIssues, type BulkFetchRequest, type BulkFetchResult } from './bulk-fetch-issues';
export { getLinkTypes } from './issue-link-types';
export { getFields, suggestFieldIds } from './get-fields';
export { getMyPermissions, type MyPermissionsRequest } from './my-permissions';
export { getBoardConfiguration, getBoardEstimationField, getBoardSprints, getSprintIssues, type BoardConfiguration, type Sprint } from './jira-agile';
export { bulkFetchChangelogs, type ChangeHistory, type ChangeItem, type IssueChangelog } from './bulk-changelog';
export type { IssueLink, IssueLinkType, IssueStub, IssueType, JiraField, JiraIssue, JiraIssueFields, JiraIssuesInput, JiraStatus, StatusCategory, TimeTracking } from './jira-types';
export {
  DEFAULT_ESTIMATE_PROPERTY, DEFAULT_HOURS_PER_DAY, DEFAULT_MAPPING_SETTINGS, DEFAULT_MAX_ATTEMPTS, DEFAULT_SCOPE_JQL, DEFAULT_SINGLE_POINT_SPREAD,
  scopeJql, searchFields, searchProperties, withDefaults,
  type EstimateFieldIds, type LinkTypeRule, type MappingSettings, type ResourcePoolMapping, type ThreePointEstimate,
} from './mapping-settings';
export { MappingError, type MappingErrorCode, type MappingWarning, type MappingWarningCode } from './mapping-warning';
export { estimateForIssue, singlePoint, type EstimateSource, type IssueEstimate } from './estimate-for-issue';
export { dependencyLinks, linkRuleIndex, type DependencyLink } from './dependency-links';
export { planFromJira, statusOf, type IssueMeta, type PlanFromJiraOptions, type PlanFromJiraResult } from './plan-from-jira';
export { externalPredecessorKeys, loadPlanFromJira, type LoadPlanOptions, type LoadedPlan } from './load-plan-from-jira';
export { issuesOfExport, planFromJiraExport, todayIso, type ExportOptions } from './plan-from-jira-export';
export { workShape, convergenceDefaultFor, type WorkShape } from './work-shape';
export { fetchCompletedWork, completedWorkFromIssues, issuesAsOf, checkHistoryExport, type IssueWithHistory } from './work-history';
