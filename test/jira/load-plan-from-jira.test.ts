import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpMethod, JiraClient, RequestOptions } from '../../src/jira/jira-client';
import { JiraError } from '../../src/jira/jira-error';
import type { JiraPath } from '../../src/jira/jira-path';
import type { JiraIssue } from '../../src/jira/jira-types';
import { externalPredecessorKeys, loadPlanFromJira } from '../../src/jira/load-plan-from-jira';
import { DEFAULT_MAPPING_SETTINGS, scopeJql, searchFields } from '../../src/jira/mapping-settings';

const sp = (key: string): JiraIssue => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'jira', 'sp', `${key}.json`), 'utf8'));

/** An in-memory Jira: the scope is served in pages of `pageSize`; bulk fetch serves `others`. */
function fakeJira(scope: JiraIssue[], others: JiraIssue[], opts: { pageSize?: number; failOn?: (path: string, call: number) => JiraError | undefined } = {}) {
  const log: Array<{ method: string; path: string; body: any }> = [];
  const client: JiraClient = {
    async request<T>(method: HttpMethod, path: JiraPath, options: RequestOptions = {}): Promise<T> {
      log.push({ method, path: path.text, body: options.body });
      const failure = opts.failOn?.(path.text, log.length);
      if (failure) throw failure;
      const body = options.body as any;
      if (path.text === '/rest/api/3/search/jql') {
        const at = Number(body.nextPageToken ?? 0);
        const size = opts.pageSize ?? 50;
        const next = at + size < scope.length ? String(at + size) : undefined;
        return { issues: scope.slice(at, at + size), ...(next ? { nextPageToken: next } : { isLast: true }) } as T;
      }
      if (path.text === '/rest/api/3/issue/bulkfetch') {
        return { issues: others.filter((i) => body.issueIdsOrKeys.includes(i.key)), issueErrors: [] } as T;
      }
      throw new JiraError('not-found', `no route ${path.text}`);
    },
  };
  return { client, log };
}

describe('loadPlanFromJira', () => {
  it('rejects when the search fails part-way, returning nothing', async () => {
    const scope = [sp('SP-13'), sp('SP-14'), sp('SP-15')];
    const { client } = fakeJira(scope, [], { pageSize: 1, failOn: (_p, call) => (call === 2 ? new JiraError('server-error', 'boom', { status: 503 }) : undefined) });
    await expect(loadPlanFromJira(client, { jql: 'project = SP', settings: DEFAULT_MAPPING_SETTINGS, start: '2026-03-02' })).rejects.toMatchObject({ code: 'server-error' });
  });

  it('rejects when the external fetch fails after a complete search', async () => {
    const { client } = fakeJira([sp('SP-15')], [sp('SP-14')], { failOn: (p) => (p.endsWith('bulkfetch') ? new JiraError('forbidden', 'no', { status: 403 }) : undefined) });
    await expect(loadPlanFromJira(client, { jql: 'key = SP-15', settings: DEFAULT_MAPPING_SETTINGS, start: '2026-03-02' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('searches with the mapping fields and the estimate property, pages, and fetches out-of-scope predecessors once', async () => {
    const { client, log } = fakeJira([sp('SP-13'), sp('SP-15')], [sp('SP-14')], { pageSize: 1 });
    const loaded = await loadPlanFromJira(client, { jql: 'key in (SP-13, SP-15)', settings: DEFAULT_MAPPING_SETTINGS, start: '2026-03-02' });
    expect(log.map((l) => l.path)).toEqual(['/rest/api/3/search/jql', '/rest/api/3/search/jql', '/rest/api/3/issue/bulkfetch']);
    expect(log[0].body.fields).toEqual(searchFields(DEFAULT_MAPPING_SETTINGS));
    expect(log[0].body.properties).toEqual(['converge.estimate']);
    expect(log[2].body.issueIdsOrKeys).toEqual(['SP-14']);
    expect(loaded.counts).toEqual({ scope: 2, externalsRequested: 1, externalsFetched: 1 });
    const ext = loaded.plan.tasks.find((t) => t.id === 'SP-14')!;
    expect(ext).toMatchObject({ status: 'done', after: [] });
    expect(loaded.plan.tasks.find((t) => t.id === 'SP-15')!.after).toEqual(['SP-14']);
    expect(loaded.issues.find((m) => m.key === 'SP-14')).toMatchObject({ external: true });
    expect(loaded.warnings.map((w) => w.code)).not.toContain('external-not-fetched');
  });

  it('falls back to the link stub for a predecessor the bulk fetch does not return', async () => {
    const { client } = fakeJira([sp('SP-15')], []);
    const loaded = await loadPlanFromJira(client, { jql: 'key = SP-15', settings: DEFAULT_MAPPING_SETTINGS, start: '2026-03-02' });
    expect(loaded.counts.externalsFetched).toBe(0);
    // The stub says SP-14 is done, so it costs nothing and needs no warning.
    expect(loaded.plan.tasks.find((t) => t.id === 'SP-14')!.status).toBe('done');
  });

  it('finds external predecessor keys only (never out-of-scope successors)', () => {
    expect(externalPredecessorKeys([sp('SP-14')], DEFAULT_MAPPING_SETTINGS)).toEqual([]);
    expect(externalPredecessorKeys([sp('SP-15')], DEFAULT_MAPPING_SETTINGS)).toEqual(['SP-14']);
  });

  it('builds the default scope JQL and refuses anything but a project key', () => {
    expect(scopeJql('ML')).toBe('project = ML AND (resolution IS EMPTY OR resolved >= -30d) ORDER BY rank');
    expect(() => scopeJql('ML OR 1=1')).toThrow(RangeError);
  });
});
