import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpsJiraClient, siteBaseUrl } from '../../src/jira/https-jira-client';
import { JiraError } from '../../src/jira/jira-error';
import { searchJql } from '../../src/jira/search-jql';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A throw-away HTTP server on 127.0.0.1, port 0. */
async function serve(handler: Handler): Promise<{ url: string; server: Server; requests: Array<{ method: string; url: string; body: string; auth?: string }> }> {
  const requests: Array<{ method: string; url: string; body: string; auth?: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, body, auth: req.headers.authorization });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const issues = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: String(1000 + from + i), key: `ML-${from + i}`, fields: { summary: `issue ${from + i}` } }));

describe('createHttpsJiraClient', () => {
  it('refuses plain http to a real site, bad URLs and missing credentials', () => {
    expect(() => siteBaseUrl('http://example.atlassian.net')).toThrow(expect.objectContaining({ code: 'invalid-config' }));
    expect(() => siteBaseUrl('not a url')).toThrow(expect.objectContaining({ code: 'invalid-config' }));
    expect(() => createHttpsJiraClient({ site: 'https://x.atlassian.net', email: '', apiToken: 't' })).toThrow(expect.objectContaining({ culprit: 'JIRA_EMAIL' }));
    expect(() => createHttpsJiraClient({ site: 'https://x.atlassian.net', email: 'a@b.c', apiToken: '' })).toThrow(expect.objectContaining({ culprit: 'JIRA_API_TOKEN' }));
    expect(siteBaseUrl('https://x.atlassian.net/')).toBe('https://x.atlassian.net');
    expect(siteBaseUrl('http://127.0.0.1:8080/jira/')).toBe('http://127.0.0.1:8080/jira');
  });

  describe('against a local server', () => {
    let server: Server | undefined;
    afterEach(async () => {
      if (server) await new Promise((r) => server!.close(r));
      server = undefined;
    });

    it('pages a JQL search by nextPageToken over POST /rest/api/3/search/jql, with Basic auth and the listed fields', async () => {
      const pages: Record<string, { issues: unknown[]; nextPageToken?: string; isLast?: boolean }> = {
        '': { issues: issues(1, 2), nextPageToken: 'p2', isLast: false },
        p2: { issues: issues(3, 2), nextPageToken: 'p3', isLast: false },
        p3: { issues: issues(5, 1), isLast: true },
      };
      const s = await serve((req, body, res) => {
        if (req.url !== '/rest/api/3/search/jql' || req.method !== 'POST') return json(res, 404, { errorMessages: ['nope'] });
        json(res, 200, pages[JSON.parse(body).nextPageToken ?? '']);
      });
      server = s.server;
      const client = createHttpsJiraClient({ site: s.url, email: 'ana@example.com', apiToken: 'tok' });
      const got = await searchJql(client, { jql: 'project = ML', fields: ['summary', 'issuelinks'], properties: ['converge.estimate'], maxResults: 2 });
      expect(got.map((i) => i.key)).toEqual(['ML-1', 'ML-2', 'ML-3', 'ML-4', 'ML-5']);
      expect(s.requests).toHaveLength(3);
      expect(s.requests[0].auth).toBe(`Basic ${Buffer.from('ana@example.com:tok').toString('base64')}`);
      expect(JSON.parse(s.requests[0].body)).toEqual({ jql: 'project = ML', fields: ['summary', 'issuelinks'], properties: ['converge.estimate'], maxResults: 2 });
      expect(JSON.parse(s.requests[2].body).nextPageToken).toBe('p3');
    });

    it('honours a 429 Retry-After from the server (injected sleep records the wait), then continues', async () => {
      let n = 0;
      const s = await serve((_req, _body, res) => {
        if (n++ === 1) return json(res, 429, { errorMessages: ['Rate limit exceeded'] }, { 'Retry-After': '2' });
        json(res, 200, n === 1 ? { issues: issues(1, 1), nextPageToken: 't2' } : { issues: issues(2, 1), isLast: true });
      });
      server = s.server;
      const waits: number[] = [];
      const client = createHttpsJiraClient({ site: s.url, email: 'a@b.c', apiToken: 't', sleep: async (ms) => void waits.push(ms) });
      const got = await searchJql(client, { jql: 'project = ML', fields: ['summary'] });
      expect(got.map((i) => i.key)).toEqual(['ML-1', 'ML-2']);
      expect(waits).toEqual([2000]);
      expect(s.requests).toHaveLength(3);
    });

    it('rejects the whole search when a later page fails: no half result', async () => {
      let n = 0;
      const s = await serve((_req, _body, res) => {
        n++;
        if (n === 3) return json(res, 403, { errorMessages: ['You do not have the permission to see the specified issue.'] });
        json(res, 200, { issues: issues(n, 1), nextPageToken: `t${n + 1}` });
      });
      server = s.server;
      const client = createHttpsJiraClient({ site: s.url, email: 'a@b.c', apiToken: 't' });
      const err = await searchJql(client, { jql: 'project = ML', fields: ['summary'] }).then(() => undefined, (e) => e);
      expect(err).toBeInstanceOf(JiraError);
      expect(err.code).toBe('forbidden');
      expect(err.message).toContain('project = ML');
    });

    it('stops on a repeated page token instead of looping', async () => {
      const s = await serve((_req, _body, res) => json(res, 200, { issues: issues(1, 1), nextPageToken: 'same' }));
      server = s.server;
      const client = createHttpsJiraClient({ site: s.url, email: 'a@b.c', apiToken: 't' });
      await expect(searchJql(client, { jql: 'project = ML', fields: ['summary'] })).rejects.toMatchObject({ code: 'invalid-response' });
    });

    it('reports 401 naming the credentials to check', async () => {
      const s = await serve((_req, _body, res) => json(res, 401, { errorMessages: ['Client must be authenticated to access this resource.'] }));
      server = s.server;
      const client = createHttpsJiraClient({ site: s.url, email: 'a@b.c', apiToken: 'wrong' });
      const err = await searchJql(client, { jql: 'project = ML', fields: ['summary'] }).then(() => undefined, (e) => e);
      expect(err.code).toBe('unauthorized');
      expect(err.message).toMatch(/JIRA_EMAIL.*JIRA_API_TOKEN/);
    });
  });
});
