/**
 * Throughput epics through the resolvers' handler (getProjectForecast) with the fake Jira:
 * project TP has an open Epic with no estimate whose 3 open stories have no estimate either,
 * and stories resolved over the last weeks (invented issues, written for this test).
 */
import { createResolvers, type ResolverDeps } from '../../src/resolvers';
import type { Envelope, ProjectForecast, ResolverDefs, ResolverKey } from '../../src/resolvers/contract';
import { MemoryStorage } from '../../src/storage/memory-storage';
import type { JiraIssue } from '../../src/jira/jira-types';
import { FakeJira } from './fake-jira';
import { ConvergeStore } from '../../src/storage/converge-store';
import { DEFAULT_SETTINGS } from '../../src/resolvers/settings';

const TODAY = '2027-01-04'; // a Monday
let n = 90000;
function issue(project: string, key: string, type: string, fields: Record<string, unknown> = {}): JiraIssue {
  return {
    key, id: String(++n),
    fields: {
      summary: `${type} ${key}`, issuetype: { name: type, ...(type === 'Epic' ? { hierarchyLevel: 1 } : { hierarchyLevel: 0 }) },
      status: { name: 'To Do', statusCategory: { key: 'new' } }, project: { key: project }, issuelinks: [], labels: [], ...fields,
    },
  } as unknown as JiraIssue;
}
const child = (project: string, key: string, epic: string) => issue(project, key, 'Story', { parent: { key: epic, fields: { issuetype: { name: 'Epic', hierarchyLevel: 1 } } } });
const resolvedOn = (project: string, key: string, date: string) => issue(project, key, 'Story', { status: { name: 'Done', statusCategory: { key: 'done' } }, resolutiondate: `${date}T15:00:00.000+0000`, resolution: { name: 'Done' } });

function setup() {
  const jira = new FakeJira({ admins: ['acc-admin'] });
  const add = (i: JiraIssue) => jira.issues.set(i.key, i);
  add(issue('TP', 'TP-1', 'Epic'));
  for (const k of ['TP-2', 'TP-3', 'TP-4']) add(child('TP', k, 'TP-1'));
  add(issue('TP', 'TP-5', 'Task', { [`customfield_10016`]: 3 }));
  // One story resolved on each working day of the 4 weeks before TODAY (2026-12-07 .. 2027-01-01).
  let d = new Date('2026-12-07T00:00:00Z');
  for (let k = 10; d.toISOString().slice(0, 10) < TODAY; d = new Date(d.getTime() + 86_400_000)) {
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
    add(resolvedOn('TP', `TP-${k++}`, d.toISOString().slice(0, 10)));
  }
  add(issue('TQ', 'TQ-1', 'Epic'));
  // TR: team 'data' resolved 12 issues in the window (its own history), team 'ml' 2 (the project's serves it).
  add(issue('TR', 'TR-1', 'Epic', { customfield_10001: { value: 'data' } }));
  for (const k of ['TR-2', 'TR-3']) add(child('TR', k, 'TR-1'));
  for (let k = 0; k < 14; k++) add({ ...resolvedOn('TR', `TR-${10 + k}`, '2026-12-1' + String(k % 5)), fields: { ...resolvedOn('TR', 'x', '2026-12-1' + String(k % 5)).fields, customfield_10001: { value: k < 12 ? 'data' : 'ml' } } } as JiraIssue);
  for (const k of ['TQ-2', 'TQ-3']) add(child('TQ', k, 'TQ-1'));
  const storage = new MemoryStorage();
  const teamSettings = () => new ConvergeStore(storage).saveSettings({ ...DEFAULT_SETTINGS, estimateFields: { ...DEFAULT_SETTINGS.estimateFields, team: 'customfield_10001' } });
  const deps: ResolverDeps = { jira: jira.client, storage, now: () => new Date(`${TODAY}T09:00:00Z`), newId: () => `id-${++n}` };
  const app = createResolvers(deps);
  async function call<K extends ResolverKey>(key: K, payload: unknown): Promise<Envelope<ResolverDefs[K]['result']>> {
    return (await app.handler({ call: { functionKey: key, payload: payload as any }, context: {} as any }, { principal: { accountId: 'acc-user' } })) as Envelope<ResolverDefs[K]['result']>;
  }
  const data = async <K extends ResolverKey>(key: K, payload: unknown) => {
    const r = await call(key, payload);
    if (!r.ok) throw new Error(`${key} failed: ${r.error.code} ${r.error.message}`);
    return r.data;
  };
  return { jira, storage, call, data, teamSettings };
}

const historySearches = (jira: FakeJira) => jira.requests.filter((r) => r.path === '/rest/api/3/search/jql' && /resolved >= -90d/.test(String((r.body as { jql?: string })?.jql)) && !(r.body as { nextPageToken?: string }).nextPageToken).length;

describe('throughput epics from Jira (getProjectForecast)', () => {
  it('invalid input: a bad payload is rejected before any history is read', async () => {
    const { call, jira } = setup();
    expect(await call('getProjectForecast', { projectKey: 'TP', iterations: -1 })).toMatchObject({ ok: false });
    expect(historySearches(jira)).toBe(0);
  });

  it('an unestimated epic whose open children are unestimated gets a throughput estimate; the history is cached for the day', async () => {
    const { data, jira, storage } = setup();
    const pf: ProjectForecast = await data('getProjectForecast', { projectKey: 'TP', iterations: 500 });
    const w = pf.warnings.find((x) => x.code === 'throughput-estimate');
    expect(w).toBeDefined();
    expect(w!.message).toContain('TP-1 (3 items)');
    const f = pf.health?.find((h) => h.id === 'HC-THROUGHPUT-ESTIMATE');
    expect(f).toMatchObject({ severity: 'info', tasks: ['TP-1'] });
    // 20 stories resolved over the 64 working days of the last 90 calendar days (0.31/day):
    // 3 items need about 3 / 0.31 ~ 10 working days at the median; the message gives P50 and P95.
    const p50 = Number(/(\d+(?:\.\d+)?) working days \(P50\)/.exec(f!.message)?.[1]);
    expect(p50).toBeGreaterThanOrEqual(5);
    expect(p50).toBeLessThanOrEqual(16);
    expect(historySearches(jira)).toBe(1);
    expect((await storage.list('work:TP:')).length).toBe(1);
    await data('getProjectForecast', { projectKey: 'TP', iterations: 500, seed: '2' });
    expect(historySearches(jira)).toBe(1);
  });

  it('with no resolved work in the last 90 days, the defaults stand and a warning says so', async () => {
    const { data } = setup();
    const pf: ProjectForecast = await data('getProjectForecast', { projectKey: 'TQ', iterations: 200 });
    expect(pf.warnings.find((x) => x.code === 'throughput-no-history')).toMatchObject({ issues: ['TQ-1'] });
    expect(pf.health?.some((h) => h.id === 'HC-THROUGHPUT-ESTIMATE')).toBe(false);
  });

  it('a team with enough resolved issues has its own pace, matched by the epic\'s team field', async () => {
    const { data, teamSettings } = setup();
    await teamSettings();
    const pf: ProjectForecast = await data('getProjectForecast', { projectKey: 'TR', iterations: 200 });
    expect(pf.warnings.find((x) => x.code === 'throughput-estimate')!.message).toContain('own pace for team data');
    const f = pf.health?.find((h) => h.id === 'HC-THROUGHPUT-ESTIMATE');
    expect(f!.message).toContain("team data's");
  });
});
