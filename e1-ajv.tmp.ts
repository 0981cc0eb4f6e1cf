import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
function adapt(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(adapt);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable' && k !== 'example' && k !== 'xml') out[k] = adapt(v);
  if ((node as { nullable?: boolean }).nullable) { if (typeof out.type === 'string') out.type = [out.type, 'null']; else return { anyOf: [out, { type: 'null' }] }; }
  return out;
}
const t0 = Date.now();
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv, { mode: 'fast' });
for (const f of ['int32', 'int64', 'double', 'float']) ajv.addFormat(f, true);
const spec = JSON.parse(readFileSync('test/fixtures/jira-openapi/platform-subset.json', 'utf8'));
ajv.addSchema({ $id: 'platform.json', components: adapt(spec.components), paths: adapt(spec.paths) });
console.log('added', Date.now() - t0);
const v = ajv.compile({ $ref: 'platform.json#/paths/~1rest~1api~13~1field/get/responses/200/content/application~1json/schema' });
console.log('compiled field', Date.now() - t0);
const v2 = ajv.compile({ $ref: 'platform.json#/components/schemas/IssueBean' });
console.log('compiled issuebean', Date.now() - t0);
const sw = JSON.parse(readFileSync('test/fixtures/jira-openapi/software-subset.json', 'utf8'));
ajv.addSchema({ $id: 'software.json', components: adapt(sw.components), paths: adapt(sw.paths) });
for (const [spec, p, m] of [['platform','/rest/api/3/search/jql','get'],['platform','/rest/api/3/issue/{issueIdOrKey}','get'],['platform','/rest/api/3/mypermissions','get'],['platform','/rest/api/3/project/{projectIdOrKey}','get'],['software','/rest/agile/1.0/board','get'],['software','/rest/agile/1.0/sprint/{sprintId}/issue','get']]) {
  const t = Date.now();
  ajv.compile({ $ref: `${spec}.json#/paths/${p.replace(/~/g,'~0').replace(/\//g,'~1')}/${m}/responses/200/content/application~1json/schema` });
  console.log(p, Date.now() - t);
}
import { sampleSite } from './src/local/sample-site';
import { createJiraEmulator } from './src/local/jira-emulator';
(async () => {
  const em = createJiraEmulator(sampleSite());
  const s = await em.listen();
  for (const [p, path] of [['/rest/api/3/myself', '/rest/api/3/myself'], ['/rest/api/3/issueLinkType', '/rest/api/3/issueLinkType']]) {
    const t = Date.now();
    const r = await fetch(s.url + p); const j = await r.json();
    console.log('fetched', p, Date.now() - t);
    const v = ajv.compile({ $ref: `platform.json#/paths/${path.replace(/\//g,'~1')}/get/responses/200/content/application~1json/schema` });
    console.log('compiled', Date.now() - t);
    console.log(v(j), JSON.stringify(v.errors)?.slice(0, 300), Date.now() - t);
  }
  await s.close();
})();
