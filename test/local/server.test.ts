/**
 * The workspace server with stand-ins for the resolvers and Jira (the real ones are wired in
 * src/local/workspace.ts and exercised by the browser tests): bridge endpoints, Forge-like
 * invoke context, loud unknown keys, Forge's payload limit, the requestJira proxy, pages,
 * the panels' local builds, and the loopback / same-origin guards.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspaceServer, type JiraFetch } from '../../src/local/server';
import type { ForgeHandler } from '../../src/local/forge-invoke';

type Listening = Awaited<ReturnType<ReturnType<typeof createWorkspaceServer>['listen']>>;

const calls: Array<{ request: Parameters<ForgeHandler>[0]; runtime: Parameters<ForgeHandler>[1] }> = [];
const handler: ForgeHandler = async (request, runtime) => {
  calls.push({ request, runtime });
  if (request.call.functionKey === 'boom') throw new Error('kaput');
  return { ok: true, data: { echo: request.call.payload } };
};

const jiraCalls: string[] = [];
const jira: JiraFetch = async (method, path, body) => {
  jiraCalls.push(`${method} ${path}${body ? ` ${body}` : ''}`);
  const json = (status: number, value: unknown) => ({ status, contentType: 'application/json', body: JSON.stringify(value) });
  const p = path.split('?')[0];
  if (p === '/rest/api/3/project/search') return json(200, { values: [{ id: '10000', key: 'FRAUD', name: 'Fraud model v3' }] });
  if (p === '/rest/api/3/project/FRAUD') return json(200, { id: '10000', key: 'FRAUD', name: 'Fraud model v3' });
  if (p === '/rest/api/3/issue/FRAUD-7') {
    return json(200, {
      id: '10007', key: 'FRAUD-7',
      fields: {
        summary: 'Train <b>baseline</b> model', status: { name: 'In Progress', statusCategory: { key: 'indeterminate' } },
        issuetype: { id: '3', name: 'Training Run' }, project: { id: '10000', key: 'FRAUD', name: 'Fraud model v3' },
        labels: ['training'], issuelinks: [{ type: { inward: 'is blocked by', outward: 'blocks' }, inwardIssue: { key: 'PLAT-2', fields: { summary: 'GPU pool' } } }],
      },
    });
  }
  if (p === '/rest/agile/1.0/board') return json(200, { values: [{ id: 1, name: 'FRAUD board', type: 'scrum' }] });
  if (p === '/rest/agile/1.0/board/1/sprint') return json(200, { values: [{ id: 5, name: 'FRAUD Sprint 5', state: 'active', startDate: '2027-01-04T09:00:00.000Z', endDate: '2027-01-15T17:00:00.000Z' }] });
  if (p === '/rest/agile/1.0/sprint/5/issue') return json(200, { issues: [{ id: '10007', key: 'FRAUD-7', fields: { summary: 'Train baseline model', status: { name: 'To Do', statusCategory: { key: 'new' } }, issuetype: { name: 'Task' } } }] });
  if (p === '/rest/api/3/myself') return json(200, { accountId: 'u1', displayName: 'Ada' });
  return json(404, { errorMessages: ['not here'] });
};

let root: string;
let ws: Listening;
const errors: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'converge-ws-'));
  mkdirSync(join(root, 'static', 'issue-panel', 'build-local'), { recursive: true });
  writeFileSync(join(root, 'static', 'issue-panel', 'build-local', 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(root, 'static', 'issue-panel', 'build-local', 'index.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'do not serve');
  mkdirSync(join(root, 'src', 'local', 'assets'), { recursive: true });
  writeFileSync(join(root, 'src', 'local', 'assets', 'host.js'), '/* host */');
  writeFileSync(join(root, 'src', 'local', 'assets', 'host.css'), '/* css */');
  ws = await createWorkspaceServer({
    resolvers: { handler, keys: ['getIssueForecast', 'boom'] },
    jira,
    user: { accountId: 'u1', displayName: 'Ada Lovelace' },
    siteLabel: 'Test site',
    root,
    log: () => undefined,
    logError: (line) => errors.push(line),
  }).listen(0);
});

afterAll(async () => {
  await ws?.close();
  rmSync(root, { recursive: true, force: true });
});

function invoke(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${ws.url}/__forge/invoke`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('workspace server', () => {
  it('rejects an unknown resolver key loudly with an error envelope naming the key', async () => {
    const before = calls.length;
    const res = await invoke({ functionKey: 'getIssueForecastt', payload: {} });
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body).toMatchObject({ ok: false, error: { code: 'unknown-resolver', culprits: ['getIssueForecastt'] } });
    expect(calls.length).toBe(before);
    expect(errors.some((e) => e.includes('unknown-resolver'))).toBe(true);
  });

  it('rejects malformed invoke requests and payloads over Forge\'s 500 KB limit', async () => {
    expect((await (await invoke('{nope')).json()).error.code).toBe('invalid-request');
    expect((await (await invoke({ payload: {} })).json()).error.code).toBe('invalid-request');
    const big = await invoke({ functionKey: 'getIssueForecast', payload: { blob: 'x'.repeat(520 * 1024) } });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('payload-too-large');
  });

  it('calls the Forge handler with the module context and the user as principal', async () => {
    const extension = { type: 'jira:issuePanel', issue: { key: 'FRAUD-7' }, project: { key: 'FRAUD' } };
    const res = await invoke({ functionKey: 'getIssueForecast', payload: { issueKey: 'FRAUD-7' }, context: { extension, moduleKey: 'converge-issue-panel', localId: 'x', accountId: 'forged' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, data: { echo: { issueKey: 'FRAUD-7' } } });
    const last = calls[calls.length - 1];
    expect(last.request.call).toEqual({ functionKey: 'getIssueForecast', payload: { issueKey: 'FRAUD-7' } });
    expect(last.request.context).toMatchObject({ extension, moduleKey: 'converge-issue-panel', localId: 'x' });
    // The frame cannot choose who it is: the principal is the workspace user.
    expect(last.request.context.accountId).toBeUndefined();
    expect(last.runtime).toMatchObject({ principal: { accountId: 'u1' } });
  });

  it('turns a throwing resolver into a 500 envelope', async () => {
    const res = await invoke({ functionKey: 'boom' });
    expect(res.status).toBe(500);
    expect((await res.json()).error).toMatchObject({ code: 'resolver-threw', culprits: ['boom'] });
  });

  it('refuses cross-origin POSTs and foreign Host headers', async () => {
    const res = await invoke({ functionKey: 'getIssueForecast' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    const http = await import('node:http');
    const status = await new Promise<number>((ok, fail) => {
      http.get(`${ws.url}/browse/FRAUD-7`, { headers: { host: `rebind.example:${ws.port}` } }, (r) => { r.resume(); ok(r.statusCode ?? 0); }).on('error', fail);
    });
    expect(status).toBe(421);
  });

  it('proxies requestJira to Jira for /rest/ paths only', async () => {
    const ok = await fetch(`${ws.url}/__forge/requestJira`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: '/rest/api/3/myself' }) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ accountId: 'u1', displayName: 'Ada' });
    const bad = await fetch(`${ws.url}/__forge/requestJira`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: 'http://elsewhere/' }) });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-forge-shim-error')).toBe('1');
  });

  it('renders the issue view with the issue panel frame and its Forge context, escaping Jira text', async () => {
    const res = await fetch(`${ws.url}/browse/FRAUD-7`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Train &lt;b&gt;baseline&lt;/b&gt; model');
    expect(html).not.toContain('<b>baseline</b>');
    const src = /<iframe[^>]*data-app="issue-panel"[^>]*src="([^"]+)"/.exec(html)?.[1];
    expect(src).toBeDefined();
    const ctx = JSON.parse(new URL(src!.replace(/&amp;/g, '&'), ws.url).searchParams.get('ctx') as string);
    expect(ctx).toMatchObject({ accountId: 'u1', moduleKey: 'converge-issue-panel', extension: { type: 'jira:issuePanel', issue: { key: 'FRAUD-7', id: '10007' }, project: { key: 'FRAUD' } } });
    expect(html).toContain('href="/browse/PLAT-2"');
  });

  it('renders the board with a sprint action that opens the estimation frame for that sprint', async () => {
    const html = await (await fetch(`${ws.url}/projects/FRAUD/board?estimate=5`)).text();
    expect(html).toContain('Estimate with Converge');
    expect(html).toContain('data-autoopen="true"');
    const src = /<template id="estimate-5"[^>]*><iframe[^>]*src="([^"]+)"/.exec(html)?.[1];
    const ctx = JSON.parse(new URL(src!.replace(/&amp;/g, '&'), ws.url).searchParams.get('ctx') as string);
    expect(ctx.extension).toMatchObject({ type: 'jira:sprintAction', sprint: { id: 5 }, board: { id: 1 }, project: { key: 'FRAUD' } });
  });

  it('serves the project, admin and global pages, follows the theme cookie, and 404s unknown pages', async () => {
    for (const path of ['/projects/FRAUD/forecast', '/settings/apps/converge', '/apps/converge']) {
      const res = await fetch(`${ws.url}${path}`);
      expect(res.status).toBe(200);
    }
    const dark = await (await fetch(`${ws.url}/apps/converge`, { headers: { cookie: 'cv-theme=dark' } })).text();
    expect(dark).toContain('data-color-mode="dark"');
    expect((await fetch(`${ws.url}/nowhere`)).status).toBe(404);
    expect((await fetch(`${ws.url}/browse/NOPE-1`)).status).toBe(404);
    const home = await fetch(`${ws.url}/`, { redirect: 'manual' });
    expect(home.headers.get('location')).toBe('/projects/FRAUD/forecast');
  });

  it('serves local builds and tokens, never files outside the build folder', async () => {
    const index = await fetch(`${ws.url}/__forge/app/issue-panel/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${ws.url}/__forge/app/issue-panel/index.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${ws.url}/__forge/app/issue-panel/..%2F..%2F..%2Fsecret.txt`)).status).toBe(404);
    const missing = await fetch(`${ws.url}/__forge/app/portfolio/`);
    expect(missing.status).toBe(503);
    expect(await missing.text()).toContain('npm run build:static');
    const tokens = await (await fetch(`${ws.url}/__forge/tokens.css`)).text();
    expect(tokens).toContain('--ds-text:');
    expect(tokens).toContain('data-color-mode="dark"');
  });
});
