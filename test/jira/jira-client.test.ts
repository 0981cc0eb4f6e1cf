import { createJiraClient, type JiraTransport, type RawResponse } from '../../src/jira/jira-client';
import { JiraError } from '../../src/jira/jira-error';
import { jiraPath } from '../../src/jira/jira-path';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, serverRetryAfterMs } from '../../src/jira/retry-delay';

/** A transport answering from a script of responses, recording each call. */
function scripted(responses: Array<{ status: number; body?: unknown; headers?: Record<string, string> } | Error>) {
  const calls: Array<{ method: string; path: string; query: string; body?: string }> = [];
  const transport: JiraTransport = async (method, path, query, body) => {
    calls.push({ method, path: path.text, query: query.toString(), body });
    const next = responses.shift();
    if (!next) throw new Error('script exhausted');
    if (next instanceof Error) throw next;
    const headers = Object.fromEntries(Object.entries(next.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const res: RawResponse = {
      status: next.status,
      header: (n) => headers[n.toLowerCase()] ?? null,
      text: async () => (next.body === undefined ? '' : typeof next.body === 'string' ? next.body : JSON.stringify(next.body)),
    };
    return res;
  };
  return { transport, calls };
}

function harness(responses: Parameters<typeof scripted>[0], nowMs = Date.UTC(2026, 2, 2, 12, 0, 0)) {
  const { transport, calls } = scripted(responses);
  const waits: number[] = [];
  const client = createJiraClient(transport, { sleep: async (ms) => void waits.push(ms), jitter: () => 0.5, now: () => nowMs, authHint: 'check JIRA_EMAIL and JIRA_API_TOKEN' });
  return { client, calls, waits };
}

async function failure(p: Promise<unknown>): Promise<JiraError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(JiraError);
    return e as JiraError;
  }
  throw new Error('expected a rejection');
}

const ISSUE = (key: string) => jiraPath`/rest/api/3/issue/${key}`;

describe('jiraPath', () => {
  it('rejects path segments that could escape their place', () => {
    for (const bad of ['../x', 'a/b', 'a?b', 'a#b', '%2e%2e', '']) expect(() => jiraPath`/rest/api/3/issue/${bad}`).toThrow(expect.objectContaining({ code: 'invalid-config' }));
    expect(jiraPath`/rest/api/3/issue/${'ML-1'}/properties/${'converge.estimate'}`.text).toBe('/rest/api/3/issue/ML-1/properties/converge.estimate');
  });
});

describe('createJiraClient', () => {
  it('names the credentials on 401, the issue and scope on 403, the key on 404, the replacement on 410', async () => {
    const { client } = harness([
      { status: 401, body: { errorMessages: ['Client must be authenticated'] } },
      { status: 403, body: { errorMessages: ['You do not have permission'] } },
      { status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] } },
      { status: 410, body: { errorMessages: ['The requested API has been removed.'] } },
    ]);
    const e401 = await failure(client.request('GET', ISSUE('ML-1')));
    expect(e401.code).toBe('unauthorized');
    expect(e401.message).toContain('JIRA_API_TOKEN');
    const e403 = await failure(client.request('PUT', ISSUE('ML-2'), { culprit: 'issue ML-2', scope: 'write:jira-work' }));
    expect(e403).toMatchObject({ code: 'forbidden', status: 403, culprit: 'issue ML-2' });
    expect(e403.message).toMatch(/issue ML-2.*write:jira-work/);
    const e404 = await failure(client.request('GET', ISSUE('ML-404'), { culprit: 'issue ML-404' }));
    expect(e404.code).toBe('not-found');
    expect(e404.message).toContain('ML-404');
    expect(e404.jiraMessages[0]).toContain('does not exist');
    const e410 = await failure(client.request('POST', jiraPath`/rest/api/3/search`));
    expect(e410.code).toBe('endpoint-removed');
    expect(e410.message).toContain('/rest/api/3/search/jql');
  });

  it('waits as long as Retry-After says (seconds) after a 429, then succeeds', async () => {
    const { client, waits, calls } = harness([{ status: 429, headers: { 'Retry-After': '7' } }, { status: 200, body: { key: 'ML-1' } }]);
    await expect(client.request('GET', ISSUE('ML-1'))).resolves.toEqual({ key: 'ML-1' });
    expect(waits).toEqual([7000]);
    expect(calls).toHaveLength(2);
  });

  it('reads Retry-After as an HTTP date and X-RateLimit-Reset as an ISO instant', async () => {
    const now = Date.UTC(2026, 2, 2, 12, 0, 0);
    const { client, waits } = harness(
      [
        { status: 429, headers: { 'Retry-After': new Date(now + 3000).toUTCString() } },
        { status: 429, headers: { 'X-RateLimit-Reset': new Date(now + 1500).toISOString() } },
        { status: 200, body: {} },
      ],
      now,
    );
    await client.request('GET', ISSUE('ML-1'));
    expect(waits).toEqual([3000, 1500]);
  });

  it('backs off exponentially with injected jitter when a 429 gives no hint, and gives up after the bounded retries', async () => {
    const { client, waits } = harness(Array.from({ length: 5 }, () => ({ status: 429, headers: { 'RateLimit-Reason': 'jira-burst-based' } })));
    const err = await failure(client.request('GET', ISSUE('ML-1')));
    expect(err.code).toBe('rate-limited');
    expect(err.message).toContain('jira-burst-based');
    // jitter 0.5 -> factor 0.75 of 500 ms * 2^n (DEFAULT_RETRY_POLICY: 4 retries).
    expect(waits).toEqual([375, 750, 1500, 3000]);
  });

  it('refuses a Retry-After beyond the total wait budget instead of hanging', async () => {
    const { client, waits } = harness([{ status: 429, headers: { 'Retry-After': '3600' } }]);
    const err = await failure(client.request('GET', ISSUE('ML-1')));
    expect(err).toMatchObject({ code: 'rate-limited', retryAfterMs: 3_600_000 });
    expect(waits).toEqual([]);
  });

  it('retries 5xx a bounded number of times for idempotent requests only', async () => {
    const ok = harness([{ status: 502 }, { status: 503 }, { status: 200, body: { ok: 1 } }]);
    await expect(ok.client.request('GET', ISSUE('ML-1'))).resolves.toEqual({ ok: 1 });
    expect(ok.waits).toEqual([375, 750]);

    const exhausted = harness([{ status: 500 }, { status: 500 }, { status: 500 }]);
    expect((await failure(exhausted.client.request('GET', ISSUE('ML-1')))).code).toBe('server-error');
    expect(exhausted.calls).toHaveLength(3);

    const post = harness([{ status: 500 }]);
    expect((await failure(post.client.request('POST', jiraPath`/rest/api/3/issueLink`, { body: {} }))).code).toBe('server-error');
    expect(post.calls).toHaveLength(1);
  });

  it('maps a transport failure to network and a non-JSON body to invalid-response', async () => {
    const { client } = harness([new Error('ECONNREFUSED'), new Error('ECONNREFUSED'), new Error('ECONNREFUSED'), { status: 200, body: '<html>' }]);
    expect((await failure(client.request('GET', ISSUE('ML-1')))).code).toBe('network');
    expect((await failure(client.request('GET', ISSUE('ML-1')))).code).toBe('invalid-response');
  });

  it('sends query arrays comma-separated and the body as JSON', async () => {
    const { client, calls } = harness([{ status: 204 }]);
    await expect(client.request('GET', ISSUE('ML-1'), { query: { fields: ['summary', 'status'], expand: undefined, n: 3 } })).resolves.toBeUndefined();
    expect(calls[0].query).toBe('fields=summary%2Cstatus&n=3');
  });
});

describe('retry delays', () => {
  it('parses Retry-After seconds, dates and epoch-second resets', () => {
    const now = Date.UTC(2026, 0, 1);
    const h = (o: Record<string, string>) => (n: string) => o[n] ?? null;
    expect(serverRetryAfterMs(h({ 'retry-after': '2' }), now)).toBe(2000);
    expect(serverRetryAfterMs(h({ 'x-ratelimit-reset': String(now / 1000 + 5) }), now)).toBe(5000);
    expect(serverRetryAfterMs(h({}), now)).toBeUndefined();
    expect(backoffDelayMs(10, DEFAULT_RETRY_POLICY, () => 0.999)).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxDelayMs);
  });
});
