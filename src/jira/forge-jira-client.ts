/**
 * `JiraClient` inside Forge: `api.asUser().requestJira(route...)` for what a panel
 * shows (the user's own permissions apply), `api.asApp()` for triggers and queue
 * consumers, which have no user. Paths are rebuilt with @forge/api's `route` tag from
 * the parts `jiraPath` kept, so Forge's own path-manipulation check still runs.
 */
import forgeApi, { route, type Route } from '@forge/api';
import { createJiraClient, type ClientOptions, type JiraClient, type JiraTransport } from './jira-client';
import type { JiraPath } from './jira-path';

type RequestJira = (url: Route, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

/** The slice of @forge/api this client uses; injected in tests. */
export interface ForgeApiLike {
  asUser(): { requestJira: RequestJira };
  asApp(): { requestJira: RequestJira };
}

export interface ForgeClientOptions extends ClientOptions {
  /** 'user' for resolvers behind panels, 'app' for triggers and consumers. */
  as: 'user' | 'app';
  api?: ForgeApiLike;
}

/** The Forge route for a path and query. */
export function forgeRoute(path: JiraPath, query: URLSearchParams): Route {
  const pathRoute = route(path.strings as unknown as TemplateStringsArray, ...path.values.map(String));
  return query.toString() ? route`${pathRoute}?${query}` : pathRoute;
}

export function createForgeJiraClient(options: ForgeClientOptions): JiraClient {
  const api: ForgeApiLike = options.api ?? (forgeApi as unknown as ForgeApiLike);
  const transport: JiraTransport = async (method, path, query, body) => {
    const requester = options.as === 'app' ? api.asApp() : api.asUser();
    const res = await requester.requestJira(forgeRoute(path, query), {
      method,
      headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body,
    });
    return { status: res.status, header: (n) => res.headers.get(n), text: () => res.text() };
  };
  return createJiraClient(transport, {
    authHint: options.as === 'app' ? 'the app is not authorized on this site (reinstall or upgrade it)' : 'the user must allow access to the app',
    ...options,
  });
}
