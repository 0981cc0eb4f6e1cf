#!/usr/bin/env node
/**
 * Extracts from Atlassian's published Jira OpenAPI files only the operations the
 * local Jira emulator (src/local/jira-emulator) serves, plus the component schemas
 * they reach through $ref, into test/fixtures/jira-openapi/. The tests validate the
 * emulator's responses against these subsets, so the repository stands alone.
 *
 * Usage: node scripts/extract-openapi-subset.mjs [DIR_WITH_SPECS]
 *   DIR_WITH_SPECS holds swagger-v3.v3.json (platform) and software-swagger.v3.json
 *   (Jira Software); default ../shared/data/jira-openapi (see SOURCES.md there).
 *
 * Upstream text is copied verbatim, with one documented exception: where the
 * Jira Software spec gives a 200 response only as an example (no schema), a schema
 * built from that spec's own components is added and marked `x-converge-added`.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = resolve(process.argv[2] ?? join(root, '..', 'shared', 'data', 'jira-openapi'));
const outDir = join(root, 'test', 'fixtures', 'jira-openapi');

const PLATFORM = {
  file: 'swagger-v3.v3.json',
  out: 'platform-subset.json',
  ops: {
    '/rest/api/3/search/jql': ['get', 'post'],
    '/rest/api/3/search': ['get', 'post'],
    '/rest/api/3/issue/{issueIdOrKey}': ['get'],
    '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}': ['get', 'put', 'delete'],
    '/rest/api/3/issue/bulkfetch': ['post'],
    '/rest/api/3/issueLinkType': ['get'],
    '/rest/api/3/status': ['get'],
    '/rest/api/3/field': ['get'],
    '/rest/api/3/myself': ['get'],
    '/rest/api/3/mypermissions': ['get'],
    '/rest/api/3/project/{projectIdOrKey}': ['get'],
    '/rest/api/3/project/search': ['get'],
    '/rest/api/3/changelog/bulkfetch': ['post'],
  },
  // Issue field values are `additionalProperties: {}` in IssueBean; the tests check the
  // fields the app reads against these component schemas, so keep them too.
  extraSchemas: ['ErrorCollection', 'IssueLink', 'StatusDetails', 'IssueTypeDetails', 'UserDetails', 'Priority',
    'Resolution', 'TimeTrackingDetails', 'IssueLinkType', 'LinkedIssue', 'Fields'],
};

const SOFTWARE = {
  file: 'software-swagger.v3.json',
  out: 'software-subset.json',
  ops: {
    '/rest/agile/1.0/board': ['get'],
    '/rest/agile/1.0/board/{boardId}/configuration': ['get'],
    '/rest/agile/1.0/board/{boardId}/sprint': ['get'],
    '/rest/agile/1.0/sprint/{sprintId}': ['get'],
    '/rest/agile/1.0/sprint/{sprintId}/issue': ['get'],
  },
  extraSchemas: ['SprintBean', 'SearchResults'],
  // 200 responses the spec documents only by example: the schema we validate against.
  added: {
    '/rest/agile/1.0/board/{boardId}/sprint': {
      type: 'object', additionalProperties: false,
      properties: {
        maxResults: { type: 'integer', format: 'int32' }, startAt: { type: 'integer', format: 'int64' },
        total: { type: 'integer', format: 'int64' }, isLast: { type: 'boolean' },
        values: { type: 'array', items: { $ref: '#/components/schemas/SprintBean' } },
      },
    },
    '/rest/agile/1.0/sprint/{sprintId}': { $ref: '#/components/schemas/SprintBean' },
    '/rest/agile/1.0/sprint/{sprintId}/issue': { $ref: '#/components/schemas/SearchResults' },
  },
};

function refsIn(node, found) {
  if (Array.isArray(node)) for (const x of node) refsIn(x, found);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) found.add(v.slice(21));
      else refsIn(v, found);
    }
  }
  return found;
}

function extract(def) {
  const text = readFileSync(join(srcDir, def.file), 'utf8');
  const spec = JSON.parse(text);
  const paths = {};
  for (const [path, methods] of Object.entries(def.ops)) {
    const item = spec.paths[path];
    if (!item) throw new Error(`${def.file}: no path ${path}`);
    paths[path] = {};
    for (const m of methods) {
      if (!item[m]) throw new Error(`${def.file}: no ${m.toUpperCase()} ${path}`);
      const op = structuredClone(item[m]);
      const added = def.added?.[path];
      const ok = op.responses?.['200'];
      if (added && ok && !ok.content?.['application/json']?.schema) {
        ok.content = ok.content ?? {};
        ok.content['application/json'] = { ...(ok.content['application/json'] ?? {}), schema: { ...added, 'x-converge-added': true } };
      }
      paths[path][m] = op;
    }
  }
  const wanted = refsIn(paths, new Set(def.extraSchemas));
  const schemas = {};
  const queue = [...wanted];
  while (queue.length) {
    const name = queue.pop();
    if (schemas[name]) continue;
    const s = spec.components.schemas[name];
    if (!s) throw new Error(`${def.file}: no component schema ${name}`);
    schemas[name] = s;
    for (const r of refsIn(s, new Set())) if (!schemas[r]) queue.push(r);
  }
  const sorted = Object.fromEntries(Object.keys(schemas).sort().map((k) => [k, schemas[k]]));
  const subset = {
    openapi: spec.openapi,
    info: { ...spec.info, 'x-converge-subset-of': { file: def.file, sha256: createHash('sha256').update(text).digest('hex') } },
    paths,
    components: { schemas: sorted },
  };
  writeFileSync(join(outDir, def.out), JSON.stringify(subset, null, 1) + '\n');
  console.log(`${def.out}: ${Object.keys(paths).length} paths, ${Object.keys(sorted).length} schemas`);
}

mkdirSync(outDir, { recursive: true });
extract(PLATFORM);
extract(SOFTWARE);
