/**
 * The local Jira emulator over real HTTP (127.0.0.1, port 0): every endpoint's
 * response is validated against the response schema Atlassian's OpenAPI files give
 * for that path (reduced copies in test/fixtures/jira-openapi/), and the behaviour
 * the app relies on is checked: default fields, paging, JQL, properties, errors.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { sampleSite, ESTIMATE_PROPERTY } from '../../src/local/sample-site';
import { createJiraEmulator, type JiraEmulatorChange, type JiraEmulatorServer } from '../../src/local/jira-emulator';

// ------------------------------------------------------------------ OpenAPI 3.0 -> JSON Schema (ajv)

/** OpenAPI 3.0's `nullable: true` becomes a union with null; everything else is JSON Schema already. */
function adapt(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(adapt);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable' && k !== 'example' && k !== 'xml') out[k] = adapt(v);
  if ((node as { nullable?: boolean }).nullable) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const fixtures = join(__dirname, '..', 'fixtures', 'jira-openapi');
const ajv = new Ajv({ strict: false, allErrors: true });
// Jira's own timestamps (2026-07-13T09:31:12.000+0000) have no colon in the offset, which
// strict RFC 3339 rejects; ajv-formats' "fast" mode accepts them, as clients must.
addFormats(ajv, { mode: 'fast' });
for (const f of ['int32', 'int64', 'double', 'float']) ajv.addFormat(f, true);
for (const name of ['platform', 'software']) {
  const spec = JSON.parse(readFileSync(join(fixtures, `${name}-subset.json`), 'utf8'));
  ajv.addSchema({ $id: `${name}.json`, components: adapt(spec.components), paths: adapt(spec.paths) });
}
const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const validators = new Map<string, ValidateFunction>();
function responseValidator(spec: 'platform' | 'software', path: string, method: string, status: number): ValidateFunction {
  const ref = `${spec}.json#/paths/${pointer(path)}/${method}/responses/${status}/content/${pointer('application/json')}/schema`;
  if (!validators.has(ref)) validators.set(ref, ajv.compile({ $ref: ref }));
  return validators.get(ref)!;
}
function componentValidator(spec: 'platform' | 'software', name: string): ValidateFunction {
  const ref = `${spec}.json#/components/schemas/${name}`;
  if (!validators.has(ref)) validators.set(ref, ajv.compile({ $ref: ref }));
  return validators.get(ref)!;
}
function expectValid(v: ValidateFunction, data: unknown, what: string): void {
  const ok = v(data);
  if (!ok) throw new Error(`${what}: ${ajv.errorsText(v.errors, { separator: '\n' })}`);
}

/** IssueBean.fields is free-form in the spec; check the fields the app reads against their component schemas. */
function expectValidFields(spec: 'platform' | 'software', issue: { key?: string; fields?: Record<string, unknown> }): void {
  const f = issue.fields ?? {};
  const check = (name: string, value: unknown, what: string) => { if (value !== undefined && value !== null) expectValid(componentValidator(spec === 'software' ? 'platform' : spec, name), value, `${issue.key} ${what}`); };
  check('StatusDetails', f.status, 'status');
  check('IssueTypeDetails', f.issuetype, 'issuetype');
  check('UserDetails', f.assignee, 'assignee');
  check('UserDetails', f.reporter, 'reporter');
  check('Priority', f.priority, 'priority');
  check('Resolution', f.resolution, 'resolution');
  check('TimeTrackingDetails', f.timetracking, 'timetracking');
  check('LinkedIssue', f.parent, 'parent');
  for (const s of (f.subtasks as unknown[] | undefined) ?? []) check('LinkedIssue', s, 'subtask');
  for (const l of (f.issuelinks as Array<Record<string, unknown>> | undefined) ?? []) {
    // Within an issue, a link carries one end only (IssueLink's `required` is for creating links).
    expect(Object.keys(l).filter((k) => k === 'inwardIssue' || k === 'outwardIssue')).toHaveLength(1);
    check('IssueLinkType', l.type, 'issuelinks.type');
    check('LinkedIssue', l.inwardIssue ?? l.outwardIssue, 'issuelinks end');
  }
}

// ------------------------------------------------------------------ server

const site = sampleSite();
const changes: JiraEmulatorChange[] = [];
const emulator = createJiraEmulator(site, { onChange: (c) => changes.push(c) });
let server: JiraEmulatorServer;
beforeAll(async () => { server = await emulator.listen(0); });
afterAll(async () => { await server.close(); });

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, {
    method, headers: { authorization: 'Basic ZTp0', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}
const q = (jql: string) => encodeURIComponent(jql);
const keysOf = (issues: Array<{ key: string }>) => issues.map((i) => i.key);

async function searchAll(jql: string, pageSize: number, via: 'GET' | 'POST', extra: Record<string, unknown> = {}) {
  const keys: string[] = [];
  let token: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const r = via === 'POST'
      ? await call('POST', '/rest/api/3/search/jql', { jql, maxResults: pageSize, fields: ['summary'], nextPageToken: token, ...extra })
      : await call('GET', `/rest/api/3/search/jql?jql=${q(jql)}&maxResults=${pageSize}&fields=summary${token ? `&nextPageToken=${token}` : ''}`);
    expect(r.status).toBe(200);
    expect(r.json.issues.length).toBeLessThanOrEqual(pageSize);
    keys.push(...keysOf(r.json.issues));
    if (r.json.isLast) { expect(r.json.nextPageToken).toBeUndefined(); return keys; }
    token = r.json.nextPageToken;
    expect(typeof token).toBe('string');
  }
  throw new Error('paging did not end');
}

// ------------------------------------------------------------------ tests

describe('Jira emulator: errors in Jira shapes', () => {
  it('answers bad, unbounded or unknown JQL with 400 and errorMessages', async () => {
    for (const jql of ['project = = FRAUD', 'project = FRAUD AND', 'nosuchfield = 1', 'project = NOPE', 'ORDER BY key', '', 'labels > 3', 'key = FRAUD-99999', 'project = FRAUD ORDER BY nosuch']) {
      const r = await call('GET', `/rest/api/3/search/jql?jql=${q(jql)}`);
      expect({ jql, status: r.status }).toEqual({ jql, status: 400 });
      expect(r.json.errorMessages).toHaveLength(1);
      expect(r.json.errors).toEqual({});
    }
    const post = await call('POST', '/rest/api/3/search/jql', { jql: 'summary ~ "unterminated' });
    expect(post.status).toBe(400);
  });

  it('answers the removed /rest/api/3/search with 410, unknown endpoints with 404, wrong methods with 405', async () => {
    for (const [m, p] of [['GET', '/rest/api/3/search?jql=project=FRAUD'], ['POST', '/rest/api/3/search'], ['GET', '/rest/api/2/search']]) {
      const r = await call(m, p, m === 'POST' ? { jql: 'project = FRAUD' } : undefined);
      expect(r.status).toBe(410);
      expect(r.json.errorMessages[0]).toMatch(/search\/jql/);
    }
    expect((await call('GET', '/rest/api/3/nothing/here')).status).toBe(404);
    expect((await call('GET', '/rest/api/3/issue/FRAUD-99999')).status).toBe(404);
    expect((await call('GET', '/rest/api/3/project/NOPE')).status).toBe(404);
    expect((await call('DELETE', '/rest/api/3/field')).status).toBe(405);
  });

  it('rejects bad payloads, page tokens and limits', async () => {
    expect((await call('POST', '/rest/api/3/search/jql', '{not json')).status).toBe(400);
    expect((await call('POST', '/rest/api/3/search/jql', { jql: 'project = FRAUD', fields: 'summary' })).status).toBe(400);
    expect((await call('GET', `/rest/api/3/search/jql?jql=${q('project = FRAUD')}&nextPageToken=garbage`)).status).toBe(400);
    const first = await call('GET', `/rest/api/3/search/jql?jql=${q('project = FRAUD')}&maxResults=2`);
    expect((await call('GET', `/rest/api/3/search/jql?jql=${q('project = LLM')}&nextPageToken=${first.json.nextPageToken}`)).status).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => `FRAUD-${i + 1}`);
    expect((await call('POST', '/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: many })).status).toBe(400);
    expect((await call('POST', '/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: [] })).status).toBe(400);
    expect((await call('POST', '/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: ['FRAUD-1'], fieldIds: Array.from({ length: 11 }, (_, i) => `f${i}`) })).status).toBe(400);
    expect((await call('PUT', `/rest/api/3/issue/FRAUD-2/properties/${ESTIMATE_PROPERTY}`, '{oops')).status).toBe(400);
    expect((await call('PUT', '/rest/api/3/issue/FRAUD-2/properties/big', JSON.stringify('x'.repeat(40_000)))).status).toBe(400);
    expect((await call('GET', '/rest/api/3/mypermissions')).status).toBe(400);
    expect((await call('GET', '/rest/api/3/mypermissions?permissions=NOT_A_PERMISSION')).status).toBe(400);
    expect((await call('GET', '/rest/agile/1.0/board/1/sprint?state=bogus')).status).toBe(400);
    expect((await call('GET', '/rest/agile/1.0/sprint/9999')).status).toBe(404);
  });
});

describe('Jira emulator: responses match the OpenAPI response schemas', () => {
  const P = 'platform' as const, S = 'software' as const;
  // Every row has all six entries: jest would take a missing one for a `done` callback.
  const cases: Array<[string, 'platform' | 'software', string, string, string, unknown]> = [
    ['search GET, all fields, properties, changelog, names', P, '/rest/api/3/search/jql', 'get',
      `/rest/api/3/search/jql?jql=${q('project in (FRAUD, PLAT) ORDER BY rank')}&fields=*all&properties=${ESTIMATE_PROPERTY}&expand=changelog,names&maxResults=100`, undefined],
    ['search POST', P, '/rest/api/3/search/jql', 'post', '/rest/api/3/search/jql',
      { jql: 'project = LLM', fields: ['summary', 'status', 'issuetype', 'issuelinks', 'parent', 'subtasks', 'duedate', 'timetracking', 'labels', 'assignee', 'resolutiondate', 'created', 'updated', 'project', 'customfield_10016', 'customfield_10020'], properties: [ESTIMATE_PROPERTY], maxResults: 100 }],
    ['search default fields', P, '/rest/api/3/search/jql', 'get', `/rest/api/3/search/jql?jql=${q('project = PLAT')}`, undefined],
    ['issue', P, '/rest/api/3/issue/{issueIdOrKey}', 'get', '/rest/api/3/issue/FRAUD-1?expand=changelog,names,schema&properties=*all', undefined],
    ['issue property', P, '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', 'get', '', undefined],
    ['bulkfetch', P, '/rest/api/3/issue/bulkfetch', 'post', '/rest/api/3/issue/bulkfetch',
      { issueIdsOrKeys: ['FRAUD-1', 'PLAT-3', 'LLM-10', 'NOPE-1'], fields: ['summary', 'status', 'issuelinks'], properties: [ESTIMATE_PROPERTY] }],
    ['changelog bulkfetch', P, '/rest/api/3/changelog/bulkfetch', 'post', '/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: ['FRAUD-1', 'FRAUD-2', 'PLAT-5'], maxResults: 3 }],
    ['issueLinkType', P, '/rest/api/3/issueLinkType', 'get', '/rest/api/3/issueLinkType', undefined],
    ['status', P, '/rest/api/3/status', 'get', '/rest/api/3/status', undefined],
    ['field', P, '/rest/api/3/field', 'get', '/rest/api/3/field', undefined],
    ['myself', P, '/rest/api/3/myself', 'get', '/rest/api/3/myself', undefined],
    ['mypermissions', P, '/rest/api/3/mypermissions', 'get', '/rest/api/3/mypermissions?permissions=ADMINISTER,BROWSE_PROJECTS,EDIT_ISSUES&projectKey=FRAUD', undefined],
    ['project', P, '/rest/api/3/project/{projectIdOrKey}', 'get', '/rest/api/3/project/FRAUD', undefined],
    ['project search', P, '/rest/api/3/project/search', 'get', '/rest/api/3/project/search?maxResults=2', undefined],
    ['boards', S, '/rest/agile/1.0/board', 'get', '/rest/agile/1.0/board?projectKeyOrId=FRAUD', undefined],
    ['board configuration', S, '/rest/agile/1.0/board/{boardId}/configuration', 'get', '/rest/agile/1.0/board/2/configuration', undefined],
    ['board sprints', S, '/rest/agile/1.0/board/{boardId}/sprint', 'get', '/rest/agile/1.0/board/3/sprint', undefined],
    ['sprint', S, '/rest/agile/1.0/sprint/{sprintId}', 'get', '/rest/agile/1.0/sprint/1', undefined],
    ['sprint issues', S, '/rest/agile/1.0/sprint/{sprintId}/issue', 'get', '', undefined],
  ];
  it.each(cases)('%s', async (_name, spec, path, method, url, body) => {
    if (path.endsWith('{propertyKey}')) url = `/rest/api/3/issue/FRAUD-21/properties/${ESTIMATE_PROPERTY}`;
    if (path.endsWith('{sprintId}/issue')) url = `/rest/agile/1.0/sprint/${site.sprints.find((s) => s.state === 'active')!.id}/issue`;
    const r = await call(method.toUpperCase(), url, body);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expectValid(responseValidator(spec, path, method, 200), r.json, `${method} ${url}`);
    for (const issue of r.json.issues ?? []) expectValidFields(spec, issue);
    if (r.json.fields) expectValidFields(spec, r.json);
    // Self links point at the emulator itself, never at a hard-coded site.
    for (const m of r.text.matchAll(/"(?:self|nextPage)":"([^"]+)"/g)) expect(m[1].startsWith(server.url)).toBe(true);
  });

  it('validates the enumerated sample of every issue through GET issue', async () => {
    for (const issue of site.issues.filter((_, i) => i % 10 === 0)) {
      const r = await call('GET', `/rest/api/3/issue/${issue.key}`);
      expectValid(responseValidator(P, '/rest/api/3/issue/{issueIdOrKey}', 'get', 200), r.json, issue.key);
      expectValidFields(P, r.json);
    }
  });
});

describe('Jira emulator: search', () => {
  it('returns ids only by default, as Jira Cloud does', async () => {
    const r = await call('GET', `/rest/api/3/search/jql?jql=${q('project = FRAUD')}&maxResults=5`);
    expect(r.json.issues).toHaveLength(5);
    for (const i of r.json.issues) expect(Object.keys(i)).toEqual(['id']);
  });

  it('pages through every matching issue exactly once (GET and POST)', async () => {
    const expected = site.issues.filter((i) => i.projectKey !== 'LLM').length;
    for (const via of ['GET', 'POST'] as const) {
      const keys = await searchAll('project = FRAUD OR project = PLAT ORDER BY key', 7, via);
      expect(keys).toHaveLength(expected);
      expect(new Set(keys).size).toBe(expected);
    }
    const all = await searchAll('project in (FRAUD, LLM, PLAT)', 100, 'POST');
    expect(all.sort()).toEqual(site.issues.map((i) => i.key).sort());
  });

  it('caps maxResults at 100 when fields are requested', async () => {
    const r = await call('POST', '/rest/api/3/search/jql', { jql: 'project in (FRAUD, LLM, PLAT)', maxResults: 500, fields: ['summary'] });
    expect(r.json.issues).toHaveLength(100);
    expect(r.json.isLast).toBe(false);
    const ids = await call('POST', '/rest/api/3/search/jql', { jql: 'project in (FRAUD, LLM, PLAT)', maxResults: 500 });
    expect(ids.json.issues).toHaveLength(site.issues.length);
    expect(ids.json.isLast).toBe(true);
  });

  it('renders links from each end, issue properties and the fields the mapping reads', async () => {
    const blocks = site.links.find((l) => l.type === 'Blocks')!;
    const r = await call('POST', '/rest/api/3/search/jql', {
      jql: `key in (${blocks.outward}, ${blocks.inward})`, fields: ['issuelinks', 'status'], properties: [ESTIMATE_PROPERTY],
    });
    const out = r.json.issues.find((i: { key: string }) => i.key === blocks.outward);
    const inn = r.json.issues.find((i: { key: string }) => i.key === blocks.inward);
    const linkOut = out.fields.issuelinks.find((l: { id: string }) => l.id === blocks.id);
    const linkIn = inn.fields.issuelinks.find((l: { id: string }) => l.id === blocks.id);
    expect(linkOut.outwardIssue.key).toBe(blocks.inward); // "X blocks Y"
    expect(linkOut.type).toMatchObject({ name: 'Blocks', outward: 'blocks', inward: 'is blocked by' });
    expect(linkIn.inwardIssue.key).toBe(blocks.outward); // "Y is blocked by X"
    expect(out.fields.status.statusCategory.key).toMatch(/^(new|indeterminate|done)$/);
    for (const i of r.json.issues) {
      const want = site.issues.find((s) => s.key === i.key)!.properties[ESTIMATE_PROPERTY];
      expect(i.properties).toEqual(want === undefined ? {} : { [ESTIMATE_PROPERTY]: want });
    }
  });

  it('evaluates the JQL the app sends', async () => {
    const keys = async (jql: string) => (await searchAll(jql, 100, 'POST')).sort();
    const sorted = (f: (i: (typeof site.issues)[number]) => boolean) => site.issues.filter(f).map((i) => i.key).sort();
    const now = Date.parse(site.now);
    const done = (i: (typeof site.issues)[number]) => site.statuses.find((s) => s.name === i.status)!.category === 'done';
    expect(await keys('project = FRAUD')).toEqual(sorted((i) => i.projectKey === 'FRAUD'));
    expect(await keys('project in (LLM, plat)')).toEqual(sorted((i) => i.projectKey !== 'FRAUD'));
    expect(await keys('project = FRAUD AND statusCategory != Done')).toEqual(sorted((i) => i.projectKey === 'FRAUD' && !done(i)));
    expect(await keys('project = PLAT AND (resolution IS EMPTY OR resolved >= -30d) ORDER BY rank')).toEqual(
      sorted((i) => i.projectKey === 'PLAT' && (!i.resolutiondate || Date.parse(i.resolutiondate) >= now - 30 * 86_400_000)));
    expect(await keys('issuetype = "Training Run"')).toEqual(sorted((i) => i.issueType === 'Training Run'));
    expect(await keys('labels = gate:bias-audit')).toEqual(sorted((i) => i.labels.includes('gate:bias-audit')));
    expect(await keys('labels = "gpu:a100" AND type = "Training Run"')).toEqual(sorted((i) => i.labels.includes('gpu:a100') && i.issueType === 'Training Run'));
    const epic = site.issues.find((i) => i.issueType === 'Epic')!;
    expect(await keys(`parent = ${epic.key}`)).toEqual(sorted((i) => i.parent === epic.key));
    const active = site.sprints.find((s) => s.state === 'active')!;
    expect(await keys(`sprint = ${active.id}`)).toEqual(sorted((i) => i.sprints.includes(active.id)));
    expect(await keys(`issuekey = ${epic.key}`)).toEqual([epic.key]);
    expect(await keys('key in (FRAUD-1, PLAT-2, llm-3)')).toEqual(['FRAUD-1', 'LLM-3', 'PLAT-2']);
    expect(await keys('project = LLM AND NOT statusCategory = Done AND labels != training')).toEqual(
      sorted((i) => i.projectKey === 'LLM' && !done(i) && i.labels.length > 0 && !i.labels.includes('training')));
    const ordered = await searchAll('project = FRAUD ORDER BY key DESC', 100, 'GET');
    expect(ordered[0]).toBe(`FRAUD-${site.issues.filter((i) => i.projectKey === 'FRAUD').length}`);
  });
});

describe('Jira emulator: issues, properties and changelogs', () => {
  it('round-trips an issue property: PUT creates (201), PUT updates (200), GET reads, DELETE removes', async () => {
    const target = site.issues.find((i) => !(ESTIMATE_PROPERTY in i.properties) && i.issueType === 'Task')!;
    const url = `/rest/api/3/issue/${target.key}/properties/${ESTIMATE_PROPERTY}`;
    expect((await call('GET', url)).status).toBe(404);
    const value = { optimistic: 2, mostLikely: 4, pessimistic: 9, distribution: 'pert' };
    const created = await call('PUT', url, value);
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    expect((await call('GET', url)).json).toEqual({ key: ESTIMATE_PROPERTY, value });
    const updated = { ...value, mostLikely: 5 };
    expect((await call('PUT', url, updated)).status).toBe(200);
    const searched = await call('POST', '/rest/api/3/search/jql', { jql: `key = ${target.key}`, properties: [ESTIMATE_PROPERTY] });
    expect(searched.json.issues[0].properties[ESTIMATE_PROPERTY]).toEqual(updated);
    const list = await call('GET', `/rest/api/3/issue/${target.key}/properties`);
    expect(list.json.keys.map((k: { key: string }) => k.key)).toContain(ESTIMATE_PROPERTY);
    expect((await call('DELETE', url)).status).toBe(204);
    expect((await call('GET', url)).status).toBe(404);
    expect(changes.filter((c) => c.issueKey === target.key).map((c) => c.type)).toEqual(['issue-property-set', 'issue-property-set', 'issue-property-deleted']);
    // The caller's site object is never touched.
    expect(ESTIMATE_PROPERTY in target.properties).toBe(false);
  });

  it('returns all fields for GET issue by default, by key or id, with the changelog newest first', async () => {
    const issue = site.issues.find((i) => i.changelog.length >= 2)!;
    const byKey = await call('GET', `/rest/api/3/issue/${issue.key.toLowerCase()}?expand=changelog`);
    const byId = await call('GET', `/rest/api/3/issue/${issue.id}?expand=changelog`);
    expect(byKey.json).toEqual(byId.json);
    expect(byKey.json.fields.summary).toBe(issue.summary);
    expect(byKey.json.fields.customfield_10019).toBe(issue.rank);
    const created = byKey.json.changelog.histories.map((h: { created: string }) => Date.parse(h.created));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(byKey.json.changelog.total).toBe(issue.changelog.length);
  });

  it('bulk-fetches changelogs in pages, oldest first per issue, filtered by field', async () => {
    const keys = site.issues.slice(0, 40).map((i) => i.key);
    const expected = site.issues.slice(0, 40).reduce((n, i) => n + i.changelog.length, 0);
    let token: string | undefined;
    let seen = 0;
    const ids = new Set<string>();
    do {
      const r = await call('POST', '/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: keys, maxResults: 9, nextPageToken: token });
      expect(r.status).toBe(200);
      for (const l of r.json.issueChangeLogs) {
        for (const h of l.changeHistories) { expect(ids.has(h.id)).toBe(false); ids.add(h.id); seen++; }
      }
      token = r.json.nextPageToken;
    } while (token);
    expect(seen).toBe(expected);
    const onlyResolution = await call('POST', '/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: keys, fieldIds: ['resolution'] });
    const items = onlyResolution.json.issueChangeLogs.flatMap((l: { changeHistories: Array<{ items: Array<{ fieldId: string }> }> }) =>
      l.changeHistories.flatMap((h) => h.items));
    expect(items.length).toBe(site.issues.slice(0, 40).filter((i) => i.resolutiondate).length);
    expect(new Set(items.map((i: { fieldId: string }) => i.fieldId))).toEqual(new Set(['resolution']));
  });
});

describe('Jira emulator: site metadata and Jira Software', () => {
  it('describes link types, fields, the current user and permissions', async () => {
    const types = (await call('GET', '/rest/api/3/issueLinkType')).json.issueLinkTypes.map((t: { name: string }) => t.name);
    expect(types).toEqual(expect.arrayContaining(['Blocks', 'Depends', 'Relates']));
    const fields = (await call('GET', '/rest/api/3/field')).json as Array<{ id: string; name: string }>;
    expect(fields.find((f) => f.name === 'Story Points')!.id).toBe('customfield_10016');
    expect(fields.find((f) => f.name === 'Start date')!.id).toBe('customfield_10015');
    expect(fields.find((f) => f.name === 'Sprint')!.id).toBe('customfield_10020');
    expect((await call('GET', '/rest/api/3/myself')).json.accountId).toBe(site.currentUser);
    const perms = await call('GET', '/rest/api/3/mypermissions?permissions=ADMINISTER');
    expect(perms.json.permissions.ADMINISTER.havePermission).toBe(true);
  });

  it('lists boards by project, sprints by state (closed, active, future) and sprint issues by rank', async () => {
    const boards = await call('GET', '/rest/agile/1.0/board?projectKeyOrId=LLM');
    expect(boards.json.values).toHaveLength(1);
    const id = boards.json.values[0].id;
    const cfg = await call('GET', `/rest/agile/1.0/board/${id}/configuration`);
    expect(cfg.json.estimation.field.fieldId).toBe('customfield_10016');
    const open = await call('GET', `/rest/agile/1.0/board/${id}/sprint?state=active,future`);
    expect(open.json.values.map((s: { state: string }) => s.state)).toEqual(['active', 'future', 'future']);
    const all = await call('GET', `/rest/agile/1.0/board/${id}/sprint`);
    expect(all.json.values[0].state).toBe('closed');
    const active = open.json.values[0];
    const issues = await call('GET', `/rest/agile/1.0/sprint/${active.id}/issue?fields=summary,sprint,closedSprints`);
    expect(keysOf(issues.json.issues).sort()).toEqual(site.issues.filter((i) => i.sprints.includes(active.id)).map((i) => i.key).sort());
    for (const i of issues.json.issues) expect(i.fields.sprint.id).toBe(active.id);
    const filtered = await call('GET', `/rest/agile/1.0/sprint/${active.id}/issue?jql=${q('issuetype = Bug')}`);
    for (const i of filtered.json.issues) expect(i.fields.issuetype.name).toBe('Bug');
  });
});

describe('Jira emulator: options', () => {
  it('injects 429s with Retry-After and Jira rate-limit headers, and 500s', async () => {
    const em = createJiraEmulator(site, { faults: { rateLimitEvery: 2, retryAfterSeconds: 3, serverErrorEvery: 5 } });
    const s = await em.listen();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await fetch(`${s.url}/rest/api/3/myself`);
        statuses.push(r.status);
        if (r.status === 429) {
          expect(r.headers.get('retry-after')).toBe('3');
          expect(r.headers.get('ratelimit-reason')).toBe('jira-burst-based');
          expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
        }
        await r.text();
      }
      expect(statuses).toEqual([200, 429, 200, 429, 500]);
    } finally { await s.close(); }
  });

  it('can require credentials and report permissions as configured', async () => {
    const em = createJiraEmulator(site, { requireAuth: true, permissions: { ADMINISTER: false } });
    const s = await em.listen();
    try {
      expect((await fetch(`${s.url}/rest/api/3/myself`)).status).toBe(401);
      const r = await fetch(`${s.url}/rest/api/3/mypermissions?permissions=ADMINISTER`, { headers: { authorization: 'Basic eDp5' } });
      expect((await r.json()).permissions.ADMINISTER.havePermission).toBe(false);
    } finally { await s.close(); }
  });

  it('mounts under a path prefix inside another node:http server, with self links under it', async () => {
    const em = createJiraEmulator(site, { pathPrefix: '/jira' });
    const host = createServer((req, res) => {
      if (req.url?.startsWith('/jira/')) void em.handler(req, res);
      else { res.writeHead(200); res.end('app'); }
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    try {
      const r = await fetch(`${base}/jira/rest/api/3/issue/FRAUD-1?fields=summary`);
      expect((await r.json()).self).toBe(`${base}/jira/rest/api/3/issue/${site.issues.find((i) => i.key === 'FRAUD-1')!.id}`);
    } finally {
      await new Promise<void>((r) => { host.close(() => r()); host.closeAllConnections(); });
    }
  });
});
