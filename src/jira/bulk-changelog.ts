/**
 * Change history of many issues at once (`POST /rest/api/3/changelog/bulkfetch`): up
 * to 1000 issues and 10 field ids a request, paged with `nextPageToken`. Used to
 * compare past forecasts with what happened (status changes, estimate changes).
 * All pages of all chunks are collected before returning; any failure rejects.
 */
import type { JiraClient } from './jira-client';
import { JiraError } from './jira-error';
import { jiraPath } from './jira-path';

export interface ChangeItem {
  field?: string;
  fieldId?: string;
  fieldtype?: string;
  from?: string | null;
  fromString?: string | null;
  to?: string | null;
  toString?: string | null;
}

export interface ChangeHistory {
  id: string;
  /** Jira's bulk endpoint sends epoch seconds or an ISO string depending on the site version. */
  created: string | number;
  author?: { accountId?: string; displayName?: string };
  items: ChangeItem[];
}

export interface IssueChangelog {
  issueId: string;
  changeHistories: ChangeHistory[];
}

export const CHANGELOG_ISSUE_LIMIT = 1000;
export const CHANGELOG_FIELD_LIMIT = 10;
const BULK_CHANGELOG = jiraPath`/rest/api/3/changelog/bulkfetch`;

export async function bulkFetchChangelogs(
  client: JiraClient,
  request: { issueIdsOrKeys: readonly string[]; fieldIds?: readonly string[]; maxResults?: number },
): Promise<IssueChangelog[]> {
  const fieldIds = request.fieldIds ?? [];
  if (fieldIds.length > CHANGELOG_FIELD_LIMIT) {
    throw new JiraError('bad-request', `the bulk changelog takes at most ${CHANGELOG_FIELD_LIMIT} field ids, got ${fieldIds.length}`, { culprit: 'fieldIds' });
  }
  const byIssue = new Map<string, IssueChangelog>();
  const keys = [...new Set(request.issueIdsOrKeys)];
  for (let i = 0; i < keys.length; i += CHANGELOG_ISSUE_LIMIT) {
    const chunk = keys.slice(i, i + CHANGELOG_ISSUE_LIMIT);
    const seen = new Set<string>();
    let nextPageToken: string | undefined;
    for (;;) {
      const res = await client.request<{ issueChangeLogs?: IssueChangelog[]; nextPageToken?: string }>('POST', BULK_CHANGELOG, {
        body: { issueIdsOrKeys: chunk, fieldIds, maxResults: request.maxResults ?? 1000, ...(nextPageToken ? { nextPageToken } : {}) },
        scope: 'read:jira-work',
        idempotent: true,
      });
      for (const log of res?.issueChangeLogs ?? []) {
        const entry = byIssue.get(log.issueId) ?? { issueId: log.issueId, changeHistories: [] };
        entry.changeHistories.push(...(log.changeHistories ?? []));
        byIssue.set(log.issueId, entry);
      }
      if (!res?.nextPageToken) break;
      if (seen.has(res.nextPageToken)) throw new JiraError('invalid-response', 'the bulk changelog repeated a page token', { path: BULK_CHANGELOG.text });
      seen.add(res.nextPageToken);
      nextPageToken = res.nextPageToken;
    }
  }
  return [...byIssue.values()];
}
