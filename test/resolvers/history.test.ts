/**
 * Snapshots with plan copies, retention, why-it-moved, baselines and re-planning flags, through
 * the resolvers' handler with the fake Jira over the SP and TIMOB fixtures (see fake-jira.ts)
 * and a memory store. SP: SP-13, SP-14 done; SP-15 open after SP-14. The clock is movable so
 * snapshots can be taken on different days.
 */
import { createResolvers, type ResolverDeps } from '../../src/resolvers';
import type { Envelope, ReplanningStatus, ResolverDefs, ResolverKey, Settings, SnapshotSummary } from '../../src/resolvers/contract';
import { compilePlan } from '../../src/engine/compile-plan';
import type { Plan } from '../../src/engine/plan';
import { forecastInCall } from '../../src/resolvers/run-forecast';
import { RETENTION, retentionPlan, type RetentionEntry } from '../../src/resolvers/snapshots';
import { evaluateReplanning } from '../../src/resolvers/replanning';
import { DEFAULT_SETTINGS } from '../../src/resolvers/settings';
import { ConvergeStore, StoreKeys } from '../../src/storage/converge-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { FakeJira } from './fake-jira';
import { startSampleSiteApp } from './sample-site-app';
import { ForgeKvsStorage } from '../../src/storage/forge-kvs-storage';
import { FakeKvs, beginsWith } from '../storage/fake-kvs';
import { compactPlan } from '../../src/resolvers/snapshots';
import { SAMPLE_TODAY } from '../../src/local/sample-site/sample-site';
import { DEFAULT_BATCH_SIZE } from '../../src/engine/monte-carlo';

const USER = 'acc-user';

function setup(start = '2027-01-04T09:00:00Z') {
  const jira = new FakeJira({ admins: ['acc-admin'] });
  let now = new Date(start);
  let n = 0;
  const storage = new MemoryStorage();
  const deps: ResolverDeps = { jira: jira.client, storage, now: () => now, newId: () => `id-${String(++n).padStart(4, '0')}` };
  const app = createResolvers(deps);
  async function call<K extends ResolverKey>(key: K, payload: unknown): Promise<Envelope<ResolverDefs[K]['result']>> {
    return (await app.handler({ call: { functionKey: key, payload: payload as any }, context: {} as any }, { principal: { accountId: USER } })) as Envelope<ResolverDefs[K]['result']>;
  }
  const data = async <K extends ResolverKey>(key: K, payload: unknown) => {
    const r = await call(key, payload);
    if (!r.ok) throw new Error(`${key} failed: ${r.error.code} ${r.error.message}`);
    return r.data;
  };
  const advance = (days: number) => { now = new Date(now.getTime() + days * 86_400_000); };
  return { jira, storage, app, call, data, advance, store: new ConvergeStore(storage), now: () => now };
}

const estimate = (o: number, m: number, p: number) => ({ optimistic: o, mostLikely: m, pessimistic: p, distribution: 'pert' as const });

describe('snapshots keep what explains them', () => {
  it('rejects bad payloads', async () => {
    const { call } = setup();
    expect(await call('explainForecastShift', { projectKey: 'SP' })).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['from'] } });
    expect(await call('explainForecastShift', { projectKey: 'SP', from: '../x' })).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['from'] } });
    expect(await call('explainForecastShift', { projectKey: 'SP', from: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found', culprits: ['from'] } });
    expect(await call('saveBaseline', { projectKey: 'SP', name: '' })).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['name'] } });
    expect(await call('getBaselineVariance', { projectKey: 'SP' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('getProjectForecast', { projectKey: 'SP', calibrated: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['calibrated'] } });
  });

  it('stores per-issue P80, drivers and a plan copy that reproduces the snapshot\'s figures', async () => {
    const { data, store } = setup();
    const snap = await data('takeSnapshot', { projectKey: 'TIMOB' });
    expect(snap.hasPlan).toBe(true);
    expect(Object.keys(snap.issueP80!).length).toBe(snap.issueCount);
    expect(snap.drivers!.length).toBeGreaterThan(0);
    expect(snap.deterministicFinish).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const listed = await data('listSnapshots', { projectKey: 'TIMOB' });
    expect(listed[0].issueP80).toBeUndefined();
    expect(listed[0]).toMatchObject({ id: snap.id, hasPlan: true, issueCount: snap.issueCount });
    expect(listed[0]).not.toHaveProperty('planBytes');
    const plan = (await store.getSnapshotPlan<Plan>('TIMOB', snap.takenAt, snap.id))!;
    expect(plan.tasks.every((t) => t.meta === undefined && t.name === undefined)).toBe(true);
    // Same plan, seed, iterations and batch size: the same numbers, bit for bit.
    const again = forecastInCall(compilePlan(plan), { iterations: snap.iterations!, seed: '1', batchSize: DEFAULT_BATCH_SIZE });
    expect(again.finishDays.p80).toBe(snap.finishDays!.p80);
    expect(again.finishDate.p50).toBe(snap.finishDate.p50);
  });

  it('explains a move: an estimate that grew shows under estimates, a week passing under progress', async () => {
    const { data, advance } = setup();
    const first = await data('takeSnapshot', { projectKey: 'SP' });
    await data('saveEstimate', { issueKey: 'SP-15', estimate: estimate(9, 12, 20) });
    advance(7);
    const second = await data('takeSnapshot', { projectKey: 'SP' });
    const why = await data('explainForecastShift', { projectKey: 'SP', from: first.id, to: second.id });
    expect(why.order).toEqual(['scope', 'estimates', 'dependencies', 'progress', 'resources', 'other']);
    const by = Object.fromEntries(why.steps.map((s) => [s.category, s]));
    expect(by.estimates.tasks).toEqual(['SP-15']);
    expect(by.estimates.p80).toBeGreaterThan(0);
    // The start moved 5 working days and nothing got done: +5 exactly (same draws, shifted axis).
    expect(by.progress).toMatchObject({ p50: 5, p80: 5, fields: ['start'] });
    expect(by.scope.p80).toBe(0);
    expect(why.steps.reduce((a, s) => a + s.p80, 0)).toBe(why.total.p80);
    expect(why.from).toMatchObject({ snapshotId: first.id, start: '2027-01-04', p50: 0 + why.from.p50 });
    // Against now: nothing changed since the second snapshot but the clock.
    const sinceSecond = await data('explainForecastShift', { projectKey: 'SP', from: second.id });
    expect(sinceSecond.total).toEqual({ p50: 0, p80: 0 });
    expect(sinceSecond.to.snapshotId).toBeUndefined();
  });
});

describe('retention', () => {
  const entry = (takenAt: string, i: number, planBytes = 1000): RetentionEntry => ({ id: `s${i}`, takenAt, hasPlan: true, summaryBytes: 500, planBytes });

  it('keeps 12 weeks whole, then one per month for 24 months, and plan copies for the newest 12', () => {
    // Weekly snapshots for three years, newest on 2027-01-04.
    const now = Date.parse('2027-01-04T09:00:00Z');
    const entries = Array.from({ length: 156 }, (_, i) => entry(new Date(now - i * 7 * 86_400_000).toISOString(), i));
    const r = retentionPlan(entries, new Date(now).toISOString());
    const kept = entries.filter((e) => !r.remove.includes(e.id));
    const recent = kept.filter((e) => Date.parse(e.takenAt) >= now - 84 * 86_400_000);
    expect(recent.length).toBe(13); // weeks 0..12 inclusive
    const older = kept.filter((e) => !recent.includes(e));
    const months = older.map((e) => e.takenAt.slice(0, 7));
    expect(new Set(months).size).toBe(months.length); // one per month
    expect(older.every((e) => e.takenAt >= '2025-01-04')).toBe(true);
    expect(older.length).toBeGreaterThanOrEqual(20);
    expect(older.length).toBeLessThanOrEqual(24);
    const withPlans = kept.filter((e) => !r.dropPlan.includes(e.id));
    expect(withPlans.map((e) => e.id)).toEqual(entries.slice(0, RETENTION.planCopies).map((e) => e.id));
  });

  it('caps the bytes: oldest plan copies first, then oldest snapshots, never the newest', () => {
    const now = '2027-01-04T09:00:00.000Z';
    const entries = Array.from({ length: 5 }, (_, i) => entry(new Date(Date.parse(now) - i * 86_400_000).toISOString(), i, 10_000));
    const policy = { ...RETENTION, maxBytes: 25_000 };
    const r = retentionPlan(entries, now, policy);
    // 5 x 500 summaries + 2 plans = 22,500 <= 25,000: the three oldest plans go, no snapshot.
    expect(r.dropPlan.sort()).toEqual(['s2', 's3', 's4']);
    expect(r.remove).toEqual([]);
    const tight = retentionPlan(entries, now, { ...RETENTION, maxBytes: 11_000 });
    // Plans s1..s4 dropped: 2,500 + 10,000 (the newest's plan) = 12,500; then s4, s3, s2 go: 11,000.
    expect(tight.remove.sort()).toEqual(['s2', 's3', 's4']);
    expect(tight.dropPlan).toEqual(['s1']);
  });

  it('drops plan copies past the newest 12 in the store; an old snapshot can then not be explained', async () => {
    const { data, advance, storage, call } = setup();
    const taken: SnapshotSummary[] = [];
    for (let i = 0; i < 14; i++) {
      taken.push(await data('takeSnapshot', { projectKey: 'SP' }));
      advance(1);
    }
    const listed = await data('listSnapshots', { projectKey: 'SP' });
    expect(listed).toHaveLength(14);
    expect(listed.filter((s) => s.hasPlan)).toHaveLength(12);
    expect(listed.slice(0, 2).map((s) => s.hasPlan)).toEqual([false, false]);
    const planKeys = (await storage.list('snapplan:SP:')).length;
    expect(planKeys).toBe(12);
    expect(await call('explainForecastShift', { projectKey: 'SP', from: taken[0].id })).toMatchObject({ ok: false, error: { code: 'plan-dropped', culprits: ['from'] } });
  });
});

describe('plan copies in Forge KVS', () => {
  it('a plan copy over 240 KiB is chunked, read back whole, and dropped without leftovers', async () => {
    const kvs = new FakeKvs();
    const store = new ConvergeStore(new ForgeKvsStorage(kvs, beginsWith));
    // 2,000 tasks at ~180 bytes each (the size measured on generated plans): ~360 KB, over the limit.
    const tasks = Array.from({ length: 2000 }, (_, i) => ({
      id: `ML-${i + 1}`, name: `Task number ${i + 1}`, meta: { team: 'ML' }, status: 'todo' as const, demand: { gpu: 2 },
      duration: { optimistic: 1.5, mostLikely: 3.25, pessimistic: 9.75, distribution: 'pert' as const }, after: i ? [`ML-${i}`] : [],
    }));
    const plan = compactPlan({ start: '2027-01-04', calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] }, resources: [{ id: 'gpu', capacity: 8 }], tasks });
    expect(plan.tasks[0]).not.toHaveProperty('name');
    expect(JSON.stringify(plan).length).toBeGreaterThan(240 * 1024);
    await store.saveSnapshotPlan('ML', '2027-01-04T09:00:00.000Z', 'snap-1', plan);
    expect([...kvs.data.keys()].filter((k) => k.startsWith('chunk:')).length).toBeGreaterThanOrEqual(2);
    expect(await store.getSnapshotPlan('ML', '2027-01-04T09:00:00.000Z', 'snap-1')).toEqual(plan);
    await store.deleteSnapshotPlan('ML', '2027-01-04T09:00:00.000Z', 'snap-1');
    expect([...kvs.data.keys()]).toEqual([]);
  });
});

describe('baselines', () => {
  it('saves a named baseline and shows each issue\'s and the program\'s variance against it', async () => {
    const { data } = setup();
    const b = await data('saveBaseline', { projectKey: 'SP', name: 'Q1 commit' });
    expect(b).toMatchObject({ projectKey: 'SP', name: 'Q1 commit', issueCount: 3 });
    expect(b).not.toHaveProperty('issues');
    const flat = await data('getBaselineVariance', { projectKey: 'SP' });
    expect(flat.program).toMatchObject({ p80Days: 0, finishDays: 0 });
    expect(flat.issues.find((i) => i.key === 'SP-15')).toMatchObject({ p80Days: 0, finishDays: 0 });

    const before = await data('getProjectForecast', { projectKey: 'SP' });
    const was = before.schedule.tasks.find((t) => t.id === 'SP-15')!.duration;
    await data('saveEstimate', { issueKey: 'SP-15', estimate: estimate(was + 4, was + 6, was + 10) });
    const moved = await data('getBaselineVariance', { projectKey: 'SP', baselineId: b.id });
    // The planned (most likely) duration of the only open issue grew by 6 working days.
    expect(moved.program.finishDays).toBe(6);
    expect(moved.program.p80Days).toBeGreaterThan(0);
    expect(moved.issues[0]).toMatchObject({ key: 'SP-15', finishDays: 6 });
    expect((await data('listBaselines', { projectKey: 'SP' })).map((x) => x.name)).toEqual(['Q1 commit']);
  });
});

describe('re-planning flags', () => {
  it('flags a P80 slip since the baseline and a low due probability on forecast; lists them for the PM', async () => {
    const { data, storage } = setup();
    const settings: Settings & { replanning: unknown } = { ...DEFAULT_SETTINGS, projectDue: { SP: '2027-01-08' }, replanning: { p80SlipDays: 3, minDueProbability: 0.9 } };
    await storage.set(StoreKeys.settings, settings);
    await data('saveBaseline', { projectKey: 'SP', name: 'plan of record' });
    expect(await data('listReplanningFlags', { projectKey: 'SP' })).toEqual([]);
    await data('saveEstimate', { issueKey: 'SP-15', estimate: estimate(20, 25, 40) });
    await data('getProjectForecast', { projectKey: 'SP' });
    const [status] = await data('listReplanningFlags', { projectKey: 'SP' });
    expect(status).toMatchObject({ projectKey: 'SP', source: 'forecast' });
    const kinds = status.flags.map((f) => f.kind);
    expect(kinds).toEqual(['p80-slip', 'due-probability']);
    expect(status.flags[0]).toMatchObject({ since: 'baseline:plan of record', threshold: 3 });
    expect(status.flags[0].value).toBeGreaterThan(3);
    // A trial due date does not re-evaluate.
    await data('getProjectForecast', { projectKey: 'SP', due: '2030-01-01' });
    expect((await data('listReplanningFlags', {})).map((s: ReplanningStatus) => s.projectKey)).toEqual(['SP']);
  });

  it('evaluates on every snapshot against the one before (critical path, slip)', async () => {
    const { data, advance } = setup();
    await data('takeSnapshot', { projectKey: 'SP' });
    await data('saveEstimate', { issueKey: 'SP-15', estimate: estimate(30, 40, 60) });
    advance(1);
    await data('takeSnapshot', { projectKey: 'SP' });
    const [status] = await data('listReplanningFlags', { projectKey: 'SP' });
    expect(status.source).toBe('snapshot');
    expect(status.flags.find((f) => f.kind === 'p80-slip')).toMatchObject({ since: expect.stringMatching(/^snapshot:2027-01-04/), threshold: 5 });
  });

  it('checks the critical path and gates (pure)', () => {
    const pf = {
      projectKey: 'X', start: '2027-01-04', calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] }, due: '2027-02-01',
      issues: [{ key: 'X-2', gate: 'bias-audit' }, { key: 'X-1' }],
      health: [{ id: 'HC-MISSING-GATE', severity: 'error', tasks: ['X-3'], message: '', hint: '' }],
      forecast: {
        finishDate: { p50: '2027-01-20', p80: '2027-01-25', p95: '2027-02-03' },
        deterministic: { criticalPath: ['X-1', 'X-2'] },
        tasks: [{ id: 'X-2', finishDate: { p80: '2027-02-03' } }],
      },
    } as never;
    const flags = evaluateReplanning(pf, { criticalPathChange: true, gateAtRisk: true }, { previous: { takenAt: '2027-01-01T00:00:00Z', finishDate: { p50: '', p80: '2027-01-25', p95: '' }, criticalPath: ['X-1', 'X-4'] } });
    expect(flags.map((f) => f.kind)).toEqual(['critical-path', 'gate-at-risk', 'gate-at-risk']);
    expect(flags[0].issues).toEqual(['X-2', 'X-4']);
    expect(flags[1].issues).toEqual(['X-2']);
    expect(flags[2].issues).toEqual(['X-3']);
    // Thresholds absent = checks off.
    expect(evaluateReplanning(pf, {}, {})).toEqual([]);
  });
});

describe('the calibrated switch (sample site behind the Jira emulator)', () => {
  let sample: Awaited<ReturnType<typeof startSampleSiteApp>>;
  let storage: MemoryStorage;
  const data: Awaited<ReturnType<typeof startSampleSiteApp>>['data'] = (key, payload) => sample.data(key, payload);

  beforeAll(async () => {
    sample = await startSampleSiteApp();
    storage = sample.storage;
  });
  afterAll(() => sample.close());

  it('forecasts with calibrated estimates and says what changed; the history is cached for the day', async () => {
    const plain = await data('getProjectForecast', { projectKey: 'FRAUD', iterations: 1000 });
    expect(plain.calibration).toBeUndefined();
    const cal = await data('getProjectForecast', { projectKey: 'FRAUD', iterations: 1000, calibrated: true });
    const c = cal.calibration!;
    expect(c.samples).toBeGreaterThan(0);
    expect(c.fetchedOn).toBe(SAMPLE_TODAY);
    // The sample site's resolved FRAUD issues (37 with a measured time, Nov 2026) calibrate 16 open estimates.
    expect(c.changes.length).toBeGreaterThan(0);
    expect(c.overall.ratio).toBeGreaterThan(0);
    for (const x of c.changes) {
      expect(x.to.mostLikely).toBeCloseTo(x.from.mostLikely * x.ratio, 9);
      expect(cal.issues.some((i) => i.key === x.key)).toBe(true);
    }
    if (c.changes.length && c.overall.ratio > 1.05) expect(cal.forecast.finishDays.p80).toBeGreaterThanOrEqual(plain.forecast.finishDays.p80);
    expect((await storage.list('work:FRAUD:')).length).toBe(1);
    const again = await data('getProjectForecast', { projectKey: 'FRAUD', iterations: 1000, calibrated: true });
    expect(again.calibration).toEqual(c);
  });
});
