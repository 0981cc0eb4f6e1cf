/**
 * Browser-test harness: the real local workspace (src/local/workspace.ts: the app's
 * resolvers, the sample site behind the Jira emulator, SQLite in a temp file) on
 * 127.0.0.1 port 0, and Debian's Chromium driven by playwright-core. Panels run from
 * their local builds (static/<app>/build-local), rebuilt first when older than their
 * sources. Screenshots go to test-output/screenshots/.
 *
 *   const h = await startHarness();
 *   const page = await h.newPage();
 *   await page.goto(`${h.url}/browse/FRAUD-12`);
 *   const panel = await h.panel(page, 'issue-panel');
 *   ...
 *   await h.close();
 *
 * In a test file, `const h = useHarness();` does the start (beforeAll) and close (afterAll),
 * `h.openPanel(page, { path, app, ready })` the goto + panel + wait, and
 * `h.invokeData(key, payload)` a resolver call that must succeed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { startWorkspace, type Workspace, type WorkspaceOptions } from '../../src/local/workspace';
import type { Envelope } from '../../src/resolvers/contract';

export const ROOT = resolve(__dirname, '..', '..');
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
/** The sample site's fixed "today" (src/local/sample-site), so figures are stable. */
export const TODAY = '2027-01-11';
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export interface Harness {
  url: string;
  workspace: Workspace;
  browser: Browser;
  /** A fresh page (own context) at 1280x900; console errors are collected in `errors`. */
  newPage(options?: { colorMode?: 'light' | 'dark'; width?: number; height?: number }): Promise<Page & { errors: string[] }>;
  /** The frame of the Converge module `app` hosted on the page (waits for it to load). */
  panel(page: Page, app: string): Promise<Frame>;
  /** Calls a resolver through the workspace's bridge endpoint, as the panel would. */
  invoke<T = unknown>(functionKey: string, payload: unknown, extension?: Record<string, unknown>): Promise<{ status: number; body: T }>;
  screenshot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<string>;
  close(): Promise<void>;
  /** Calls a resolver that must succeed and returns its data; a failed envelope throws with the key and the error. */
  invokeData<T>(functionKey: string, payload: unknown, extension?: Record<string, unknown>): Promise<T>;
  /**
   * Goes to `path` on the workspace and returns the frame of module `app`, once `ready` (a selector
   * in that frame, if given) is visible within `timeout` ms (Playwright's default if not given).
   */
  openPanel(page: Page, where: { path: string; app: string; ready?: string; timeout?: number }): Promise<Frame>;
}

/**
 * Makes the page's bridge answer resolver `functionKey` with `reply()` (an envelope, read at each
 * call so a test can change it); every other key still reaches the workspace.
 */
export async function answerResolver(page: Page, functionKey: string, reply: () => unknown): Promise<void> {
  await page.route('**/__forge/invoke', async (route) => {
    const body = route.request().postDataJSON() as { functionKey: string };
    if (body.functionKey !== functionKey) return route.continue();
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(reply()) });
  });
}

/** Clicks the tab `tab` (a selector) in `frame` and waits for `ready` to be visible. */
export async function openTab(frame: Frame, tab: string, ready: string, timeout?: number): Promise<Frame> {
  await frame.click(tab);
  await frame.waitForSelector(ready, timeout === undefined ? {} : { timeout });
  return frame;
}

/**
 * One harness for the calling test file: started in beforeAll (within `timeout` ms, default 2
 * minutes: a stale local build is rebuilt first), closed in afterAll. The returned object is
 * filled in when beforeAll has run, so tests use it as the harness itself.
 */
export function useHarness(options: Partial<WorkspaceOptions> = {}, timeout = 120_000): Harness {
  const h = {} as Harness;
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness(options);
    Object.assign(h, started);
  }, timeout);
  afterAll(async () => {
    await started?.close();
  });
  return h;
}

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Rebuilds the local bundles when any is older than its sources; a lock folder keeps parallel test files from building at once. */
export function ensureLocalBuilds(): void {
  const apps = readdirSync(join(ROOT, 'static')).filter((a) => existsSync(join(ROOT, 'static', a, 'src', 'index.tsx')));
  const shared = Math.max(newestMtime(join(ROOT, 'static', 'shared')), statSync(join(ROOT, 'src', 'local', 'bridge-shim.ts')).mtimeMs, newestMtime(join(ROOT, 'src', 'resolvers')));
  const stale = apps.some((a) => {
    const built = join(ROOT, 'static', a, 'build-local', 'index.js');
    return !existsSync(built) || statSync(built).mtimeMs < Math.max(shared, newestMtime(join(ROOT, 'static', a, 'src')));
  });
  if (!stale) return;
  const lock = join(ROOT, 'test-output', '.build-static.lock');
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`waited 2 minutes for ${lock}; remove it if no build is running`);
      spawnSync('sleep', ['0.5']);
    }
  }
  try {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-static.mjs'), '--local'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`scripts/build-static.mjs --local failed:\n${r.stderr || r.stdout}`);
  } finally {
    rmdirSync(lock);
  }
}

export async function startHarness(options: Partial<WorkspaceOptions> = {}): Promise<Harness> {
  ensureLocalBuilds();
  const dir = mkdtempSync(join(tmpdir(), 'converge-browser-'));
  const workspace = await startWorkspace({ port: 0, sqlitePath: join(dir, 'workspace.sqlite'), today: TODAY, root: ROOT, ...options });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (err) {
    await workspace.close();
    throw err;
  }
  mkdirSync(SCREENSHOTS, { recursive: true });

  const harness: Harness = {
    url: workspace.url,
    workspace,
    browser,
    async newPage({ colorMode = 'light', width = 1280, height = 900 } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
      if (colorMode === 'dark') await context.addCookies([{ name: 'cv-theme', value: 'dark', url: workspace.url }]);
      const page = (await context.newPage()) as Page & { errors: string[] };
      page.errors = [];
      page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
      page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message}`));
      return page;
    },
    async panel(page, app) {
      const handle = await page.waitForSelector(`iframe[data-app="${app}"]`, { state: 'attached' });
      const frame = await handle.contentFrame();
      if (!frame) throw new Error(`the ${app} iframe has no content frame`);
      await frame.waitForSelector('#root', { state: 'attached' });
      return frame;
    },
    async invoke<T>(functionKey: string, payload: unknown, extension: Record<string, unknown> = {}) {
      const res = await fetch(`${workspace.url}/__forge/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ functionKey, payload, context: { extension } }),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    async screenshot(page, name, { fullPage = true } = {}) {
      const file = join(SCREENSHOTS, `${name}.png`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: file, fullPage });
      return file;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await workspace.close();
      rmSync(dir, { recursive: true, force: true });
    },
    async invokeData<T>(functionKey: string, payload: unknown, extension: Record<string, unknown> = {}) {
      const res = await harness.invoke<Envelope<T>>(functionKey, payload, extension);
      if (!res.body.ok) throw new Error(`${functionKey} failed: ${JSON.stringify(res.body.error)}`);
      return res.body.data;
    },
    async openPanel(page, { path, app, ready, timeout }) {
      await page.goto(`${workspace.url}${path}`);
      const frame = await harness.panel(page, app);
      if (ready) await frame.waitForSelector(ready, timeout === undefined ? {} : { timeout });
      return frame;
    },
  };
  return harness;
}
