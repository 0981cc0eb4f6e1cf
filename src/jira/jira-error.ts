/**
 * The one error type of the Jira adapters. `code` is stable (callers and tests branch
 * on it, never on the wording); the message names the culprit: the issue key, the
 * path, the missing scope or the credential to check.
 */

export type JiraErrorCode =
  /** 401: the email / API token (or the Forge user) is not accepted. */
  | 'unauthorized'
  /** 403: the user or app may not see or change this issue, or a scope is missing. */
  | 'forbidden'
  /** 404: no such issue / resource, or not visible to this user. */
  | 'not-found'
  /** 410: an endpoint Atlassian has removed (the old /rest/api/3/search). */
  | 'endpoint-removed'
  /** 429 still returned after the bounded retries (or the wait asked for exceeds the budget). */
  | 'rate-limited'
  /** 5xx still returned after the bounded retries. */
  | 'server-error'
  /** 400: Jira rejected the request (bad JQL, bad field id...). */
  | 'bad-request'
  /** Any other unexpected HTTP status. */
  | 'http-error'
  /** The request never got an answer (DNS, refused connection, timeout). */
  | 'network'
  /** The answer was not the JSON shape the endpoint documents (or paging did not advance). */
  | 'invalid-response'
  /** A bulk call reported per-issue errors: the load is incomplete, so it is rejected. */
  | 'incomplete'
  /** The client was configured wrongly (bad site URL, missing credentials). */
  | 'invalid-config'
  /** A value is larger than Jira accepts (e.g. an issue property over 32,768 characters). */
  | 'too-large'
  /** More issues matched than the caller allowed. */
  | 'too-many-issues';

export interface JiraErrorDetails {
  status?: number;
  method?: string;
  /** The request path without the site, e.g. /rest/api/3/issue/ML-1. */
  path?: string;
  /** The issue key, field, scope or setting the error is about. */
  culprit?: string;
  /** Messages from Jira's ErrorCollection (`errorMessages`, `errors`). */
  jiraMessages?: string[];
  /** For 'rate-limited': how long Jira asked us to wait, in ms. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class JiraError extends Error {
  readonly status?: number;
  readonly method?: string;
  readonly path?: string;
  readonly culprit?: string;
  readonly jiraMessages: string[];
  readonly retryAfterMs?: number;

  constructor(readonly code: JiraErrorCode, message: string, details: JiraErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'JiraError';
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.culprit = details.culprit;
    this.jiraMessages = details.jiraMessages ?? [];
    this.retryAfterMs = details.retryAfterMs;
  }
}

export function isJiraError(e: unknown): e is JiraError {
  return e instanceof JiraError;
}
