/**
 * `JiraClient` over plain HTTPS for the CLI and the local workspace: a site URL plus
 * an Atlassian account email and API token (Basic auth), sent with Node's global
 * fetch. Plain http is accepted only for loopback hosts (a local Jira emulator on
 * http://127.0.0.1:PORT), never for a real site, so a token cannot leak in clear.
 */
import { createJiraClient, type ClientOptions, type JiraClient, type JiraTransport } from './jira-client';
import { JiraError } from './jira-error';

export interface HttpsClientOptions extends ClientOptions {
  /** e.g. https://your-site.atlassian.net, or http://127.0.0.1:8080 for an emulator (a path prefix is kept). */
  site: string;
  email: string;
  apiToken: string;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  /** Injected in tests; defaults to the global fetch of Node 20. */
  fetch?: typeof fetch;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The normalized base URL (no trailing slash), or a JiraError 'invalid-config'. */
export function siteBaseUrl(site: string): string {
  let url: URL;
  try {
    url = new URL(site);
  } catch {
    throw new JiraError('invalid-config', `the Jira site ${JSON.stringify(site)} is not a URL (expected e.g. https://your-site.atlassian.net)`, { culprit: 'site' });
  }
  const loopback = LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new JiraError('invalid-config', `the Jira site must use https (plain http is allowed only for 127.0.0.1 / localhost): ${site}`, { culprit: 'site' });
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new JiraError('invalid-config', `the Jira site URL must not carry a query, fragment or credentials: ${site}`, { culprit: 'site' });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function createHttpsJiraClient(options: HttpsClientOptions): JiraClient {
  const base = siteBaseUrl(options.site);
  if (!options.email) throw new JiraError('invalid-config', 'no Jira account email given (JIRA_EMAIL)', { culprit: 'JIRA_EMAIL' });
  if (!options.apiToken) throw new JiraError('invalid-config', 'no Jira API token given (JIRA_API_TOKEN)', { culprit: 'JIRA_API_TOKEN' });
  const doFetch = options.fetch ?? fetch;
  const authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  const timeoutMs = options.timeoutMs ?? 30_000;

  const transport: JiraTransport = async (method, path, query, body) => {
    const qs = query.toString();
    const res = await doFetch(`${base}${path.text}${qs ? `?${qs}` : ''}`, {
      method,
      headers: {
        Authorization: authorization,
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, header: (n) => res.headers.get(n), text: () => res.text() };
  };

  return createJiraClient(transport, { authHint: `check the account email and API token (JIRA_EMAIL, JIRA_API_TOKEN) for ${base}`, ...options });
}
