/**
 * HTML of the workspace's Jira-like pages: top bar, project sidebar, breadcrumbs, and the
 * Converge modules in iframes at the places Jira puts them. Server-rendered strings (no
 * inline script: the behaviour lives in /__workspace/host.js), every value escaped.
 */
import { themeAttributes } from './tokens-css';

export type ColorMode = 'light' | 'dark';

export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export interface ProjectRef {
  key: string;
  name: string;
}

export interface LayoutOptions {
  title: string;
  theme: ColorMode;
  projects: ProjectRef[];
  project?: ProjectRef;
  /** Sidebar item to highlight: 'board' | 'issues' | 'forecast' | 'portfolio' | 'admin'. */
  active?: string;
  breadcrumbs: Array<{ label: string; href?: string }>;
  body: string;
  siteLabel: string;
  user: { displayName: string };
}

/** The module context a frame receives (bridge view.getContext()), carried in its URL. */
export interface FrameContext {
  accountId: string;
  cloudId: string;
  siteUrl: string;
  localId: string;
  moduleKey: string;
  extension: Record<string, unknown>;
  theme: { colorMode: ColorMode };
  locale: string;
  timezone: string;
}

/** An iframe hosting app `app`'s local build, like Jira's Custom UI frame. */
export function frame(app: string, ctx: FrameContext, opts: { title: string; height?: number; fill?: boolean }): string {
  const src = `/__forge/app/${encodeURIComponent(app)}/?ctx=${encodeURIComponent(JSON.stringify(ctx))}`;
  const style = opts.fill ? '' : ` style="height:${opts.height ?? 200}px"`;
  return `<iframe class="ws-frame${opts.fill ? ' ws-frame-fill' : ''}" data-app="${esc(app)}" data-module-key="${esc(ctx.moduleKey)}" title="${esc(opts.title)}" src="${esc(src)}"${style}></iframe>`;
}

function initials(name: string): string {
  return name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2).toUpperCase();
}

function projectAvatar(key: string): string {
  const hues = [210, 265, 150, 20, 330, 190];
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) % hues.length;
  return `<span class="ws-avatar ws-project-avatar" style="--hue:${hues[h]}" aria-hidden="true">${esc(key.slice(0, 2))}</span>`;
}

export function layout(o: LayoutOptions): string {
  const nav = (id: string, href: string, label: string, icon: string) =>
    `<a class="ws-nav-item${o.active === id ? ' ws-active' : ''}" href="${esc(href)}"${o.active === id ? ' aria-current="page"' : ''}><span class="ws-nav-icon" aria-hidden="true">${icon}</span>${esc(label)}</a>`;
  const projectNav = o.project
    ? `<div class="ws-side-project">${projectAvatar(o.project.key)}<div><div class="ws-side-project-name">${esc(o.project.name)}</div><div class="ws-subtlest">Software project</div></div></div>
       <div class="ws-nav-heading">Planning</div>
       ${nav('board', `/projects/${o.project.key}/board`, 'Board', '▦')}
       ${nav('issues', `/projects/${o.project.key}/issues`, 'Issues', '☰')}
       ${nav('forecast', `/projects/${o.project.key}/forecast`, 'Forecast', '◔')}
       <div class="ws-nav-note">Forecast is Converge's project page</div>`
    : '';
  const crumbs = o.breadcrumbs
    .map((b) => (b.href ? `<a href="${esc(b.href)}">${esc(b.label)}</a>` : `<span>${esc(b.label)}</span>`))
    .join('<span class="ws-crumb-sep" aria-hidden="true">/</span>');
  const projectMenu = o.projects.map((p) => `<a role="menuitem" href="/projects/${esc(p.key)}/forecast">${projectAvatar(p.key)} ${esc(p.name)} <span class="ws-subtlest">(${esc(p.key)})</span></a>`).join('');
  return `<!doctype html>
<html lang="en" ${themeAttributes(o.theme)}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)} - Converge workspace</title>
<link rel="stylesheet" href="/__forge/tokens.css">
<link rel="stylesheet" href="/__workspace/host.css">
</head>
<body>
<header class="ws-top">
  <a class="ws-logo" href="/" aria-label="Converge workspace home"><span class="ws-logo-mark" aria-hidden="true"></span><span>Jira</span></a>
  <div class="ws-menu">
    <button type="button" class="ws-top-button" data-menu="projects" aria-haspopup="menu" aria-expanded="false">Projects ▾</button>
    <div class="ws-menu-list" role="menu" hidden>${projectMenu}</div>
  </div>
  <a class="ws-top-button" href="/apps/converge">Apps: Converge portfolio</a>
  <a class="ws-top-button" href="/settings/apps/converge">Settings</a>
  <span class="ws-spacer"></span>
  <span class="ws-site" title="Where Jira data comes from">${esc(o.siteLabel)}</span>
  <button type="button" class="ws-top-button" id="ws-theme-toggle" aria-pressed="${o.theme === 'dark'}" title="Switch light / dark theme">${o.theme === 'dark' ? '☀ Light' : '☾ Dark'}</button>
  <span class="ws-avatar ws-user" title="${esc(o.user.displayName)}">${esc(initials(o.user.displayName))}</span>
</header>
<div class="ws-body">
  <nav class="ws-side" aria-label="Project">${projectNav}
    <div class="ws-nav-heading">Apps</div>
    ${nav('portfolio', '/apps/converge', 'Converge portfolio', '◎')}
    ${nav('admin', '/settings/apps/converge', 'Converge settings', '⚙')}
  </nav>
  <main class="ws-main">
    <nav class="ws-crumbs" aria-label="Breadcrumbs">${crumbs}</nav>
    ${o.body}
  </main>
</div>
<div id="ws-modal-root"></div>
<div class="ws-flags" id="ws-flags" aria-live="assertive"></div>
<script src="/__workspace/host.js"></script>
</body>
</html>`;
}

export function lozenge(category: string, name: string): string {
  const tone = category === 'done' ? 'success' : category === 'indeterminate' ? 'info' : 'neutral';
  return `<span class="ws-lozenge ws-${tone}">${esc(name)}</span>`;
}

export function errorBody(title: string, message: string): string {
  return `<h1 class="ws-title">${esc(title)}</h1><div class="ws-message ws-danger" role="alert">${esc(message)}</div>`;
}
