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
    expect(loaded.counts).toEqual({ scope: 2, externalsRequested: 1, externalsFetched: 1, upstreamLevels: 1 });
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

  describe('transitive upstream', () => {
    const status = (key: string) => ({ statusCategory: { key } });
    /** An issue blocked by `blockers` (each [key, status category]). */
    const issue = (key: string, cat: string, blockers: Array<[string, string]> = []): JiraIssue => ({
      id: key, key,
      fields: {
        summary: `issue ${key}`, status: status(cat), issuetype: { name: 'Task' }, labels: [],
        issuelinks: blockers.map(([b, bc], i) => ({ id: `${key}-${i}`, type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, inwardIssue: { id: b, key: b, fields: { summary: b, status: status(bc) } } })),
      },
    } as unknown as JiraIssue);
    // L-1 <- P-1 <- P-2 <- P-3 <- P-4 <- P-5, all open; Q-1 done, blocked by Q-2.
    const chain = [issue('P-1', 'new', [['P-2', 'new']]), issue('P-2', 'indeterminate', [['P-3', 'new']]), issue('P-3', 'new', [['P-4', 'new']]),
      issue('P-4', 'new', [['P-5', 'new']]), issue('P-5', 'new'), issue('Q-1', 'done', [['Q-2', 'new']]), issue('Q-2', 'new')];
    const scope = [issue('L-1', 'new', [['P-1', 'new'], ['Q-1', 'done']])];

    it('stops at the depth bound with a warning naming what it did not follow', async () => {
      const { client, log } = fakeJira(scope, chain);
      const loaded = await loadPlanFromJira(client, { jql: 'project = L', settings: DEFAULT_MAPPING_SETTINGS, start: '2026-03-02' });
      // Level 1: P-1 and Q-1; level 2: P-2 (Q-1 is done: its predecessors hold nothing up); level 3: P-3.
      expect(log.filter((l) => l.path.endsWith('bulkfetch')).map((l) => l.body.issueIdsOrKeys)).toEqual([['P-1', 'Q-1'], ['P-2'], ['P-3']]);
      expect(loaded.counts).toEqual({ scope: 1, externalsRequested: 4, externalsFetched: 4, upstreamLevels: 3 });
      expect(loaded.warnings).toContainEqual(expect.objectContaining({ code: 'upstream-truncated', issueKeys: ['P-4'] }));
      const after = Object.fromEntries(loaded.plan.tasks.map((t) => [t.id, t.after]));
      expect(after).toEqual({ 'L-1': ['P-1', 'Q-1'], 'P-1': ['P-2'], 'Q-1': [], 'P-2': ['P-3'], 'P-3': [] });
      expect(loaded.issues.filter((m) => m.external).map((m) => m.key).sort()).toEqual(['P-1', 'P-2', 'P-3', 'Q-1']);
    });

    it('follows the whole chain within the bounds, and bounds the count too', async () => {
      const deep = await loadPlanFromJira(fakeJira(scope, chain).client, { jql: 'project = L', settings: DEFAULT_MAPPING_SETTINGS, start: '2026-03-02', upstreamDepth: 10 });
      expect(deep.plan.tasks.find((t) => t.id === 'P-4')!.after).toEqual(['P-5']);
      expect(deep.warnings.map((w) => w.code)).not.toContain('upstream-truncated');
      const few = await loadPlanFromJira(fakeJira(scope, chain).client, { jql: 'project = L', settings: DEFAULT_MAPPING_SETTINGS, start: '2026-03-02', upstreamDepth: 10, maxExternals: 3 });
      expect(few.counts.externalsRequested).toBe(3);
      expect(few.warnings).toContainEqual(expect.objectContaining({ code: 'upstream-truncated', issueKeys: ['P-3'] }));
      const one = await loadPlanFromJira(fakeJira(scope, chain).client, { jql: 'project = L', settings: DEFAULT_MAPPING_SETTINGS, start: '2026-03-02', upstreamDepth: 1 });
      expect(one.plan.tasks.find((t) => t.id === 'P-1')!.after).toEqual([]);
    });
  });

  it('builds the default scope JQL and refuses anything but a project key', () => {
    expect(scopeJql('ML')).toBe('project = ML AND (resolution IS EMPTY OR resolved >= -30d) ORDER BY rank');
    expect(() => scopeJql('ML OR 1=1')).toThrow(RangeError);
  });
});
