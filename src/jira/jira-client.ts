/**
 * The one Jira client interface every adapter is written against, and the shared
 * request pipeline both implementations use: JSON in and out, Jira's HTTP statuses
 * mapped to `JiraError` codes that name the culprit, 429 and 5xx retried with a
 * bounded back-off (retry-delay.ts). The implementations only differ in transport:
 * Forge `requestJira` (forge-jira-client.ts) or HTTPS with an API token
 * (https-jira-client.ts). Typed helpers (search-jql.ts, issue-property.ts ...) are
 * plain functions over `JiraClient`, so tests can hand them a fake.
 */
import { JiraError } from './jira-error';
import type { JiraPath } from './jira-path';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, serverRetryAfterMs, type RetryPolicy } from './retry-delay';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

export interface RequestOptions {
  /** Query parameters; arrays are sent as comma-separated lists, undefined values are left out. */
  query?: Record<string, QueryValue>;
  /** JSON body. */
  body?: unknown;
  /** What the request is about (an issue key, a project...), named in error messages. */
  culprit?: string;
  /** The Forge scope / Jira permission the call needs, named when Jira answers 403. */
  scope?: string;
  /**
   * Whether repeating the request is harmless (retried after 5xx / network errors).
   * Default: true for GET, PUT and DELETE, false for POST; read-only POSTs (search, bulk fetch) pass true.
   */
  idempotent?: boolean;
}

export interface JiraClient {
  /** Sends one request and resolves with the parsed JSON body (undefined for 204 / empty). */
  request<T>(method: HttpMethod, path: JiraPath, options?: RequestOptions): Promise<T>;
}

/** What a transport returns: enough of a fetch Response for the pipeline. */
export interface RawResponse {
  status: number;
  header(name: string): string | null;
  text(): Promise<string>;
}

/** Sends one HTTP request; rejects only when no answer came back (network). */
export type JiraTransport = (method: HttpMethod, path: JiraPath, query: URLSearchParams, body: string | undefined) => Promise<RawResponse>;

export interface ClientOptions {
  retry?: Partial<RetryPolicy>;
  /** Waits ms; injected in tests to record the waits instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform [0, 1) for the back-off jitter; injected in tests. */
  jitter?: () => number;
  /** Current time in ms (for HTTP-date Retry-After values). */
  now?: () => number;
  /** Says who is calling, for 401 messages ("check JIRA_EMAIL and JIRA_API_TOKEN"). */
  authHint?: string;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function toSearchParams(query: RequestOptions['query']): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue;
    params.append(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  return params;
}

/** Builds a `JiraClient` from a transport, adding JSON, error mapping and bounded retries. */
export function createJiraClient(transport: JiraTransport, options: ClientOptions = {}): JiraClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? realSleep;
  const jitter = options.jitter ?? Math.random;
  const now = options.now ?? Date.now;

  async function request<T>(method: HttpMethod, path: JiraPath, opts: RequestOptions = {}): Promise<T> {
    const query = toSearchParams(opts.query);
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const idempotent = opts.idempotent ?? method !== 'POST';
    const where = `${method} ${path.text}`;
    let rateLimitRetries = 0;
    let serverRetries = 0;
    let waited = 0;

    for (;;) {
      let res: RawResponse;
      try {
        res = await transport(method, path, query, body);
      } catch (cause) {
        if (idempotent && serverRetries < policy.maxServerErrorRetries) {
          const delay = backoffDelayMs(serverRetries++, policy, jitter);
          if (waited + delay <= policy.maxTotalWaitMs) {
            waited += delay;
            await sleep(delay);
            continue;
          }
        }
        const why = cause instanceof Error ? cause.message : String(cause);
        throw new JiraError('network', `no answer from Jira for ${where}: ${why}`, { method, path: path.text, culprit: opts.culprit, cause });
      }

      if (res.status === 429) {
        const asked = serverRetryAfterMs((n) => res.header(n), now());
        const delay = asked ?? backoffDelayMs(rateLimitRetries, policy, jitter);
        if (rateLimitRetries < policy.maxRateLimitRetries && waited + delay <= policy.maxTotalWaitMs) {
          rateLimitRetries++;
          waited += delay;
          await drain(res);
          await sleep(delay);
          continue;
        }
        const reason = res.header('ratelimit-reason');
        throw new JiraError(
          'rate-limited',
          `Jira is rate-limiting ${where}${reason ? ` (${reason})` : ''}; gave up after ${rateLimitRetries} retries and ${Math.round(waited)} ms` +
            (asked !== undefined ? `; Jira asked to wait ${Math.round(asked / 1000)} s more` : ''),
          { status: 429, method, path: path.text, culprit: opts.culprit, retryAfterMs: asked },
        );
      }

      if (res.status >= 500 && idempotent && serverRetries < policy.maxServerErrorRetries) {
        const delay = backoffDelayMs(serverRetries++, policy, jitter);
        if (waited + delay <= policy.maxTotalWaitMs) {
          waited += delay;
          await drain(res);
          await sleep(delay);
          continue;
        }
      }

      const text = await res.text();
      if (res.status >= 200 && res.status < 300) {
        if (text.trim() === '') return undefined as T;
        try {
          return JSON.parse(text) as T;
        } catch (cause) {
          throw new JiraError('invalid-response', `Jira answered ${where} with something that is not JSON: ${text.slice(0, 120)}`, {
            status: res.status, method, path: path.text, culprit: opts.culprit, cause,
          });
        }
      }
      throw errorForStatus(res.status, text, method, path.text, opts, options.authHint);
    }
  }

  return { request };
}

/** Reads and drops a body we will not use, so the connection can be reused. */
async function drain(res: RawResponse): Promise<void> {
  await res.text().catch(() => undefined);
}

/** Jira's ErrorCollection: { errorMessages: string[], errors: { field: message } }. */
function jiraMessagesOf(text: string): string[] {
  try {
    const body = JSON.parse(text) as { errorMessages?: unknown; errors?: unknown; message?: unknown };
    const out: string[] = [];
    if (Array.isArray(body.errorMessages)) out.push(...body.errorMessages.map(String));
    if (body.errors && typeof body.errors === 'object') {
      for (const [k, v] of Object.entries(body.errors as Record<string, unknown>)) out.push(`${k}: ${String(v)}`);
    }
    if (typeof body.message === 'string') out.push(body.message);
    return out;
  } catch {
    return text.trim() ? [text.trim().slice(0, 200)] : [];
  }
}

function errorForStatus(status: number, text: string, method: string, path: string, opts: RequestOptions, authHint?: string): JiraError {
  const jiraMessages = jiraMessagesOf(text);
  const said = jiraMessages.length ? `: ${jiraMessages.join('; ')}` : '';
  const details = { status, method, path, culprit: opts.culprit, jiraMessages };
  const about = opts.culprit ? ` ${opts.culprit}` : '';
  switch (status) {
    case 400:
      return new JiraError('bad-request', `Jira rejected ${method} ${path}${about ? ` for${about}` : ''}${said}`, details);
    case 401:
      return new JiraError('unauthorized', `Jira did not accept the credentials (401) for ${method} ${path}: ${authHint ?? 'check the user or app authorization'}${said}`, details);
    case 403:
      return new JiraError(
        'forbidden',
        `not allowed (403) to ${method} ${path}${about ? ` on${about}` : ''}${opts.scope ? `; it needs ${opts.scope}` : ''}${said}`,
        details,
      );
    case 404:
      return new JiraError('not-found', `${opts.culprit ? `${opts.culprit} was` : 'nothing was'} not found (404) at ${method} ${path}, or it is not visible to this user${said}`, details);
    case 410:
      return new JiraError('endpoint-removed', `${method} ${path} has been removed by Atlassian (410); JQL search must use POST /rest/api/3/search/jql${said}`, details);
    default:
      if (status >= 500) return new JiraError('server-error', `Jira failed (${status}) on ${method} ${path}${said}`, details);
      return new JiraError('http-error', `unexpected HTTP ${status} from ${method} ${path}${said}`, details);
  }
}
