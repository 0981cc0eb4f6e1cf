import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { run } from '../../src/cli/commands/fetch';
import type { CliIO } from '../../src/cli/io';
import { validatePlan } from '../../src/engine/validate-plan';

const sp = (key: string) => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'jira', 'sp', `${key}.json`), 'utf8'));

function io(env: Record<string, string | undefined>, files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readInput: (p) => {
      if (!(p in files)) throw new Error(`ENOENT ${p}`);
      return files[p];
    },
    env,
  };
  return { cli, out, err };
}
const CREDS = { JIRA_EMAIL: 'ana@example.com', JIRA_API_TOKEN: 'tok' };

describe('converge fetch', () => {
  it('names the missing credential variable and prints no plan', async () => {
    const a = io({ JIRA_API_TOKEN: 'x' });
    expect(await run(['--site', 'https://x.atlassian.net', '--jql', 'project = ML'], a.cli)).toBe(2);
    expect(a.err.join('')).toContain('JIRA_EMAIL');
    expect(a.out).toEqual([]);
    const b = io({ JIRA_EMAIL: 'a@b.c' });
    expect(await run(['--site', 'https://x.atlassian.net', '--project', 'ML'], b.cli)).toBe(2);
    expect(b.err.join('')).toContain('JIRA_API_TOKEN');
  });

  it('rejects usage errors: no site, no scope, bad start, plain http to a real site', async () => {
    expect(await run(['--jql', 'x'], io(CREDS).cli)).toBe(2);
    expect(await run(['--site', 'https://x.atlassian.net'], io(CREDS).cli)).toBe(2);
    expect(await run(['--site', 'https://x.atlassian.net', '--jql', 'x', '--start', '2026-13-01'], io(CREDS).cli)).toBe(2);
    expect(await run(['--site', 'https://x.atlassian.net', '--project', 'ML OR x'], io(CREDS).cli)).toBe(2);
    const h = io(CREDS);
    expect(await run(['--site', 'http://x.atlassian.net', '--jql', 'x'], h.cli)).toBe(2);
    expect(h.err.join('')).toContain('invalid-config');
  });

  describe('against a local Jira', () => {
    let server: Server;
    let url: string;
    let fail = false;
    const bodies: any[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          bodies.push({ url: req.url, body: body ? JSON.parse(body) : undefined });
          res.setHeader('Content-Type', 'application/json');
          if (fail) {
            res.statusCode = 404;
            return res.end(JSON.stringify({ errorMessages: ["The value 'NOPE' does not exist for the field 'project'."] }));
          }
          if (req.url === '/rest/api/3/search/jql') return res.end(JSON.stringify({ issues: [sp('SP-13'), sp('SP-15')], isLast: true }));
          if (req.url === '/rest/api/3/issue/bulkfetch') return res.end(JSON.stringify({ issues: [sp('SP-14')], issueErrors: [] }));
          res.statusCode = 404;
          res.end('{}');
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((r) => server.close(r)));

    it('prints a valid plan JSON on stdout and its warnings on stderr', async () => {
      fail = false;
      const h = io(CREDS, { 'settings.json': JSON.stringify({ estimateFields: { storyPoints: 'customfield_10036' } }) });
      const code = await run(['--site', url, '--project', 'SP', '--start', '2026-03-02', '--settings', 'settings.json', '--name', 'Sample'], h.cli);
      expect(code).toBe(0);
      const plan = JSON.parse(h.out.join(''));
      expect(validatePlan(plan).ok).toBe(true);
      expect(plan).toMatchObject({ name: 'Sample', start: '2026-03-02' });
      expect(plan.tasks.map((t: { id: string }) => t.id)).toEqual(['SP-13', 'SP-15', 'SP-14']);
      expect(plan.tasks[1].after).toEqual(['SP-14']);
      expect(bodies[0].body.jql).toBe('project = SP AND (resolution IS EMPTY OR resolved >= -30d) ORDER BY rank');
      expect(bodies[0].body.fields).toContain('customfield_10036');
      expect(h.err.join('')).toContain('2 issues, 1/1 external predecessors fetched');
    });

    it('prints nothing on stdout when Jira fails, and the error with its code on stderr', async () => {
      fail = true;
      const h = io(CREDS);
      expect(await run(['--site', url, '--jql', 'project = NOPE', '--start', '2026-03-02'], h.cli)).toBe(1);
      expect(h.out).toEqual([]);
      expect(h.err.join('')).toMatch(/\[not-found\].*does not exist/);
    });
  });
});
