/**
 * The local workspace's HTTP server (node:http, no framework): Jira-like pages that host
 * Converge's Custom UI modules in iframes, the panels' local builds, and the endpoints the
 * bridge shim (src/local/bridge-shim.ts) calls:
 *   POST /__forge/invoke       -> the resolvers' Forge handler, in-process (forge-invoke.ts)
 *   POST /__forge/requestJira  -> the Jira site, as the workspace user
 *   GET  /__forge/tokens.css   -> Atlassian design tokens (light + dark)
 *   GET  /__forge/app/<app>/*  -> static/<app>/build-local/
 * Pages: /browse/KEY (issue view + issue panel), /projects/KEY/forecast (project page),
 * /projects/KEY/board (sprints, "•••" -> sprint estimation modal), /projects/KEY/issues,
 * /apps/converge (global page), /settings/apps/converge (admin page).
 * It knows nothing of how resolvers, storage or Jira are built: workspace.ts wires them.
 * Only loopback Host headers and same-origin POSTs are served, so another web page cannot
 * drive the user's Jira through it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { forgeCustomUiCsp } from './forge-csp';
import { forgeInvoke, MAX_REQUEST_BYTES, type ForgeHandler } from './forge-invoke';
import { errorBody, esc, frame, layout, lozenge, type ColorMode, type FrameContext, type ProjectRef } from './host-page';
import { tokensCss } from './tokens-css';

/** One request to the Jira site as the workspace user; resolves with whatever Jira answered. */
export type JiraFetch = (method: string, path: string, body?: string, headers?: Record<string, string>) => Promise<{ status: number; contentType: string; body: string }>;

export interface WorkspaceServerOptions {
  resolvers: { handler: ForgeHandler; keys: readonly string[] };
  jira: JiraFetch;
  user: { accountId: string; displayName: string };
  /** Shown in the top bar: "Sample site (emulated)" or the real site's URL. */
  siteLabel: string;
  cloudId?: string;
  siteUrl?: string;
  /** Repository root (static/<app>/build-local lives under it). */
  root?: string;
  /** Module keys as manifest.yml names them. */
  moduleKeys?: Partial<Record<AppName, string>>;
  log?: (line: string) => void;
  /** Failures (unknown resolver keys, resolver crashes, server errors); default console.error. */
  logError?: (line: string) => void;
}

export type AppName = 'issue-panel' | 'forecast-page' | 'admin-page' | 'estimation' | 'portfolio';

const DEFAULT_MODULE_KEYS: Record<AppName, string> = {
  'issue-panel': 'converge-issue-panel',
  'forecast-page': 'converge-forecast-page',
  'admin-page': 'converge-admin-page',
  estimation: 'converge-sprint-estimation',
  portfolio: 'converge-portfolio',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function defaultRoot(): string {
  // src/local or dist/local: the repository root is two levels up either way.
  return resolve(__dirname, '..', '..');
}

interface JiraIssue {
  id: string;
  key: string;
  fields: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function createWorkspaceServer(opts: WorkspaceServerOptions) {
  const root = opts.root ?? defaultRoot();
  const log = opts.log ?? ((line: string) => console.log(line));
  const logError = opts.logError ?? ((line: string) => console.error(line));
  const cloudId = opts.cloudId ?? 'local-workspace-cloud';
  const siteUrl = opts.siteUrl ?? 'http://127.0.0.1';
  const moduleKeys = { ...DEFAULT_MODULE_KEYS, ...opts.moduleKeys };
  let frames = 0;

  async function jiraJson<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await opts.jira(method, path, body === undefined ? undefined : JSON.stringify(body));
    if (res.status === 404) throw new HttpError(404, `Jira has no ${path.split('?')[0]} (404)`);
    if (res.status < 200 || res.status >= 300) throw new HttpError(502, `Jira answered ${res.status} to ${method} ${path.split('?')[0]}: ${res.body.slice(0, 200)}`);
    return JSON.parse(res.body) as T;
  }

  async function projects(): Promise<ProjectRef[]> {
    try {
      const r = await jiraJson<{ values?: Array<{ key: string; name: string }> }>('GET', '/rest/api/3/project/search?maxResults=50');
      return (r.values ?? []).map((p) => ({ key: p.key, name: p.name }));
    } catch (err) {
      log(`workspace: could not list projects: ${(err as Error).message}`);
      return [];
    }
  }

  function context(app: AppName, theme: ColorMode, extension: Record<string, unknown>): FrameContext {
    frames += 1;
    return {
      accountId: opts.user.accountId,
      cloudId,
      siteUrl,
      localId: `ari:cloud:ecosystem::extension/converge-local/${moduleKeys[app]}/${frames}`,
      moduleKey: moduleKeys[app],
      extension,
      theme: { colorMode: theme },
      locale: 'en-US',
      timezone: 'UTC',
    };
  }

  function themeOf(req: IncomingMessage): ColorMode {
    return /(?:^|;\s*)cv-theme=dark(?:;|$)/.test(req.headers.cookie ?? '') ? 'dark' : 'light';
  }

  async function page(req: IncomingMessage, title: string, parts: { project?: ProjectRef; active?: string; crumbs: Array<{ label: string; href?: string }>; body: string }): Promise<string> {
    return layout({
      title,
      theme: themeOf(req),
      projects: await projects(),
      project: parts.project,
      active: parts.active,
      breadcrumbs: parts.crumbs,
      body: parts.body,
      siteLabel: opts.siteLabel,
      user: { displayName: opts.user.displayName },
    });
  }

  async function projectRef(key: string): Promise<ProjectRef & { id: string }> {
    const p = await jiraJson<{ id: string; key: string; name: string }>('GET', `/rest/api/3/project/${encodeURIComponent(key)}`);
    return { id: p.id, key: p.key, name: p.name };
  }

  async function firstBoard(projectKey: string): Promise<{ id: number; name: string; type: string } | undefined> {
    try {
      const r = await jiraJson<{ values?: Array<{ id: number; name: string; type: string }> }>('GET', `/rest/agile/1.0/board?projectKeyOrId=${encodeURIComponent(projectKey)}`);
      return (r.values ?? []).find((b) => b.type === 'scrum') ?? r.values?.[0];
    } catch {
      return undefined;
    }
  }

  // ---- pages -------------------------------------------------------------------------

  async function issuePage(req: IncomingMessage, key: string): Promise<string> {
    const fields = 'summary,status,issuetype,project,assignee,reporter,priority,labels,duedate,parent,issuelinks,description,customfield_10020,timetracking,created,updated';
    const issue = await jiraJson<JiraIssue>('GET', `/rest/api/3/issue/${encodeURIComponent(key)}?fields=${fields}`);
    const f = issue.fields;
    const project: ProjectRef & { id: string } = { id: String(f.project?.id ?? ''), key: f.project?.key ?? key.split('-')[0], name: f.project?.name ?? key.split('-')[0] };
    const ctx = context('issue-panel', themeOf(req), {
      type: 'jira:issuePanel',
      issue: { id: issue.id, key: issue.key, type: f.issuetype?.name, typeId: f.issuetype?.id },
      project: { id: project.id, key: project.key, type: 'software' },
      isNewToIssue: false,
      location: `${siteUrl}/browse/${issue.key}`,
    });
    const links = (f.issuelinks ?? []) as Array<{ type: { inward: string; outward: string }; inwardIssue?: JiraIssue; outwardIssue?: JiraIssue }>;
    const linkRows = links.map((l) => {
      const other = l.outwardIssue ?? l.inwardIssue;
      if (!other) return '';
      const verb = l.outwardIssue ? l.type.outward : l.type.inward;
      const st = other.fields?.status;
      return `<li><span class="ws-subtle">${esc(verb)}</span> <a href="/browse/${esc(other.key)}">${esc(other.key)}</a> ${esc(other.fields?.summary ?? '')} ${st ? lozenge(st.statusCategory?.key ?? '', st.name) : ''}</li>`;
    }).join('');
    const sprints = (Array.isArray(f.customfield_10020) ? f.customfield_10020 : []) as Array<{ name: string; state: string }>;
    const detail = (label: string, value: string) => `<div class="ws-detail"><div class="ws-detail-label">${esc(label)}</div><div>${value || '<span class="ws-subtlest">None</span>'}</div></div>`;
    const body = `
<div class="ws-issue">
  <div class="ws-issue-main">
    <h1 class="ws-title" data-testid="issue-summary"><span class="ws-subtlest ws-issue-type">${esc(f.issuetype?.name ?? '')}</span> ${esc(f.summary ?? '')}</h1>
    <section class="ws-section"><h2 class="ws-h2">Description</h2><div class="ws-description">${adfToHtml(f.description) || '<span class="ws-subtlest">Add a description…</span>'}</div></section>
    ${linkRows ? `<section class="ws-section"><h2 class="ws-h2">Linked work items</h2><ul class="ws-links">${linkRows}</ul></section>` : ''}
    <section class="ws-section ws-app-panel" aria-label="Converge forecast">
      <h2 class="ws-h2"><span class="ws-app-icon" aria-hidden="true">◔</span> Converge forecast</h2>
      ${frame('issue-panel', ctx, { title: 'Converge forecast', height: 320 })}
    </section>
    <section class="ws-section"><h2 class="ws-h2">Activity</h2><div class="ws-subtlest">Comments and history live in Jira.</div></section>
  </div>
  <aside class="ws-issue-side">
    <div class="ws-status-row">${f.status ? lozenge(f.status.statusCategory?.key ?? '', f.status.name) : ''}</div>
    <div class="ws-details">
      <div class="ws-details-title">Details</div>
      ${detail('Assignee', esc(f.assignee?.displayName ?? ''))}
      ${detail('Labels', (f.labels ?? []).map((l: string) => `<span class="ws-label">${esc(l)}</span>`).join(' '))}
      ${detail('Parent', f.parent ? `<a href="/browse/${esc(f.parent.key)}">${esc(f.parent.key)}</a> ${esc(f.parent.fields?.summary ?? '')}` : '')}
      ${detail('Due date', esc(f.duedate ?? ''))}
      ${detail('Sprint', esc(sprints.map((s) => s.name).join(', ')))}
      ${detail('Priority', esc(f.priority?.name ?? ''))}
      ${detail('Original estimate', esc(f.timetracking?.originalEstimate ?? ''))}
    </div>
    ${f.created ? `<div class="ws-subtlest">Created ${esc(String(f.created).slice(0, 10))} · Updated ${esc(String(f.updated ?? '').slice(0, 10))}</div>` : ''}
  </aside>
</div>`;
    return page(req, `[${issue.key}] ${f.summary ?? ''}`, {
      project,
      active: 'issues',
      crumbs: [{ label: 'Projects', href: '/' }, { label: project.name, href: `/projects/${project.key}/forecast` }, ...(f.parent ? [{ label: f.parent.key, href: `/browse/${f.parent.key}` }] : []), { label: issue.key }],
      body,
    });
  }

  async function forecastPage(req: IncomingMessage, projectKey: string): Promise<string> {
    const project = await projectRef(projectKey);
    const board = await firstBoard(project.key);
    const ctx = context('forecast-page', themeOf(req), {
      type: 'jira:projectPage',
      project: { id: project.id, key: project.key, type: 'software' },
      ...(board ? { board: { id: board.id, type: board.type } } : {}),
      location: `${siteUrl}/projects/${project.key}/forecast`,
    });
    return page(req, `Forecast - ${project.name}`, {
      project,
      active: 'forecast',
      crumbs: [{ label: 'Projects', href: '/' }, { label: project.name, href: `/projects/${project.key}/forecast` }, { label: 'Forecast' }],
      // Full-page apps carry their own title (in Jira a project page has no host heading).
      body: `${frame('forecast-page', ctx, { title: 'Converge forecast page', fill: true })}`,
    });
  }

  async function boardPage(req: IncomingMessage, projectKey: string, openSprint: string | null): Promise<string> {
    const project = await projectRef(projectKey);
    const board = await firstBoard(project.key);
    let body: string;
    if (!board) {
      body = `<h1 class="ws-title">Board</h1><div class="ws-empty">This project has no board.</div>`;
    } else {
      const r = await jiraJson<{ values?: Array<{ id: number; name: string; state: string; startDate?: string; endDate?: string; goal?: string }> }>(
        'GET', `/rest/agile/1.0/board/${board.id}/sprint?state=active,future`);
      const sprints = r.values ?? [];
      const blocks: string[] = [];
      for (const s of sprints) {
        const issues = await jiraJson<{ issues?: JiraIssue[] }>('GET', `/rest/agile/1.0/sprint/${s.id}/issue?fields=summary,status,issuetype&maxResults=100`).catch(() => ({ issues: [] as JiraIssue[] }));
        const ctx = context('estimation', themeOf(req), {
          type: 'jira:sprintAction',
          sprint: { id: s.id },
          board: { id: board.id, type: board.type },
          project: { id: project.id, key: project.key, type: 'software' },
          location: `${siteUrl}/projects/${project.key}/board`,
        });
        const rows = (issues.issues ?? []).map((i) => `<li class="ws-backlog-row"><span class="ws-subtlest ws-issue-type">${esc(i.fields.issuetype?.name ?? '')}</span><a href="/browse/${esc(i.key)}">${esc(i.key)}</a><span class="ws-grow">${esc(i.fields.summary ?? '')}</span>${i.fields.status ? lozenge(i.fields.status.statusCategory?.key ?? '', i.fields.status.name) : ''}</li>`).join('');
        const dates = s.startDate ? `${esc(s.startDate.slice(0, 10))} – ${esc((s.endDate ?? '').slice(0, 10))}` : 'Not started';
        blocks.push(`
<section class="ws-sprint" data-sprint-id="${s.id}">
  <div class="ws-sprint-head">
    <strong>${esc(s.name)}</strong> <span class="ws-subtlest">${dates} · ${(issues.issues ?? []).length} issues</span>
    ${s.state === 'active' ? '<span class="ws-lozenge ws-info">Active</span>' : ''}
    <span class="ws-spacer"></span>
    <div class="ws-menu">
      <button type="button" class="ws-icon-button" data-menu="sprint-${s.id}" aria-haspopup="menu" aria-expanded="false" aria-label="Sprint actions for ${esc(s.name)}">•••</button>
      <div class="ws-menu-list ws-menu-right" role="menu" hidden>
        <button type="button" role="menuitem" data-open-modal="estimate-${s.id}">Estimate with Converge</button>
      </div>
    </div>
  </div>
  <ul class="ws-backlog">${rows || '<li class="ws-subtlest ws-backlog-row">No issues</li>'}</ul>
  <template id="estimate-${s.id}" data-title="Converge"${openSprint === String(s.id) ? ' data-autoopen="true"' : ''}>${frame('estimation', ctx, { title: `Converge sprint estimation for ${s.name}`, fill: true })}</template>
</section>`);
      }
      body = `<h1 class="ws-title">${esc(board.name)}</h1><p class="ws-subtle">Sprint planning: open a sprint's “•••” menu and choose <em>Estimate with Converge</em>.</p>${blocks.join('') || '<div class="ws-empty">No active or future sprints.</div>'}`;
    }
    return page(req, `Board - ${project.name}`, {
      project,
      active: 'board',
      crumbs: [{ label: 'Projects', href: '/' }, { label: project.name, href: `/projects/${project.key}/forecast` }, { label: 'Board' }],
      body,
    });
  }

  async function issuesPage(req: IncomingMessage, projectKey: string): Promise<string> {
    const project = await projectRef(projectKey);
    const r = await jiraJson<{ issues?: JiraIssue[] }>('POST', '/rest/api/3/search/jql', {
      jql: `project = ${project.key} ORDER BY key ASC`, fields: ['summary', 'status', 'issuetype', 'duedate'], maxResults: 100,
    });
    const rows = (r.issues ?? []).map((i) => `<tr><td class="ws-subtlest">${esc(i.fields.issuetype?.name ?? '')}</td><td><a href="/browse/${esc(i.key)}">${esc(i.key)}</a></td><td>${esc(i.fields.summary ?? '')}</td><td>${i.fields.status ? lozenge(i.fields.status.statusCategory?.key ?? '', i.fields.status.name) : ''}</td><td>${esc(i.fields.duedate ?? '')}</td></tr>`).join('');
    return page(req, `Issues - ${project.name}`, {
      project,
      active: 'issues',
      crumbs: [{ label: 'Projects', href: '/' }, { label: project.name, href: `/projects/${project.key}/forecast` }, { label: 'Issues' }],
      body: `<h1 class="ws-title">Issues</h1><table class="ws-table"><thead><tr><th>Type</th><th>Key</th><th>Summary</th><th>Status</th><th>Due</th></tr></thead><tbody>${rows}</tbody></table>${(r.issues ?? []).length >= 100 ? '<p class="ws-subtlest">Showing the first 100.</p>' : ''}`,
    });
  }

  async function globalPage(req: IncomingMessage): Promise<string> {
    const ctx = context('portfolio', themeOf(req), { type: 'jira:globalPage', location: `${siteUrl}/apps/converge` });
    return page(req, 'Converge portfolio', {
      active: 'portfolio',
      crumbs: [{ label: 'Apps', href: '/apps/converge' }, { label: 'Converge portfolio' }],
      body: `${frame('portfolio', ctx, { title: 'Converge portfolio', fill: true })}`,
    });
  }

  async function adminPage(req: IncomingMessage): Promise<string> {
    const ctx = context('admin-page', themeOf(req), { type: 'jira:adminPage', location: `${siteUrl}/settings/apps/converge` });
    return page(req, 'Converge settings', {
      active: 'admin',
      crumbs: [{ label: 'Settings', href: '/settings/apps/converge' }, { label: 'Apps', href: '/settings/apps/converge' }, { label: 'Converge settings' }],
      body: `${frame('admin-page', ctx, { title: 'Converge settings', fill: true })}`,
    });
  }

  // ---- plumbing ----------------------------------------------------------------------

  function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
    res.end(body);
  }

  function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolveBody, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_REQUEST_BYTES * 2) { reject(new HttpError(413, 'request too large')); req.destroy(); return; }
        chunks.push(c);
      });
      req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  function serveApp(res: ServerResponse, app: string, rest: string): void {
    const dir = join(root, 'static', app, 'build-local');
    if (!/^[a-z0-9-]+$/.test(app) || !existsSync(dir)) {
      send(res, 503, 'text/html; charset=utf-8', `<!doctype html><body style="font-family:sans-serif;padding:12px;color:#AE2E24" role="alert"><strong>static/${esc(app)} has no local build.</strong> Run <code>npm run build:static</code> (or <code>npm start</code>) and reload.</body>`);
      return;
    }
    const file = resolve(dir, rest === '' ? 'index.html' : decodeURIComponent(rest));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      send(res, 404, 'text/plain; charset=utf-8', `not found: ${rest}`);
      return;
    }
    // Forge's Custom UI policy on the panel's documents (manifest.yml asks for no permissions.content).
    const csp: Record<string, string> = extname(file) === '.html' ? { 'content-security-policy': forgeCustomUiCsp() } : {};
    send(res, 200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file), csp);
  }

  function hostAllowed(req: IncomingMessage, port: number): boolean {
    const host = (req.headers.host ?? '').toLowerCase();
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host);
  }

  function sameOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === undefined || origin === `http://${req.headers.host}`;
  }

  async function route(req: IncomingMessage, res: ServerResponse, port: number): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (!hostAllowed(req, port)) throw new HttpError(421, 'the workspace answers only on 127.0.0.1 / localhost');

    if (method === 'POST') {
      if (!sameOrigin(req)) throw new HttpError(403, 'cross-origin request refused');
      if (path === '/__forge/invoke') {
        const out = await forgeInvoke(await readBody(req), opts.resolvers.handler, opts.resolvers.keys, { accountId: opts.user.accountId, cloudId, siteUrl });
        log(`invoke ${out.summary}`);
        if (out.status !== 200) logError(`workspace: resolver call failed: ${out.summary}`);
        send(res, out.status, 'application/json; charset=utf-8', out.body);
        return;
      }
      if (path === '/__forge/requestJira') {
        const call = JSON.parse(await readBody(req)) as { path?: string; method?: string; headers?: Record<string, string>; body?: string };
        if (typeof call.path !== 'string' || !call.path.startsWith('/rest/')) {
          send(res, 400, 'text/plain; charset=utf-8', 'requestJira paths start with /rest/', { 'x-forge-shim-error': '1' });
          return;
        }
        const m = (call.method ?? 'GET').toUpperCase();
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(call.headers ?? {})) if (/^(content-type|accept)$/i.test(k)) headers[k.toLowerCase()] = v;
        const r = await opts.jira(m, call.path, call.body, headers);
        log(`requestJira ${m} ${call.path.split('?')[0]} -> ${r.status}`);
        send(res, r.status, r.contentType || 'application/json', r.body);
        return;
      }
      throw new HttpError(404, `no POST ${path}`);
    }
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `${method} not allowed`);

    if (path === '/__forge/tokens.css') return send(res, 200, 'text/css; charset=utf-8', tokensCss());
    if (path === '/__workspace/host.js' || path === '/__workspace/host.css') {
      const file = join(root, 'src', 'local', 'assets', path.slice('/__workspace/'.length));
      return send(res, 200, CONTENT_TYPES[extname(file)], readFileSync(file));
    }
    if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    if (path === '/__workspace/health') return send(res, 200, 'application/json', JSON.stringify({ ok: true, resolvers: opts.resolvers.keys }));
    let m = /^\/__forge\/app\/([^/]+)\/(.*)$/.exec(path);
    if (m) return serveApp(res, m[1], m[2]);
    if (/^\/__forge\/app\/[^/]+$/.test(path)) return send(res, 301, 'text/plain', '', { location: `${path}/${url.search}` });

    const html = (body: string) => send(res, 200, 'text/html; charset=utf-8', body);
    if (path === '/') {
      const first = (await projects())[0];
      return send(res, 302, 'text/plain', '', { location: first ? `/projects/${first.key}/forecast` : '/apps/converge' });
    }
    if ((m = /^\/browse\/([A-Za-z][A-Za-z0-9_]*-\d+)$/.exec(path))) return html(await issuePage(req, m[1].toUpperCase()));
    if ((m = /^\/projects\/([A-Za-z][A-Za-z0-9_]*)\/forecast$/.exec(path))) return html(await forecastPage(req, m[1].toUpperCase()));
    if ((m = /^\/projects\/([A-Za-z][A-Za-z0-9_]*)\/board$/.exec(path))) return html(await boardPage(req, m[1].toUpperCase(), url.searchParams.get('estimate')));
    if ((m = /^\/projects\/([A-Za-z][A-Za-z0-9_]*)\/issues$/.exec(path))) return html(await issuesPage(req, m[1].toUpperCase()));
    if ((m = /^\/projects\/([A-Za-z][A-Za-z0-9_]*)\/?$/.exec(path))) return send(res, 302, 'text/plain', '', { location: `/projects/${m[1]}/forecast` });
    if (path === '/apps/converge') return html(await globalPage(req));
    if (path === '/settings/apps/converge') return html(await adminPage(req));
    throw new HttpError(404, `Nothing lives at ${path}.`);
  }

  function handler(req: IncomingMessage, res: ServerResponse, port: number): void {
    route(req, res, port).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (status >= 500) logError(`workspace: ${req.method} ${req.url}: ${err instanceof Error ? err.stack : message}`);
      if (res.headersSent) { res.end(); return; }
      if ((req.url ?? '').startsWith('/__')) {
        send(res, status, 'application/json; charset=utf-8', JSON.stringify({ ok: false, error: { code: status === 404 ? 'not-found' : 'workspace-error', message } }));
        return;
      }
      const title = status === 404 ? 'Page not found' : 'Something went wrong';
      send(res, status, 'text/html; charset=utf-8', layout({
        title, theme: themeOf(req), projects: [], breadcrumbs: [{ label: 'Home', href: '/' }], body: errorBody(title, message),
        siteLabel: opts.siteLabel, user: { displayName: opts.user.displayName },
      }));
    });
  }

  return {
    /** Starts listening on host:port (port 0 = any free port); resolves with the URL and a close(). */
    async listen(port = 0, host = '127.0.0.1'): Promise<{ url: string; port: number; server: Server; close: () => Promise<void> }> {
      let actual = port;
      const server = createServer((req, res) => handler(req, res, actual));
      await new Promise<void>((ok, fail) => {
        server.once('error', fail);
        server.listen(port, host, () => ok());
      });
      actual = (server.address() as AddressInfo).port;
      return {
        url: `http://${host}:${actual}`,
        port: actual,
        server,
        close: () => new Promise<void>((ok) => {
          server.closeAllConnections();
          server.close(() => ok());
        }),
      };
    },
  };
}

/** Plain text of an Atlassian Document Format value (descriptions), paragraphs kept. */
function adfToHtml(doc: unknown): string {
  if (typeof doc === 'string') return `<p>${esc(doc)}</p>`;
  const out: string[] = [];
  const walk = (node: unknown, para: string[]): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; text?: string; content?: unknown[] };
    if (n.type === 'text' && n.text) para.push(esc(n.text));
    if (n.type === 'paragraph' || n.type === 'heading' || n.type === 'listItem') {
      const inner: string[] = [];
      for (const c of n.content ?? []) walk(c, inner);
      if (inner.length) out.push(`<p>${n.type === 'listItem' ? '• ' : ''}${inner.join('')}</p>`);
      return;
    }
    for (const c of n.content ?? []) walk(c, para);
  };
  walk(doc, []);
  return out.join('');
}
