import type { HttpMethod, JiraClient, RequestOptions } from '../../src/jira/jira-client';
import { JiraError } from '../../src/jira/jira-error';
import type { JiraPath } from '../../src/jira/jira-path';
import { getIssueProperty, setIssueProperty } from '../../src/jira/issue-property';
import { bulkFetchIssues } from '../../src/jira/bulk-fetch-issues';
import { getBoardEstimationField, getBoardSprints, getSprintIssues } from '../../src/jira/jira-agile';
import { bulkFetchChangelogs } from '../../src/jira/bulk-changelog';
import { getMyPermissions } from '../../src/jira/my-permissions';
import { getFields, suggestFieldIds } from '../../src/jira/get-fields';
import { getLinkTypes } from '../../src/jira/issue-link-types';
import { getIssue } from '../../src/jira/get-issue';

type Route = (method: HttpMethod, path: string, opts: RequestOptions) => unknown;

function fake(route: Route) {
  const calls: Array<{ method: HttpMethod; path: string; opts: RequestOptions }> = [];
  const client: JiraClient = {
    async request<T>(method: HttpMethod, path: JiraPath, opts: RequestOptions = {}): Promise<T> {
      calls.push({ method, path: path.text, opts });
      return route(method, path.text, opts) as T;
    },
  };
  return { client, calls };
}

describe('typed REST helpers', () => {
  it('refuses an estimate property over 32,768 characters before sending it', async () => {
    const { client, calls } = fake(() => undefined);
    await expect(setIssueProperty(client, 'ML-1', 'converge.estimate', { note: 'x'.repeat(40_000) })).rejects.toMatchObject({ code: 'too-large', culprit: 'ML-1' });
    expect(calls).toHaveLength(0);
  });

  it('reads and writes issue properties; a missing property is undefined', async () => {
    const { client, calls } = fake((method, path) => {
      if (path.endsWith('/ML-2/properties/converge.estimate')) throw new JiraError('not-found', 'missing');
      return method === 'GET' ? { key: 'converge.estimate', value: { mostLikely: 3 } } : undefined;
    });
    await expect(getIssueProperty(client, 'ML-1', 'converge.estimate')).resolves.toEqual({ mostLikely: 3 });
    await expect(getIssueProperty(client, 'ML-2', 'converge.estimate')).resolves.toBeUndefined();
    await setIssueProperty(client, 'ML-1', 'converge.estimate', { mostLikely: 4 });
    expect(calls[2]).toMatchObject({ method: 'PUT', path: '/rest/api/3/issue/ML-1/properties/converge.estimate', opts: { body: { mostLikely: 4 } } });
  });

  it('bulk-fetches in chunks of 100, reports missing keys, and rejects on issueErrors', async () => {
    const keys = Array.from({ length: 250 }, (_, i) => `ML-${i}`);
    const { client, calls } = fake((_m, _p, opts) => {
      const asked = (opts.body as { issueIdsOrKeys: string[] }).issueIdsOrKeys;
      return { issues: asked.filter((k) => k !== 'ML-7').map((key) => ({ key, fields: {} })), issueErrors: [] };
    });
    const res = await bulkFetchIssues(client, { issueIdsOrKeys: keys, fields: ['summary'] });
    expect(calls.map((c) => (c.opts.body as { issueIdsOrKeys: string[] }).issueIdsOrKeys.length)).toEqual([100, 100, 50]);
    expect(res.issues).toHaveLength(249);
    expect(res.missing).toEqual(['ML-7']);
    const bad = fake(() => ({ issues: [], issueErrors: [{ id: '10001', errorMessage: 'try again' }] }));
    await expect(bulkFetchIssues(bad.client, { issueIdsOrKeys: ['ML-1'], fields: [] })).rejects.toMatchObject({ code: 'incomplete' });
  });

  it('pages board sprints (isLast) and sprint issues (total), and reads the estimation field', async () => {
    const { client } = fake((_m, path, opts) => {
      const startAt = Number(opts.query?.startAt ?? 0);
      if (path.endsWith('/configuration')) return { id: 7, estimation: { type: 'field', field: { fieldId: 'customfield_10016' } } };
      if (path.endsWith('/sprint')) return startAt === 0 ? { values: [{ id: 1, name: 'S1', state: 'closed' }], isLast: false } : { values: [{ id: 2, name: 'S2', state: 'active' }], isLast: true };
      return { total: 3, issues: startAt < 2 ? [{ key: `ML-${startAt}`, fields: {} }, { key: `ML-${startAt + 1}`, fields: {} }] : [{ key: 'ML-2', fields: {} }] };
    });
    await expect(getBoardEstimationField(client, 7)).resolves.toBe('customfield_10016');
    expect((await getBoardSprints(client, 7, ['active', 'closed'])).map((s) => s.id)).toEqual([1, 2]);
    expect((await getSprintIssues(client, 2, ['summary'])).map((i) => i.key)).toEqual(['ML-0', 'ML-1', 'ML-2']);
  });

  it('pages the bulk changelog by nextPageToken and merges histories per issue', async () => {
    const { client, calls } = fake((_m, _p, opts) => {
      const token = (opts.body as { nextPageToken?: string }).nextPageToken;
      return token
        ? { issueChangeLogs: [{ issueId: '1', changeHistories: [{ id: 'b', created: 2, items: [] }] }] }
        : { issueChangeLogs: [{ issueId: '1', changeHistories: [{ id: 'a', created: 1, items: [] }] }], nextPageToken: 'n' };
    });
    const logs = await bulkFetchChangelogs(client, { issueIdsOrKeys: ['ML-1'], fieldIds: ['status'] });
    expect(logs).toEqual([{ issueId: '1', changeHistories: [{ id: 'a', created: 1, items: [] }, { id: 'b', created: 2, items: [] }] }]);
    expect(calls).toHaveLength(2);
    await expect(bulkFetchChangelogs(client, { issueIdsOrKeys: ['ML-1'], fieldIds: Array.from({ length: 11 }, (_, i) => `f${i}`) })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('reads permissions, fields, link types and an issue', async () => {
    const { client, calls } = fake((_m, path) => {
      if (path === '/rest/api/3/mypermissions') return { permissions: { EDIT_ISSUES: { havePermission: true }, BROWSE_PROJECTS: { havePermission: false } } };
      if (path === '/rest/api/3/field') return [{ id: 'customfield_10016', name: 'Story point estimate', custom: true }, { id: 'duedate', name: 'Due date', custom: false }, { id: 'customfield_10015', name: 'Start date', custom: true }];
      if (path === '/rest/api/3/issueLinkType') return { issueLinkTypes: [{ id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }] };
      return { key: 'ML-1', fields: {} };
    });
    await expect(getMyPermissions(client, { permissions: ['EDIT_ISSUES', 'BROWSE_PROJECTS'], issueKey: 'ML-1' })).resolves.toEqual({ EDIT_ISSUES: true, BROWSE_PROJECTS: false });
    expect(calls[0].opts.query).toMatchObject({ permissions: ['EDIT_ISSUES', 'BROWSE_PROJECTS'], issueKey: 'ML-1' });
    expect(suggestFieldIds(await getFields(client))).toEqual({ storyPoints: 'customfield_10016', startDate: 'customfield_10015' });
    expect((await getLinkTypes(client))[0].name).toBe('Blocks');
    await getIssue(client, 'ML-1', { fields: ['summary'], properties: ['converge.estimate'] });
    expect(calls[calls.length - 1]).toMatchObject({ path: '/rest/api/3/issue/ML-1', opts: { query: { fields: ['summary'], properties: ['converge.estimate'] } } });
  });
});
