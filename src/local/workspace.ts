/**
 * The local workspace's composition root: the same resolvers as in Forge, wired to local
 * stand-ins for the platform: SQLite storage in a real file, Jira through the HTTPS client
 * pointed at the embedded sample site's emulator on a loopback port (or at a real Jira
 * Cloud site when credentials are given), and the Jira-like web server of server.ts.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createResolvers } from '../resolvers';
import { createHttpsJiraClient } from '../jira/https-jira-client';
import { SqliteStorage } from '../storage/sqlite-storage';
import { createJiraEmulator } from './jira-emulator';
import { sampleSite } from './sample-site/sample-site';
import { sampleSettings } from './sample-site/sample-settings';
import { ConvergeStore } from '../storage/converge-store';
import type { SampleSite } from './sample-site/sample-site-types';
import { createWorkspaceServer, defaultRoot, type JiraFetch } from './server';

export interface WorkspaceOptions {
  /** Default 3000; 0 = any free port (tests). */
  port?: number;
  host?: string;
  /** SQLite file for settings, snapshots and cached forecasts (default .converge/workspace.sqlite). */
  sqlitePath?: string;
  /** A real Jira Cloud site; without it the embedded sample site is served by the emulator. */
  jira?: { site: string; email: string; apiToken: string };
  /** The sample site's "today" (YYYY-MM-DD); default the real today. Also fixes the resolvers' clock at noon UTC that day. */
  today?: string;
  now?: () => Date;
  root?: string;
  log?: (line: string) => void;
  /** Failed resolver calls and server errors; default console.error. */
  logError?: (line: string) => void;
  /** Resolver keys the bridge should not know, as if the deployed backend lacked them (tests of the unknown-key path). */
  withoutResolvers?: string[];
}

export interface Workspace {
  url: string;
  /** Where Jira is: the emulator's URL or the real site. */
  jiraUrl: string;
  sqlitePath: string;
  user: { accountId: string; displayName: string };
  resolverKeys: string[];
  close(): Promise<void>;
}

function isoToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export async function startWorkspace(options: WorkspaceOptions = {}): Promise<Workspace> {
  const root = options.root ?? defaultRoot();
  const log = options.log ?? (() => undefined);
  const closers: Array<() => Promise<void> | void> = [];
  const closeAll = async () => {
    for (const c of closers.reverse()) await Promise.resolve(c()).catch(() => undefined);
  };

  try {
    let base: string;
    let email: string;
    let apiToken: string;
    let siteLabel: string;
    let site: SampleSite | undefined;
    if (options.jira) {
      ({ site: base, email, apiToken } = options.jira);
      base = base.replace(/\/+$/, '');
      siteLabel = new URL(base).host;
    } else {
      const today = options.today ?? isoToday();
      site = sampleSite({ today });
      const emulator = createJiraEmulator(site);
      const listening = await emulator.listen(0, '127.0.0.1');
      closers.push(() => listening.close());
      base = listening.url.replace(/\/+$/, '');
      email = 'workspace@converge.local';
      apiToken = 'local-workspace';
      siteLabel = `Sample site (emulated, today ${today})`;
    }
    const now = options.now ?? (options.today ? () => new Date(`${options.today}T12:00:00Z`) : () => new Date());

    const sqlitePath = resolve(root, options.sqlitePath ?? '.converge/workspace.sqlite');
    mkdirSync(dirname(sqlitePath), { recursive: true });
    const storage = new SqliteStorage(sqlitePath);
    closers.push(() => (storage as unknown as { close?: () => void }).close?.());
    // On the sample site, start configured for it (fields, GPU pools, gates) unless an admin already saved settings.
    if (site) {
      const store = new ConvergeStore(storage);
      if ((await store.getSettings()) === undefined) await store.saveSettings(sampleSettings(site));
    }

    const client = createHttpsJiraClient({ site: base, email, apiToken });
    // Forge's async queue, in-process: pushed batches run on later turns of the event loop, so
    // a long forecast really runs in the background and the page really polls its progress.
    let consume: ((event: { body?: unknown }) => Promise<void>) | undefined;
    let pending = 0;
    const queue = {
      async push(events: unknown[]): Promise<void> {
        for (const body of events) {
          pending++;
          setTimeout(() => {
            (consume?.({ body }) ?? Promise.resolve())
              .catch((err: unknown) => (options.logError ?? console.error)(`workspace: queue consumer failed: ${(err as Error).message}`))
              .finally(() => { pending--; });
          }, 0);
        }
      },
    };
    const app = createResolvers({ jira: () => client, storage, now, queue: queue as never });
    consume = app.forecastConsumer;
    closers.push(async () => {
      for (let i = 0; i < 200 && pending > 0; i++) await new Promise((r) => setTimeout(r, 50));
    });
    const resolverKeys = Object.keys(app.definitions).filter((k) => !(options.withoutResolvers ?? []).includes(k));

    const authorization = `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`;
    const jira: JiraFetch = async (method, path, body, headers = {}) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers, authorization },
        body: method === 'GET' || method === 'HEAD' ? undefined : body,
        redirect: 'error',
        signal: AbortSignal.timeout(30_000),
      });
      return { status: res.status, contentType: res.headers.get('content-type') ?? 'application/json', body: await res.text() };
    };

    const me = await jira('GET', '/rest/api/3/myself');
    if (me.status !== 200) throw new Error(`Jira at ${base} refused /rest/api/3/myself (${me.status}); check JIRA_SITE, JIRA_EMAIL and JIRA_API_TOKEN`);
    const myself = JSON.parse(me.body) as { accountId: string; displayName?: string };
    const user = { accountId: myself.accountId, displayName: myself.displayName ?? myself.accountId };

    const server = createWorkspaceServer({
      resolvers: { handler: app.handler as never, keys: resolverKeys },
      jira,
      user,
      siteLabel,
      siteUrl: base,
      root,
      log,
      logError: options.logError,
    });
    const listening = await server.listen(options.port ?? 3000, options.host ?? '127.0.0.1');
    closers.push(() => listening.close());
    return { url: listening.url, jiraUrl: base, sqlitePath, user, resolverKeys, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
