import { createForgeJiraClient, forgeRoute, type ForgeApiLike } from '../../src/jira/forge-jira-client';
import { jiraPath } from '../../src/jira/jira-path';
import { searchJql } from '../../src/jira/search-jql';

function fakeForge(answers: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>) {
  const calls: Array<{ as: string; url: string; init: any }> = [];
  const requester = (as: string) => ({
    requestJira: async (url: { value: string }, init?: any) => {
      calls.push({ as, url: url.value, init });
      const a = answers.shift()!;
      return { status: a.status, headers: { get: (n: string) => a.headers?.[n.toLowerCase()] ?? null }, text: async () => (a.body === undefined ? '' : JSON.stringify(a.body)) };
    },
  });
  const api: ForgeApiLike = { asUser: () => requester('user'), asApp: () => requester('app') };
  return { api, calls };
}

describe('createForgeJiraClient', () => {
  it('rejects a path that the route tag would reject', () => {
    expect(() => forgeRoute(jiraPath`/rest/api/3/issue/${'ML-1'}`, new URLSearchParams())).not.toThrow();
    expect(() => jiraPath`/rest/api/3/issue/${'..'}`).toThrow();
  });

  it('asks as the user for panels and as the app for triggers, with route-built paths and queries', async () => {
    const user = fakeForge([{ status: 200, body: { key: 'ML-1' } }]);
    const c = createForgeJiraClient({ as: 'user', api: user.api });
    await c.request('GET', jiraPath`/rest/api/3/issue/${'ML-1'}`, { query: { fields: ['summary', 'status'] } });
    expect(user.calls[0]).toMatchObject({ as: 'user', url: '/rest/api/3/issue/ML-1?fields=summary%2Cstatus', init: { method: 'GET' } });

    const app = fakeForge([{ status: 429, headers: { 'retry-after': '1' } }, { status: 200, body: { issues: [{ key: 'ML-1', fields: {} }], isLast: true } }]);
    const waits: number[] = [];
    const a = createForgeJiraClient({ as: 'app', api: app.api, sleep: async (ms) => void waits.push(ms) });
    const issues = await searchJql(a, { jql: 'project = ML', fields: ['summary'] });
    expect(issues.map((i) => i.key)).toEqual(['ML-1']);
    expect(app.calls.map((x) => x.as)).toEqual(['app', 'app']);
    expect(app.calls[0].url).toBe('/rest/api/3/search/jql');
    expect(JSON.parse(app.calls[0].init.body).jql).toBe('project = ML');
    expect(waits).toEqual([1000]);
  });

  it('maps a 403 to forbidden naming the issue', async () => {
    const f = fakeForge([{ status: 403, body: { errorMessages: ['no'] } }]);
    const c = createForgeJiraClient({ as: 'user', api: f.api });
    await expect(c.request('GET', jiraPath`/rest/api/3/issue/${'ML-9'}`, { culprit: 'issue ML-9' })).rejects.toMatchObject({ code: 'forbidden', culprit: 'issue ML-9' });
  });
});
