/**
 * Issue properties: where Converge keeps each issue's three-point estimate
 * (`converge.estimate`). `GET|PUT /rest/api/3/issue/{key}/properties/{propertyKey}`;
 * a value is at most 32,768 characters of JSON and writing needs Edit issues.
 */
import type { JiraClient } from './jira-client';
import { JiraError } from './jira-error';
import { jiraPath } from './jira-path';

export const ESTIMATE_PROPERTY = 'converge.estimate';
export const MAX_PROPERTY_CHARS = 32_768;

/** The property's value, or undefined when the issue has no such property (Jira answers 404). */
export async function getIssueProperty<T = unknown>(client: JiraClient, issueKey: string, propertyKey: string): Promise<T | undefined> {
  try {
    const res = await client.request<{ key: string; value: T }>('GET', jiraPath`/rest/api/3/issue/${issueKey}/properties/${propertyKey}`, {
      culprit: `issue ${issueKey}`,
      scope: 'read:jira-work',
    });
    return res?.value;
  } catch (e) {
    // 404 means "no such property" as well as "no such issue": callers that must tell
    // them apart read the issue first.
    if (e instanceof JiraError && e.code === 'not-found') return undefined;
    throw e;
  }
}

export async function setIssueProperty(client: JiraClient, issueKey: string, propertyKey: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  if (json === undefined) throw new JiraError('bad-request', `property ${propertyKey} of ${issueKey} must be a JSON value`, { culprit: issueKey });
  if (json.length > MAX_PROPERTY_CHARS) {
    throw new JiraError('too-large', `property ${propertyKey} of ${issueKey} is ${json.length} characters; Jira accepts at most ${MAX_PROPERTY_CHARS}`, { culprit: issueKey });
  }
  await client.request<unknown>('PUT', jiraPath`/rest/api/3/issue/${issueKey}/properties/${propertyKey}`, {
    body: value,
    culprit: `issue ${issueKey}`,
    scope: 'write:jira-work (Edit issues permission)',
  });
}
