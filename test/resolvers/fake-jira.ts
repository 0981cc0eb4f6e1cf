/**
 * A fake Jira behind the `JiraClient` interface (the adapter boundary), serving the real
 * issue responses in test/fixtures/jira (TIMOB: Apache-2.0 tidev/jira-archive; SP: Apache-2.0
 * mikebowler/jirametrics; see that folder's SOURCES.md). It answers the endpoints the
 * resolvers use, with Jira's shapes, pages searches with nextPageToken, keeps issue
 * properties, and records every request. Errors are the adapter's own JiraError codes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpMethod, JiraClient, RequestOptions } from '../../src/jira/jira-client';
import { JiraError } from '../../src/jira/jira-error';
import type { JiraPath } from '../../src/jira/jira-path';
import type { JiraIssue } from '../../src/jira/jira-types';

const FIXTURES = join(__dirname, '../fixtures/jira');

export function fixtureIssues(): JiraIssue[] {
  const out: JiraIssue[] = [];
  for (const dir of ['timob', 'sp']) {
    for (const f of readdirSync(join(FIXTURES, dir)).sort()) if (f.endsWith('.json')) out.push(JSON.parse(readFileSync(join(FIXTURES, dir, f), 'utf8')));
  }
  return out;
}

export interface FakeSprint {
  id: number;
  name: string;
  state: string;
  endDate?: string;
  boardId: number;
  issueKeys: string[];
}

export interface FakeJiraOptions {
  /** Account ids holding the ADMINISTER global permission. */
  admins?: string[];
  /** Account ids that may not edit issues (PUT property answers 403). */
  readOnly?: string[];
  sprints?: FakeSprint[];
  pageSize?: number;
}

export class FakeJira {
  readonly issues = new Map<string, JiraIssue>();
  readonly properties = new Map<string, Record<string, unknown>>();
  readonly requests: Array<{ as: string; method: HttpMethod; path: string; body?: unknown }> = [];

  constructor(readonly opts: FakeJiraOptions = {}) {
    for (const i of fixtureIssues()) this.issues.set(i.key, i);
  }

  /** The `deps.jira` factory: one client per caller. */
  client = (ctx: { asApp: boolean; accountId?: string }): JiraClient => ({
    request: async <T>(method: HttpMethod, path: JiraPath, options: RequestOptions = {}): Promise<T> =>
      this.handle(ctx.asApp ? 'app' : ctx.accountId ?? 'anonymous', method, path, options) as T,
  });

  requestCount(): number {
    return this.requests.length;
  }

  private withProps(issue: JiraIssue, wanted: readonly string[] = []): JiraIssue {
    const props = this.properties.get(issue.key) ?? {};
    const properties = Object.fromEntries(wanted.filter((k) => k in props).map((k) => [k, props[k]]));
    return { ...issue, properties };
  }

  private project(key: string): JiraIssue[] {
    return [...this.issues.values()].filter((i) => i.fields.project?.key === key);
  }

  private select(jql: string): JiraIssue[] {
    let m = /^sprint = (\d+)/.exec(jql);
    if (m) {
      const sprint = this.opts.sprints?.find((s) => s.id === Number(m![1]));
      return (sprint?.issueKeys ?? []).map((k) => this.issues.get(k)!).filter(Boolean);
    }
    m = /^project = "?([A-Z][A-Z0-9_]*)"?/.exec(jql);
    if (!m) throw new JiraError('bad-request', `fake Jira does not understand the JQL "${jql}"`, { status: 400 });
    const issues = this.project(m[1]);
    if (/sprint in openSprints\(\)/.test(jql)) return issues.filter((i) => i.fields.status?.statusCategory?.key !== 'done');
    return issues;
  }

  private handle(as: string, method: HttpMethod, path: JiraPath, options: RequestOptions): unknown {
    const p = path.text;
    this.requests.push({ as, method, path: p, body: options.body });
    const body = (options.body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;

    if (method === 'POST' && p === '/rest/api/3/search/jql') {
      const all = this.select(String(body.jql));
      const size = Math.min(Number(body.maxResults ?? 50), this.opts.pageSize ?? 10);
      const from = body.nextPageToken ? Number(String(body.nextPageToken).slice(4)) : 0;
      const page = all.slice(from, from + size).map((i) => this.withProps(i, body.properties as string[]));
      const next = from + size < all.length ? `tok-${from + size}` : undefined;
      return { issues: page, isLast: !next, ...(next ? { nextPageToken: next } : {}) };
    }
    if (method === 'POST' && p === '/rest/api/3/issue/bulkfetch') {
      const keys = body.issueIdsOrKeys as string[];
      return { issues: keys.map((k) => this.issues.get(k)).filter((i): i is JiraIssue => !!i).map((i) => this.withProps(i, body.properties as string[])), issueErrors: [] };
    }
    if ((m = /^\/rest\/api\/3\/issue\/([^/]+)\/properties\/([^/]+)$/.exec(p))) {
      const [key, prop] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
      if (!this.issues.has(key)) throw new JiraError('not-found', `issue ${key} was not found`, { status: 404, culprit: key });
      if (method === 'PUT') {
        if (this.opts.readOnly?.includes(as)) throw new JiraError('forbidden', `not allowed (403) to PUT ${p}`, { status: 403, culprit: `issue ${key}` });
        this.properties.set(key, { ...this.properties.get(key), [prop]: options.body });
        return undefined;
      }
      const v = this.properties.get(key)?.[prop];
      if (v === undefined) throw new JiraError('not-found', 'no property', { status: 404 });
      return { key: prop, value: v };
    }
    if (method === 'GET' && (m = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(p))) {
      const issue = this.issues.get(decodeURIComponent(m[1]));
      if (!issue) throw new JiraError('not-found', `issue ${m[1]} was not found (404)`, { status: 404, culprit: `issue ${m[1]}` });
      return this.withProps(issue);
    }
    if (method === 'GET' && p === '/rest/api/3/mypermissions') {
      const perms = String(options.query?.permissions ?? '').split(',');
      return { permissions: Object.fromEntries(perms.map((k) => [k, { key: k, havePermission: k === 'ADMINISTER' && !!this.opts.admins?.includes(as) }])) };
    }
    if (method === 'GET' && (m = /^\/rest\/agile\/1\.0\/sprint\/(\d+)$/.exec(p))) {
      const s = this.opts.sprints?.find((x) => x.id === Number(m![1]));
      if (!s) throw new JiraError('not-found', `sprint ${m[1]} was not found`, { status: 404, culprit: `sprint ${m[1]}` });
      return { id: s.id, name: s.name, state: s.state, endDate: s.endDate, originBoardId: s.boardId };
    }
    if (method === 'GET' && (m = /^\/rest\/agile\/1\.0\/board\/(\d+)\/sprint$/.exec(p))) {
      const values = (this.opts.sprints ?? []).filter((s) => s.boardId === Number(m![1]) && s.state === String(options.query?.state ?? s.state));
      return { values: values.map(({ issueKeys: _k, ...s }) => s), isLast: true };
    }
    throw new JiraError('not-found', `fake Jira has no ${method} ${p}`, { status: 404 });
  }
}
