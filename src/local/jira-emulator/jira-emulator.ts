/**
 * createJiraEmulator: a local stand-in for the Jira Cloud REST endpoints Converge
 * calls, serving a SampleSite from memory over plain node:http (no framework).
 *
 * Served (response shapes checked against Atlassian's OpenAPI definitions in
 * test/fixtures/jira-openapi/):
 *   GET|POST /rest/api/3/search/jql          JQL subset (parse-jql.ts), fields (default id only),
 *                                            properties, expand, maxResults, nextPageToken / isLast
 *   GET|POST /rest/api/3/search              410 Gone, as on Jira Cloud since 2025
 *   GET      /rest/api/3/issue/{key}         fields (default *all), properties, expand=changelog,names,schema
 *   GET      /rest/api/3/issue/{key}/properties[/{propertyKey}]; PUT, DELETE a property (kept in memory)
 *   POST     /rest/api/3/issue/bulkfetch     up to 100 issues
 *   POST     /rest/api/3/changelog/bulkfetch up to 1000 issues, fieldIds filter, paged
 *   GET      /rest/api/3/issueLinkType, /status, /field, /myself, /mypermissions, /project/{key}, /project/search
 *   GET      /rest/agile/1.0/board, /board/{id}/configuration, /board/{id}/sprint,
 *            /sprint/{id}, /sprint/{id}/issue
 * Anything else: 404 (405 for a known path with another method), with Jira's
 * `{ errorMessages, errors }` body. Self links use the emulator's own base URL.
 *
 * State: the emulator works on its own deep copy of the site; property writes live
 * as long as the emulator and are reported to `onChange`. Faults can be injected
 * for client tests: every n-th request answered 429 (Retry-After and Jira's
 * rate-limit headers) or 500, and a fixed latency.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SampleSite, SampleIssue } from '../sample-site/sample-site-types';
import { indexSite, findIssue, findProject, type SiteIndex } from './site-index';
import { parseJql, JqlError } from './parse-jql';
import { compileJql } from './evaluate-jql';
import {
  renderIssue, renderStatus, renderUser, renderIssueType, renderSprintBean, renderHistory, avatarUrls, selectFields, selectProperties,
  listParam, type RenderContext, type IssueSelection,
} from './render-issue';

export interface JiraEmulatorFaults {
  /** Answer every n-th request (1-based count) with 429 Too Many Requests. */
  rateLimitEvery?: number;
  /** Retry-After on those 429s, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** Answer every n-th request with 500. */
  serverErrorEvery?: number;
  /** Delay every response by this many milliseconds. */
  latencyMs?: number;
}

export type JiraEmulatorChange =
  | { type: 'issue-property-set'; issueKey: string; propertyKey: string; value: unknown; created: boolean }
  | { type: 'issue-property-deleted'; issueKey: string; propertyKey: string };

export interface JiraEmulatorOptions {
  /** Base URL for self links (default: http:// + the request's Host header + pathPrefix). */
  baseUrl?: string;
  /** Serve under this path prefix (e.g. '/jira'), for mounting inside another server. */
  pathPrefix?: string;
  /** Answer 401 when a request carries no Authorization header (default false: any or no credentials). */
  requireAuth?: boolean;
  /** havePermission per permission key for /mypermissions (default: every known key true). */
  permissions?: Record<string, boolean>;
  /** The clock for relative JQL dates (default: the site's `now`). */
  now?: () => Date;
  faults?: JiraEmulatorFaults;
  onChange?: (change: JiraEmulatorChange) => void;
}

export interface JiraEmulatorServer {
  url: string;
  close(): Promise<void>;
}

export interface JiraEmulator {
  /** A node:http request handler; resolves when the response has been sent. */
  handler(req: IncomingMessage, res: ServerResponse): Promise<void>;
  listen(port?: number, host?: string): Promise<JiraEmulatorServer>;
  /** The emulator's live copy of the site (property writes show here). */
  readonly site: SampleSite;
  /** Requests received so far. */
  readonly requestCount: number;
}

/** Jira's permission keys the app may ask about (id, name, type). */
export const KNOWN_PERMISSIONS: Record<string, { id: string; name: string; type: 'GLOBAL' | 'PROJECT'; description: string }> = {
  ADMINISTER: { id: '0', name: 'Administer Jira', type: 'GLOBAL', description: 'Create and administer projects, issue types, fields, workflows and schemes.' },
  SYSTEM_ADMIN: { id: '44', name: 'Jira System Administrators', type: 'GLOBAL', description: 'Ability to perform all administration functions.' },
  USER_PICKER: { id: '27', name: 'Browse users and groups', type: 'GLOBAL', description: 'View and select users or groups from the user picker.' },
  BROWSE_PROJECTS: { id: '10', name: 'Browse Projects', type: 'PROJECT', description: 'Ability to browse projects and the issues within them.' },
  CREATE_ISSUES: { id: '11', name: 'Create Issues', type: 'PROJECT', description: 'Ability to create issues.' },
  EDIT_ISSUES: { id: '12', name: 'Edit Issues', type: 'PROJECT', description: 'Ability to edit issues.' },
  ASSIGN_ISSUES: { id: '13', name: 'Assign Issues', type: 'PROJECT', description: 'Ability to assign issues to other people.' },
  LINK_ISSUES: { id: '21', name: 'Link Issues', type: 'PROJECT', description: 'Ability to link issues together.' },
  ADMINISTER_PROJECTS: { id: '23', name: 'Administer Projects', type: 'PROJECT', description: 'Ability to administer a project in Jira.' },
  SCHEDULE_ISSUES: { id: '28', name: 'Schedule Issues', type: 'PROJECT', description: 'Ability to view or edit an issue\'s due date.' },
  TRANSITION_ISSUES: { id: '46', name: 'Transition Issues', type: 'PROJECT', description: 'Ability to transition issues.' },
  MANAGE_SPRINTS_PERMISSION: { id: '-1', name: 'Manage sprints', type: 'PROJECT', description: 'Ability to manage sprints.' },
};

const MAX_PROPERTY_LENGTH = 32_768;
const MAX_BODY_BYTES = 2 * 1024 * 1024;

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) { super(message); }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) { reject(new HttpError(413, 'Request entity too large.')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function jsonBody(text: string): Record<string, unknown> {
  if (!text.trim()) throw new HttpError(400, 'A request body is required.');
  let v: unknown;
  try { v = JSON.parse(text); } catch { throw new HttpError(400, 'Invalid request payload. Refer to the REST API documentation and try again.'); }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
  return v as Record<string, unknown>;
}

function stringList(body: Record<string, unknown>, name: string): string[] {
  const v = body[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new HttpError(400, `Invalid request payload: '${name}' must be a list of strings.`);
  return listParam(v);
}

function intParam(raw: unknown, name: string, dflt: number, min: number, max: number): number {
  if (raw === undefined || raw === null || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new HttpError(400, `The value '${String(raw)}' is invalid for '${name}'.`);
  if (n < min) throw new HttpError(400, `'${name}' must be at least ${min}.`);
  return Math.min(n, max);
}

/** FNV-1a of the query, so a page token cannot be replayed against another query. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h.toString(36);
}
const makeToken = (offset: number, scope: string): string => Buffer.from(JSON.stringify({ o: offset, h: hash(scope) })).toString('base64url');
function readToken(token: unknown, scope: string): number {
  if (token === undefined || token === null || token === '') return 0;
  try {
    const t = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { o?: unknown; h?: unknown };
    if (Number.isInteger(t.o) && (t.o as number) >= 0 && t.h === hash(scope)) return t.o as number;
  } catch { /* fall through */ }
  throw new HttpError(400, 'The nextPageToken is invalid or does not belong to this query.');
}

export function createJiraEmulator(site: SampleSite, opts: JiraEmulatorOptions = {}): JiraEmulator {
  const own: SampleSite = structuredClone(site);
  const ix: SiteIndex = indexSite(own);
  const prefix = (opts.pathPrefix ?? '').replace(/\/+$/, '');
  let count = 0;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      ...(body === undefined ? {} : { 'content-type': 'application/json;charset=UTF-8' }),
      'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-cache, no-store, no-transform', ...headers,
    });
    res.end(text);
  };
  const error = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void =>
    send(res, status, { errorMessages: [message], errors: {} }, headers);

  const issueOr404 = (idOrKey: string): SampleIssue => {
    const issue = findIssue(ix, decodeURIComponent(idOrKey));
    if (!issue) throw new HttpError(404, 'Issue does not exist or you do not have permission to see it.');
    return issue;
  };

  /** Runs a JQL query; throws HttpError(400) in Jira's words for bad or unbounded JQL. */
  const runJql = (jql: string, bounded: boolean): SampleIssue[] => {
    try {
      const q = parseJql(jql);
      if (bounded && !q.where) throw new JqlError('Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
      const c = compileJql(q, ix, own.currentUser);
      return ix.ordered.filter((i) => c.match(i)).sort((a, b) => c.compare(a, b));
    } catch (e) {
      if (e instanceof JqlError) throw new HttpError(400, e.message);
      throw e;
    }
  };

  type Handler = (ctx: RenderContext, m: RegExpMatchArray, url: URL, req: IncomingMessage) => Promise<[number, unknown, Record<string, string>?]>;
  const routes: Array<{ method: string; re: RegExp; fn: Handler }> = [];
  const route = (method: string, re: RegExp, fn: Handler): void => { routes.push({ method, re, fn }); };

  // ------------------------------------------------------------------ search
  const search = (ctx: RenderContext, p: {
    jql: string; token: unknown; maxResults: unknown; fields: string[]; expand: string[]; properties: string[];
  }): [number, unknown] => {
    const fields = selectFields(ctx, p.fields, 'id');
    const cap = fields === null && !p.properties.length ? 5000 : 100;
    const max = intParam(p.maxResults, 'maxResults', 50, 0, cap);
    const found = runJql(p.jql, true);
    const offset = readToken(p.token, p.jql);
    const page = found.slice(offset, offset + max);
    const sel: IssueSelection = { fields, properties: selectProperties(p.properties), expand: new Set(p.expand) };
    const issues = page.map((i) => renderIssue(ctx, i, sel));
    const isLast = offset + page.length >= found.length;
    const out: Record<string, unknown> = { issues, isLast };
    if (!isLast) out.nextPageToken = makeToken(offset + page.length, p.jql);
    if (sel.expand.has('names') && fields) out.names = Object.fromEntries([...fields].map((id) => [id, own.fields.find((f) => f.id === id)?.name ?? id]));
    return [200, out];
  };
  route('GET', /^\/rest\/api\/3\/search\/jql$/, async (ctx, _m, url) => search(ctx, {
    jql: url.searchParams.get('jql') ?? '', token: url.searchParams.get('nextPageToken'), maxResults: url.searchParams.get('maxResults') ?? undefined,
    fields: listParam(url.searchParams.getAll('fields')), expand: listParam(url.searchParams.getAll('expand')),
    properties: listParam(url.searchParams.getAll('properties')),
  }));
  route('POST', /^\/rest\/api\/3\/search\/jql$/, async (ctx, _m, _url, req) => {
    const body = jsonBody(await readBody(req));
    if (body.jql !== undefined && typeof body.jql !== 'string') throw new HttpError(400, "Invalid request payload: 'jql' must be a string.");
    if (body.expand !== undefined && typeof body.expand !== 'string') throw new HttpError(400, "Invalid request payload: 'expand' must be a comma-separated string.");
    return search(ctx, {
      jql: (body.jql as string | undefined) ?? '', token: body.nextPageToken, maxResults: body.maxResults,
      fields: stringList(body, 'fields'), expand: listParam(body.expand), properties: stringList(body, 'properties'),
    });
  });
  const gone: Handler = async () => {
    throw new HttpError(410, 'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046');
  };
  for (const method of ['GET', 'POST']) route(method, /^\/rest\/api\/[23]\/search$/, gone);

  // ------------------------------------------------------------------ issues and properties
  route('GET', /^\/rest\/api\/3\/issue\/([^/]+)$/, async (ctx, m, url) => {
    const issue = issueOr404(m[1]);
    const sel: IssueSelection = {
      fields: selectFields(ctx, listParam(url.searchParams.getAll('fields')), '*all'),
      properties: selectProperties(listParam(url.searchParams.getAll('properties'))),
      expand: new Set(listParam(url.searchParams.getAll('expand'))),
    };
    return [200, renderIssue(ctx, issue, sel)];
  });
  route('GET', /^\/rest\/api\/3\/issue\/([^/]+)\/properties$/, async (ctx, m) => {
    const issue = issueOr404(m[1]);
    return [200, { keys: Object.keys(issue.properties).map((k) => ({ key: k, self: `${ctx.base}/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(k)}` })) }];
  });
  route('GET', /^\/rest\/api\/3\/issue\/([^/]+)\/properties\/([^/]+)$/, async (_ctx, m) => {
    const issue = issueOr404(m[1]);
    const key = decodeURIComponent(m[2]);
    if (!(key in issue.properties)) throw new HttpError(404, `The property with key '${key}' does not exist.`);
    return [200, { key, value: structuredClone(issue.properties[key]) }];
  });
  route('PUT', /^\/rest\/api\/3\/issue\/([^/]+)\/properties\/([^/]+)$/, async (_ctx, m, _url, req) => {
    const issue = issueOr404(m[1]);
    const key = decodeURIComponent(m[2]);
    const text = await readBody(req);
    if (key.length > 255) throw new HttpError(400, 'The property key cannot be longer than 255 characters.');
    if (text.length > MAX_PROPERTY_LENGTH) throw new HttpError(400, `The property value cannot be longer than ${MAX_PROPERTY_LENGTH} characters.`);
    let value: unknown;
    try { value = JSON.parse(text); } catch { throw new HttpError(400, 'The property value must be valid JSON.'); }
    const created = !(key in issue.properties);
    issue.properties[key] = value;
    opts.onChange?.({ type: 'issue-property-set', issueKey: issue.key, propertyKey: key, value: structuredClone(value), created });
    return [created ? 201 : 200, undefined];
  });
  route('DELETE', /^\/rest\/api\/3\/issue\/([^/]+)\/properties\/([^/]+)$/, async (_ctx, m) => {
    const issue = issueOr404(m[1]);
    const key = decodeURIComponent(m[2]);
    if (!(key in issue.properties)) throw new HttpError(404, `The property with key '${key}' does not exist.`);
    delete issue.properties[key];
    opts.onChange?.({ type: 'issue-property-deleted', issueKey: issue.key, propertyKey: key });
    return [204, undefined];
  });
  route('POST', /^\/rest\/api\/3\/issue\/bulkfetch$/, async (ctx, _m, _url, req) => {
    const body = jsonBody(await readBody(req));
    const ids = stringList(body, 'issueIdsOrKeys');
    if (!ids.length) throw new HttpError(400, 'issueIdsOrKeys must contain at least one issue id or key.');
    if (ids.length > 100) throw new HttpError(400, 'issueIdsOrKeys must contain at most 100 issue ids or keys.');
    const sel: IssueSelection = {
      fields: selectFields(ctx, stringList(body, 'fields'), '*all') ?? selectFields(ctx, ['*navigable'], '*all'),
      properties: selectProperties(stringList(body, 'properties')),
      expand: new Set(stringList(body, 'expand')),
    };
    const seen = new Set<string>();
    const issues: unknown[] = [];
    for (const id of ids) {
      const issue = findIssue(ix, id);
      // Unknown or invisible issues are simply left out, as the API documents.
      if (issue && !seen.has(issue.id)) { seen.add(issue.id); issues.push(renderIssue(ctx, issue, sel)); }
    }
    return [200, { issues, issueErrors: [] }];
  });
  route('POST', /^\/rest\/api\/3\/changelog\/bulkfetch$/, async (ctx, _m, _url, req) => {
    const body = jsonBody(await readBody(req));
    const ids = stringList(body, 'issueIdsOrKeys');
    if (!ids.length || ids.length > 1000) throw new HttpError(400, 'issueIdsOrKeys must contain between 1 and 1000 issue ids or keys.');
    const fieldIds = new Set(stringList(body, 'fieldIds'));
    if (fieldIds.size > 10) throw new HttpError(400, 'fieldIds must contain at most 10 field ids.');
    const max = intParam(body.maxResults, 'maxResults', 1000, 1, 10_000);
    const issues: SampleIssue[] = [];
    for (const id of ids) { const i = findIssue(ix, id); if (i && !issues.includes(i)) issues.push(i); }
    // One flat list of (issue, history) in issue order, oldest history first; pages cut it by maxResults histories.
    const flat: Array<{ issue: SampleIssue; h: Record<string, unknown> }> = [];
    for (const issue of issues) {
      for (const h of issue.changelog) {
        const items = fieldIds.size ? h.items.filter((it) => fieldIds.has(it.fieldId)) : h.items;
        if (items.length) flat.push({ issue, h: renderHistory(ctx, { ...h, items }) });
      }
    }
    const scope = `changelog:${ids.join(',')}|${[...fieldIds].join(',')}`;
    const offset = readToken(body.nextPageToken, scope);
    const page = flat.slice(offset, offset + max);
    const issueChangeLogs: Array<{ issueId: string; changeHistories: unknown[] }> = [];
    for (const { issue, h } of page) {
      const last = issueChangeLogs[issueChangeLogs.length - 1];
      if (last && last.issueId === issue.id) last.changeHistories.push(h);
      else issueChangeLogs.push({ issueId: issue.id, changeHistories: [h] });
    }
    const out: Record<string, unknown> = { issueChangeLogs };
    if (offset + page.length < flat.length) out.nextPageToken = makeToken(offset + page.length, scope);
    return [200, out];
  });

  // ------------------------------------------------------------------ site metadata
  route('GET', /^\/rest\/api\/3\/issueLinkType$/, async (ctx) => [200, {
    issueLinkTypes: own.linkTypes.map((t) => ({ id: t.id, name: t.name, inward: t.inward, outward: t.outward, self: `${ctx.base}/rest/api/3/issueLinkType/${t.id}` })),
  }]);
  // GET /rest/api/3/status: every status with its category (a plain array, as Jira answers).
  route('GET', /^\/rest\/api\/3\/status$/, async (ctx) => [200, [...ix.statusByName.keys()].map((name) => renderStatus(ctx, name))]);
  route('GET', /^\/rest\/api\/3\/field$/, async () => [200, own.fields.map((f) => ({
    id: f.id, key: f.id, name: f.name, custom: f.custom, orderable: f.orderable, navigable: f.navigable, searchable: f.searchable,
    clauseNames: [...f.clauseNames], ...(f.schema ? { schema: { ...f.schema } } : {}),
  }))]);
  const myself = (ctx: RenderContext): Record<string, unknown> => {
    const u = ix.userById.get(own.currentUser)!;
    return {
      ...renderUser(ctx, u), locale: 'en_US',
      groups: { size: 2, items: [] }, applicationRoles: { size: 1, items: [] }, expand: 'groups,applicationRoles',
    };
  };
  route('GET', /^\/rest\/api\/3\/myself$/, async (ctx) => [200, myself(ctx)]);
  route('GET', /^\/rest\/api\/3\/mypermissions$/, async (_ctx, _m, url) => {
    const keys = listParam(url.searchParams.getAll('permissions'));
    if (!keys.length) throw new HttpError(400, "The 'permissions' query parameter is required.");
    const projectKey = url.searchParams.get('projectKey') ?? url.searchParams.get('projectId');
    if (projectKey && !findProject(ix, projectKey)) throw new HttpError(404, `No project could be found with key '${projectKey}'.`);
    const issueKey = url.searchParams.get('issueKey') ?? url.searchParams.get('issueId');
    if (issueKey && !findIssue(ix, issueKey)) throw new HttpError(404, `Issue does not exist or you do not have permission to see it.`);
    const permissions: Record<string, unknown> = {};
    for (const k of keys) {
      const p = KNOWN_PERMISSIONS[k];
      if (!p) throw new HttpError(400, `Invalid permission key: ${k}.`);
      permissions[k] = { id: p.id, key: k, name: p.name, type: p.type, description: p.description, havePermission: opts.permissions?.[k] ?? true };
    }
    return [200, { permissions }];
  });
  const project = (ctx: RenderContext, key: string, full: boolean): Record<string, unknown> => {
    const p = findProject(ix, key)!;
    const lead = ix.userById.get(p.lead)!;
    return {
      expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
      self: `${ctx.base}/rest/api/3/project/${p.id}`, id: p.id, key: p.key, name: p.name,
      avatarUrls: avatarUrls(ctx.base, 'project', p.id), projectTypeKey: 'software', simplified: false, style: 'classic', isPrivate: false,
      ...(p.category ? { projectCategory: { self: `${ctx.base}/rest/api/3/projectCategory/10000`, id: '10000', description: p.category, name: p.category } } : {}),
      ...(full ? {
        description: p.description,
        lead: { self: `${ctx.base}/rest/api/3/user?accountId=${encodeURIComponent(lead.accountId)}`, accountId: lead.accountId,
          avatarUrls: avatarUrls(ctx.base, 'user', lead.accountId), displayName: lead.displayName, active: true },
        components: [], issueTypes: own.issueTypes.map((t) => renderIssueType(ctx, t.name)), assigneeType: 'UNASSIGNED', versions: [],
        roles: {}, properties: {},
      } : {}),
    };
  };
  route('GET', /^\/rest\/api\/3\/project\/search$/, async (ctx, _m, url) => {
    const startAt = intParam(url.searchParams.get('startAt') ?? undefined, 'startAt', 0, 0, Number.MAX_SAFE_INTEGER);
    const max = intParam(url.searchParams.get('maxResults') ?? undefined, 'maxResults', 50, 1, 100);
    const keys = new Set(listParam(url.searchParams.getAll('keys')).map((k) => k.toUpperCase()));
    const ids = new Set(listParam(url.searchParams.getAll('id')));
    const query = (url.searchParams.get('query') ?? '').toLowerCase();
    const all = own.projects
      .filter((p) => (!keys.size && !ids.size) || keys.has(p.key) || ids.has(p.id))
      .filter((p) => !query || p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query))
      .sort((a, b) => a.key.localeCompare(b.key));
    const values = all.slice(startAt, startAt + max).map((p) => project(ctx, p.key, false));
    const isLast = startAt + values.length >= all.length;
    const self = `${ctx.base}/rest/api/3/project/search?startAt=${startAt}&maxResults=${max}`;
    return [200, {
      self, maxResults: max, startAt, total: all.length, isLast, values,
      ...(isLast ? {} : { nextPage: `${ctx.base}/rest/api/3/project/search?startAt=${startAt + max}&maxResults=${max}` }),
    }];
  });
  route('GET', /^\/rest\/api\/3\/project\/([^/]+)$/, async (ctx, m) => {
    const key = decodeURIComponent(m[1]);
    if (!findProject(ix, key)) throw new HttpError(404, `No project could be found with key '${key}'.`);
    return [200, project(ctx, key, true)];
  });

  // ------------------------------------------------------------------ Jira Software (agile)
  const boardOr404 = (id: string) => {
    const b = own.boards.find((x) => String(x.id) === id);
    if (!b) throw new HttpError(404, `Board does not exist or you do not have permission to see it.`);
    return b;
  };
  const sprintOr404 = (id: string) => {
    const s = ix.sprintById.get(Number(id));
    if (!s || !/^\d+$/.test(id)) throw new HttpError(404, `Sprint with id ${id} does not exist or you do not have permission to see it.`);
    return s;
  };
  const page = <T>(url: URL, all: T[]): { startAt: number; maxResults: number; values: T[]; isLast: boolean; total: number } => {
    const startAt = intParam(url.searchParams.get('startAt') ?? undefined, 'startAt', 0, 0, Number.MAX_SAFE_INTEGER);
    const maxResults = intParam(url.searchParams.get('maxResults') ?? undefined, 'maxResults', 50, 1, 50);
    const values = all.slice(startAt, startAt + maxResults);
    return { maxResults, startAt, total: all.length, isLast: startAt + values.length >= all.length, values };
  };
  route('GET', /^\/rest\/agile\/1\.0\/board$/, async (ctx, _m, url) => {
    const pk = url.searchParams.get('projectKeyOrId');
    const proj = pk ? findProject(ix, pk) : undefined;
    if (pk && !proj) throw new HttpError(400, `No project could be found with key or id '${pk}'.`);
    const type = url.searchParams.get('type');
    const name = (url.searchParams.get('name') ?? '').toLowerCase();
    const boards = own.boards.filter((b) => (!proj || b.projectKey === proj.key) && (!type || listParam(type).includes(b.type))
      && (!name || b.name.toLowerCase().includes(name)));
    const p = page(url, boards);
    return [200, {
      ...p,
      values: p.values.map((b) => {
        const bp = ix.projectByKey.get(b.projectKey)!;
        return {
          id: b.id, self: `${ctx.base}/rest/agile/1.0/board/${b.id}`, name: b.name, type: b.type,
          location: { projectId: Number(bp.id), displayName: `${bp.name} (${bp.key})`, projectName: bp.name, projectKey: bp.key,
            projectTypeKey: 'software', avatarURI: `${ctx.base}/secure/projectavatar?size=small&pid=${bp.id}`, name: `${bp.name} (${bp.key})` },
        };
      }),
    }];
  });
  route('GET', /^\/rest\/agile\/1\.0\/board\/([^/]+)\/configuration$/, async (ctx, m) => {
    const b = boardOr404(m[1]);
    const bp = ix.projectByKey.get(b.projectKey)!;
    const column = (name: string, statusNames: string[]) => ({
      name, statuses: statusNames.map((s) => { const st = ix.statusByName.get(s)!; return { id: st.id, self: `${ctx.base}/rest/api/3/status/${st.id}` }; }),
    });
    return [200, {
      id: b.id, name: b.name, type: b.type, self: `${ctx.base}/rest/agile/1.0/board/${b.id}/configuration`,
      location: { type: 'project', projectKeyOrId: bp.id },
      filter: { id: String(10000 + b.id), self: `${ctx.base}/rest/api/3/filter/${10000 + b.id}` },
      subQuery: { query: 'resolution = EMPTY OR resolution changed after -2w' },
      columnConfig: { columns: [column('To Do', ['To Do']), column('In Progress', ['In Progress']), column('In Review', ['In Review']), column('Done', ['Done'])], constraintType: 'none' },
      estimation: { type: 'field', field: { fieldId: 'customfield_10016', displayName: 'Story Points' } },
      ranking: { rankCustomFieldId: 10019 },
    }];
  });
  route('GET', /^\/rest\/agile\/1\.0\/board\/([^/]+)\/sprint$/, async (ctx, m, url) => {
    const b = boardOr404(m[1]);
    const states = listParam(url.searchParams.getAll('state'));
    for (const s of states) if (!['future', 'active', 'closed'].includes(s)) throw new HttpError(400, `Unknown sprint state: ${s}. Valid values: future, active, closed.`);
    const order = { closed: 0, active: 1, future: 2 } as const;
    const sprints = own.sprints.filter((s) => s.boardId === b.id && (!states.length || states.includes(s.state)))
      .sort((a, c) => order[a.state] - order[c.state] || a.id - c.id);
    const p = page(url, sprints);
    return [200, { ...p, values: p.values.map((s) => renderSprintBean(ctx, s)) }];
  });
  route('GET', /^\/rest\/agile\/1\.0\/sprint\/([^/]+)$/, async (ctx, m) => [200, renderSprintBean(ctx, sprintOr404(m[1]))]);
  route('GET', /^\/rest\/agile\/1\.0\/sprint\/([^/]+)\/issue$/, async (ctx, m, url) => {
    const s = sprintOr404(m[1]);
    const extra = url.searchParams.get('jql');
    const inSprint = ix.ordered.filter((i) => i.sprints.includes(s.id));
    const matching = extra ? new Set(runJql(extra, false)) : null;
    // Board order: by rank.
    const all = inSprint.filter((i) => !matching || matching.has(i)).sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
    const p = page(url, all);
    const sel: IssueSelection = {
      fields: selectFields(ctx, listParam(url.searchParams.getAll('fields')), '*all', true),
      properties: null, expand: new Set(listParam(url.searchParams.getAll('expand'))), agile: true,
    };
    return [200, { expand: 'schema,names', startAt: p.startAt, maxResults: p.maxResults, total: p.total, issues: p.values.map((i) => renderIssue(ctx, i, sel)) }];
  });

  // ------------------------------------------------------------------ dispatch
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const n = ++count;
    try {
      const url = new URL(req.url ?? '/', 'http://emulator.invalid');
      let path = url.pathname;
      if (prefix) {
        if (!path.startsWith(`${prefix}/`)) throw new HttpError(404, `No API endpoint matches ${req.method} ${path}`);
        path = path.slice(prefix.length);
      }
      path = path.replace(/\/+$/, '') || '/';
      const f = opts.faults;
      if (f?.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
      if (f?.rateLimitEvery && n % f.rateLimitEvery === 0) {
        const wait = f.retryAfterSeconds ?? 1;
        const nowMs = (opts.now?.() ?? new Date()).getTime();
        throw new HttpError(429, 'Rate limit exceeded.', {
          'retry-after': String(wait), 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': new Date(nowMs + wait * 1000).toISOString(), 'ratelimit-reason': 'jira-burst-based',
        });
      }
      if (f?.serverErrorEvery && n % f.serverErrorEvery === 0) throw new HttpError(500, 'Internal server error (injected fault).');
      if (opts.requireAuth && !req.headers.authorization) throw new HttpError(401, 'Client must be authenticated to access this resource.');
      ix.nowMs = opts.now ? opts.now().getTime() : Date.parse(own.now);
      const base = (opts.baseUrl ?? `http://${req.headers.host ?? '127.0.0.1'}${prefix}`).replace(/\/+$/, '');
      const ctx: RenderContext = { ix, base };
      const candidates = routes.filter((r) => r.re.test(path));
      const hit = candidates.find((r) => r.method === req.method);
      if (!hit) {
        if (candidates.length) throw new HttpError(405, `Method ${req.method} is not allowed on ${path}.`, { allow: [...new Set(candidates.map((r) => r.method))].join(', ') });
        throw new HttpError(404, `No API endpoint matches ${req.method} ${path}.`);
      }
      const [status, body, headers] = await hit.fn(ctx, path.match(hit.re)!, url, req);
      send(res, status, body, headers);
    } catch (e) {
      if (e instanceof HttpError) error(res, e.status, e.message, e.headers);
      else error(res, 500, `Internal emulator error: ${(e as Error).message}`);
    }
  };

  return {
    handler,
    async listen(port = 0, host = '127.0.0.1'): Promise<JiraEmulatorServer> {
      const server = createServer((req, res) => { void handler(req, res); });
      await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, host, resolve); });
      const addr = server.address() as AddressInfo;
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}${prefix}`;
      return {
        url,
        close: () => new Promise<void>((resolve, reject) => {
          server.close((err) => (err ? reject(err) : resolve()));
          server.closeAllConnections();
        }),
      };
    },
    get site() { return own; },
    get requestCount() { return count; },
  };
}
