/**
 * The resolvers through the @forge/resolver `getDefinitions()` handler, with Forge replaced at
 * the adapter boundary: a fake JiraClient over real issue fixtures and a storage (memory, or
 * Forge KVS over a fake with KVS's limits). Expected values come from the fixtures: TIMOB is
 * 24 issues (18 resolved), SP is 3 issues (SP-13, SP-14 done; SP-15 open, after SP-14).
 */
import { createResolvers, type ForecastBatchEvent, type ResolverDeps } from '../../src/resolvers';
import type { Envelope, ProjectForecast, ResolverDefs, ResolverKey, Settings } from '../../src/resolvers/contract';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { ForgeKvsStorage } from '../../src/storage/forge-kvs-storage';
import { FakeKvs, beginsWith } from '../storage/fake-kvs';
import { FakeJira } from './fake-jira';

const NOW = new Date('2027-01-04T09:00:00Z');
const ADMIN = 'acc-admin';
const USER = 'acc-user';

function setup(opts: { deps?: Partial<ResolverDeps>; jira?: ConstructorParameters<typeof FakeJira>[0] } = {}) {
  const jira = new FakeJira({ admins: [ADMIN], readOnly: ['acc-viewer'], ...opts.jira });
  let n = 0;
  const deps: ResolverDeps = { jira: jira.client, storage: new MemoryStorage(), now: () => NOW, newId: () => `id-${String(++n).padStart(4, '0')}-test`, ...opts.deps };
  const app = createResolvers(deps);
  async function call<K extends ResolverKey>(key: K, payload: unknown, accountId: string = USER): Promise<Envelope<ResolverDefs[K]['result']>> {
    return (await app.handler({ call: { functionKey: key, payload: payload as any }, context: {} as any }, { principal: { accountId } })) as Envelope<ResolverDefs[K]['result']>;
  }
  const data = async <K extends ResolverKey>(key: K, payload: unknown, accountId?: string) => {
    const r = await call(key, payload, accountId);
    if (!r.ok) throw new Error(`${key} failed: ${r.error.code} ${r.error.message}`);
    return r.data;
  };
  return { jira, deps, app, call, data };
}

describe('payload validation and error envelopes', () => {
  it('rejects bad payloads with invalid-payload naming the field', async () => {
    const { call, jira } = setup();
    expect(await call('getIssueForecast', { issueKey: 'not a key' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid-payload', culprits: ['issueKey'] }) });
    expect(await call('getProjectForecast', { projectKey: 'TIMOB', iterations: 5 })).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['iterations'] } });
    expect(await call('getProjectForecast', { projectKey: 'TIMOB', due: '2027-02-30' })).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['due'] } });
    expect(await call('previewEstimate', { issueKey: 'SP-15', estimate: { optimistic: 5, mostLikely: 2, pessimistic: 9, distribution: 'pert' } })).toMatchObject({
      ok: false, error: { code: 'invalid-payload', culprits: ['estimate'] },
    });
    expect(await call('getPortfolioForecast', { projectKeys: [] })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await call('getForecastJob', { jobId: '../x' })).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['jobId'] } });
    expect(await call('saveSettings', { settings: { linkTypes: [] } }, ADMIN)).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['settings.linkTypes'] } });
    expect(jira.requestCount()).toBe(0); // nothing reached Jira
  });

  it('answers Jira failures with the contract codes', async () => {
    const { call } = setup();
    expect(await call('getIssueForecast', { issueKey: 'NOPE-1' })).toMatchObject({ ok: false, error: { code: 'not-found', culprits: ['issue NOPE-1'] } });
    expect(await call('getProjectForecast', { projectKey: 'EMPTY' })).toMatchObject({ ok: false, error: { code: 'empty-scope', culprits: ['EMPTY'] } });
  });
});

describe('forecasts', () => {
  it('forecasts a project from Jira: every issue, a report and a summary', async () => {
    const { data } = setup();
    const pf = await data('getProjectForecast', { projectKey: 'SP', iterations: 2000, seed: '7' });
    expect(pf.issues.map((i) => i.key).sort()).toEqual(['SP-13', 'SP-14', 'SP-15']);
    expect(pf.issues.find((i) => i.key === 'SP-15')!.predecessors).toEqual(['SP-14']);
    expect(pf.forecast.iterations).toBe(2000);
    expect(pf.forecast.seed).toBe('7');
    expect(pf.start).toBe('2027-01-04');
    expect(pf.schedule.tasks).toHaveLength(3);
    expect(pf.summary).toMatch(/^SP: 50% likely to finish by \d{4}-\d{2}-\d{2}/);
    expect(pf.inputHash).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives the issue panel its issue: percentiles, float, driving chain', async () => {
    const { data } = setup();
    const f = await data('getIssueForecast', { issueKey: 'SP-15', iterations: 1000 });
    expect(f.issueKey).toBe('SP-15');
    // SP-14 is done (0 days), so it finishes at day 0 = SP-15's start: it binds SP-15.
    expect(f.drivingChain).toEqual(['SP-14']);
    expect(f.finishDays.p50).toBeGreaterThan(0);
    expect(f.finishDays.p50).toBeLessThanOrEqual(f.finishDays.p95);
    expect(f.criticality).toBeCloseTo(1, 9); // the only open issue: always critical
    expect(f.totalFloat).toBe(0);
  });

  it('serves a repeated call from the cache without Jira, and reloads after a trigger', async () => {
    const { data, jira, app } = setup();
    const first = await data('getProjectForecast', { projectKey: 'TIMOB', iterations: 1000 });
    const afterFirst = jira.requestCount();
    const again = await data('getProjectForecast', { projectKey: 'TIMOB', iterations: 1000 });
    expect(jira.requestCount()).toBe(afterFirst);
    expect(again).toEqual(first);

    await app.invalidateForecasts({ eventType: 'avi:jira:updated:issue', issue: { key: 'TIMOB-12863' } });
    const reloaded = await data('getProjectForecast', { projectKey: 'TIMOB', iterations: 1000 });
    expect(jira.requestCount()).toBeGreaterThan(afterFirst);
    // Same plan after the reload: the stored result is reused, not simulated again.
    expect(reloaded.computedAt).toBe(first.computedAt);
    expect(reloaded.inputHash).toBe(first.inputHash);
  });

  it('keeps the no-Jira cache per viewer', async () => {
    const { data, jira } = setup();
    await data('getProjectForecast', { projectKey: 'SP', iterations: 1000 }, 'acc-a');
    const n = jira.requestCount();
    await data('getProjectForecast', { projectKey: 'SP', iterations: 1000 }, 'acc-b');
    expect(jira.requests.slice(n).every((r) => r.as === 'acc-b')).toBe(true);
    expect(jira.requestCount()).toBeGreaterThan(n);
  });

  it('forecasts a portfolio of projects', async () => {
    const { data } = setup();
    const r = await data('getPortfolioForecast', { projectKeys: ['SP', 'TIMOB', 'SP'], iterations: 1000 });
    expect(r.projects.map((p) => p.projectKey)).toEqual(['SP', 'TIMOB']);
  });
});

describe('estimates', () => {
  const est = { optimistic: 2, mostLikely: 4, pessimistic: 12, distribution: 'pert' as const };

  it('previews an estimate without writing it', async () => {
    const { data, jira } = setup();
    const f = await data('previewEstimate', { issueKey: 'SP-15', estimate: est, iterations: 2000 });
    // PERT mean (2 + 4*4 + 12)/6 = 5 working days; the median is a little below, within [2, 12].
    expect(f.finishDays.p50).toBeGreaterThan(3.5);
    expect(f.finishDays.p50).toBeLessThan(5.5);
    expect(f.estimate).toEqual(est);
    expect(jira.requests.some((r) => r.method === 'PUT')).toBe(false);
  });

  it('saves an estimate to the issue property and answers before and after', async () => {
    const { data, jira, deps } = setup();
    const gen0 = await deps.storage.get('cache:generation');
    const r = await data('saveEstimate', { issueKey: 'SP-15', estimate: est });
    expect(jira.properties.get('SP-15')).toEqual({ 'converge.estimate': est });
    expect(r.after.estimate).toEqual(est);
    expect(r.after.finishDays.p50).toBeGreaterThan(3.5);
    expect(r.after.finishDays.p50).toBeLessThan(5.5);
    expect(r.before.estimateSource).not.toBe('property');
    expect(await deps.storage.get('cache:generation')).not.toEqual(gen0);
    // Later loads read the property through the search.
    const f = await data('getIssueForecast', { issueKey: 'SP-15' });
    expect(f.estimateSource).toBe('property');
  });

  it('is refused when Jira refuses the write', async () => {
    const { call, jira } = setup();
    expect(await call('saveEstimate', { issueKey: 'SP-15', estimate: est }, 'acc-viewer')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(jira.properties.size).toBe(0);
  });
});

describe('settings (admin page)', () => {
  it('are forbidden to non-admins, checked on the server', async () => {
    const { call, data, jira } = setup();
    const s = await data('getSettings', {});
    expect(await call('saveSettings', { settings: s }, USER)).toMatchObject({ ok: false, error: { code: 'forbidden', culprits: ['ADMINISTER'] } });
    expect(jira.requests.some((r) => r.path === '/rest/api/3/mypermissions' && r.as === USER)).toBe(true);
    expect((await data('getSettings', {})).version).toBe(0);
  });

  it('are saved by an admin, versioned, and a stale save is a conflict', async () => {
    const { call, data } = setup();
    const s: Settings = await data('getSettings', {});
    expect(s.linkTypes.map((l) => l.name)).toContain('Blocks');
    const saved = await data('saveSettings', { settings: { ...s, iterations: 5000, calendar: { workdays: [1, 2, 3, 4], holidays: ['2027-01-18'] } } }, ADMIN);
    expect(saved.version).toBe(1);
    expect((await data('getSettings', {})).iterations).toBe(5000);
    expect(await call('saveSettings', { settings: s }, ADMIN)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const pf = await data('getProjectForecast', { projectKey: 'SP' });
    expect(pf.forecast.iterations).toBe(5000);
  });
});

describe('snapshots', () => {
  it('takes and lists snapshots; the weekly trigger snapshots every forecast project as the app', async () => {
    const { data, app, jira } = setup();
    const snap = await data('takeSnapshot', { projectKey: 'SP' });
    expect(snap).toMatchObject({ projectKey: 'SP', takenAt: NOW.toISOString(), trigger: 'manual' });
    await data('getProjectForecast', { projectKey: 'TIMOB', iterations: 1000 });
    const outcome = await app.weeklySnapshot();
    expect(outcome).toEqual({ taken: ['SP', 'TIMOB'], failed: [] });
    expect(jira.requests.some((r) => r.as === 'app')).toBe(true);
    const list = await data('listSnapshots', { projectKey: 'SP' });
    expect(list.map((s) => s.trigger)).toEqual(['manual', 'weekly']);
    expect(list[0].finishDate).toEqual(snap.finishDate);
  });
});

describe('sprint estimation', () => {
  it('gives the sprint issues and the chance to finish by the sprint end, with trial estimates', async () => {
    const sprints = [{ id: 7, name: 'Sprint 7', state: 'active', boardId: 3, endDate: '2027-01-15T17:00:00.000Z', issueKeys: ['SP-15'] }];
    const { data } = setup({ jira: { sprints } });
    const fast = await data('getSprintEstimation', { sprintId: 7, estimates: { 'SP-15': { optimistic: 1, mostLikely: 2, pessimistic: 3, distribution: 'pert' } } });
    expect(fast.sprint).toEqual({ id: 7, name: 'Sprint 7', endDate: '2027-01-15T17:00:00.000Z' });
    expect(fast.issues.map((i) => i.key)).toEqual(['SP-15']);
    // 2027-01-04 .. 2027-01-15 holds 10 working days; 1-3 days always fits.
    expect(fast.completionProbability).toBe(1);
    const slow = await data('getSprintEstimation', { boardId: 3, estimates: { 'SP-15': { optimistic: 8, mostLikely: 12, pessimistic: 20, distribution: 'pert' } } });
    expect(slow.completionProbability).toBeLessThan(0.2);
  });
});

describe('forecast jobs through the queue', () => {
  const small = { inCallTaskSamples: 10_000, batchSize: 100 };

  it('splits a large forecast into queue events whose merge equals the in-call forecast', async () => {
    const pushes: ForecastBatchEvent[][] = [];
    const kvs = new FakeKvs();
    const queued = setup({
      deps: {
        storage: new ForgeKvsStorage(kvs, beginsWith),
        limits: { ...small, eventTaskSamples: 24 * 100 * 2 }, // two batches of TIMOB's 24 tasks per event
        queue: { push: async (events) => void pushes.push(events) },
      },
    });
    expect(await queued.call('getProjectForecast', { projectKey: 'TIMOB', iterations: 1000, seed: '42' })).toMatchObject({ ok: false, error: { code: 'too-large' } });

    const job = await queued.data('startProjectForecastJob', { projectKey: 'TIMOB', iterations: 1000, seed: '42' });
    expect(job).toMatchObject({ state: 'queued', done: 0, total: 10 });
    expect(pushes.flat().map((e) => e.batches)).toEqual([[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]);

    // Consumers may run in any order; progress is visible in between.
    const events = pushes.flat().reverse();
    await queued.app.forecastConsumer({ body: events[0] });
    expect(await queued.data('getForecastJob', { jobId: job.jobId })).toMatchObject({ state: 'running', done: 2, total: 10 });
    expect(await queued.call('getForecastJob', { jobId: job.jobId }, 'acc-other')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    for (const e of events.slice(1)) await queued.app.forecastConsumer({ body: e });
    const done = await queued.data('getForecastJob', { jobId: job.jobId });
    expect(done).toMatchObject({ state: 'done', done: 10, total: 10 });

    const inCall = await setup({ deps: { limits: { batchSize: 100 } } }).data('getProjectForecast', { projectKey: 'TIMOB', iterations: 1000, seed: '42' });
    const strip = (pf: ProjectForecast) => ({ ...pf, computedAt: '', forecast: { ...pf.forecast, batches: { ...pf.forecast.batches, workers: 0 } } });
    expect(strip(done.result!)).toEqual(strip(inCall));
    expect(done.result!.forecast.batches).toEqual({ size: 100, count: 10, workers: 5 });
    // Batch data is dropped after the merge; no chunk is left behind.
    expect([...kvs.data.keys()].filter((k) => k.startsWith('jobbatch:'))).toEqual([]);
  });

  it('pushes at most 50 events at a time', async () => {
    const pushes: ForecastBatchEvent[][] = [];
    const { data } = setup({ deps: { limits: { inCallTaskSamples: 1, batchSize: 10, eventTaskSamples: 1 }, queue: { push: async (e) => void pushes.push(e) } } });
    const job = await data('startProjectForecastJob', { projectKey: 'SP', iterations: 1200 });
    expect(job.total).toBe(120);
    expect(pushes.map((p) => p.length)).toEqual([50, 50, 20]);
    for (const p of pushes) expect(Buffer.byteLength(JSON.stringify(p.map((body) => ({ body }))))).toBeLessThan(200 * 1024);
  });

  it('runs the job inline when there is no queue, and reuses a cached result', async () => {
    const { data } = setup({ deps: { limits: small } });
    const job = await data('startProjectForecastJob', { projectKey: 'SP', iterations: 1000 });
    expect(job).toMatchObject({ state: 'done', done: 10, total: 10 });
    const again = await data('startProjectForecastJob', { projectKey: 'SP', iterations: 1000 });
    expect(again.state).toBe('done');
    const r = await data('getForecastJob', { jobId: again.jobId });
    expect(r.result!.inputHash).toBe((await data('getForecastJob', { jobId: job.jobId })).result!.inputHash);
  });

  it('marks a job failed when its batches cannot run, and ignores events that are not its own', async () => {
    const pushes: ForecastBatchEvent[][] = [];
    const { data, app, deps } = setup({ deps: { limits: small, queue: { push: async (e) => void pushes.push(e) } } });
    const job = await data('startProjectForecastJob', { projectKey: 'SP', iterations: 1000 });
    await app.forecastConsumer({ body: { hello: 'world' } });
    const key = `jobplan:${job.jobId}`;
    const input = (await deps.storage.get<any>(key))!;
    // Corrupt the stored input: two tasks after each other.
    input.plan.tasks[0].after = [input.plan.tasks[2].id];
    input.plan.tasks[2].after = [input.plan.tasks[0].id];
    await deps.storage.set(key, input);
    await app.forecastConsumer({ body: pushes[0][0] });
    expect(await data('getForecastJob', { jobId: job.jobId })).toMatchObject({ state: 'failed', error: { code: 'cycle' } });
  });
});
