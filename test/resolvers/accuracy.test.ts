/**
 * getAccuracyRetrospective over stored snapshots whose outcomes are known: a fake Jira answers the
 * one JQL search with resolution dates; snapshots are written straight into a memory store.
 * Calendar: the default Monday-Friday. Expected figures are hand-computed in the comments.
 */
import { createResolvers, type ResolverDeps } from '../../src/resolvers';
import type { AccuracyRetrospective, Envelope, SnapshotSummary } from '../../src/resolvers/contract';
import type { JiraClient } from '../../src/jira/jira-client';
import type { JiraPath } from '../../src/jira/jira-path';
import { ConvergeStore } from '../../src/storage/converge-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { snapshotSummary } from '../../src/resolvers/snapshots';

type Resolved = Record<string, string>;

function setup(resolved: Resolved) {
  const jql: string[] = [];
  const client: JiraClient = {
    async request<T>(method: string, path: JiraPath, options?: { body?: unknown }): Promise<T> {
      if (method !== 'POST' || path.text !== '/rest/api/3/search/jql') throw new Error(`unexpected ${method} ${path.text}`);
      jql.push(String((options?.body as { jql: string }).jql));
      const issues = Object.entries(resolved).map(([key, at]) => ({ id: key, key, fields: { resolutiondate: at } }));
      return { issues, isLast: true } as T;
    },
  };
  const storage = new MemoryStorage();
  const deps: ResolverDeps = { jira: () => client, storage, now: () => new Date('2027-02-01T09:00:00Z'), newId: () => 'x' };
  const app = createResolvers(deps);
  const store = new ConvergeStore(storage);
  const retro = async (payload: unknown) => (await app.definitions.getAccuracyRetrospective({ payload, context: { accountId: 'acc-user' } })) as Envelope<AccuracyRetrospective>;
  const save = (s: SnapshotSummary) => store.saveSnapshot(s.projectKey, s.takenAt, s.id, s);
  return { jql, retro, save };
}

const snap = (projectKey: string, id: string, takenAt: string, extra: Partial<SnapshotSummary>): SnapshotSummary => ({
  id, projectKey, takenAt, finishDate: { p50: '2027-01-20', p80: '2027-01-25', p95: '2027-01-29' }, criticalPath: [], inputHash: 'h', ...extra,
});
const at = (d: string) => `${d}T15:00:00.000+0000`;
const same = (keys: string[], v: string) => Object.fromEntries(keys.map((k) => [k, v]));
const TEN = Array.from({ length: 10 }, (_, i) => `ML-${i + 1}`);

describe('getAccuracyRetrospective', () => {
  it('rejects a bad project key, and says when there is nothing to score', async () => {
    const { retro, jql, save } = setup({});
    expect(await retro({ projectKey: 'not a key' })).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['projectKey'] } });
    expect(await retro({ projectKey: 'ML' })).toMatchObject({ ok: true, data: { empty: 'no-snapshots', snapshots: 0, issues: { records: 0 }, program: { records: 0 } } });
    expect(jql).toEqual([]); // no snapshot, no search
    await save(snap('ML', 's1', '2027-01-04T09:00:00.000Z', { issueP80: same(TEN, '2027-01-13') }));
    expect(await retro({ projectKey: 'ML' })).toMatchObject({ ok: true, data: { empty: 'nothing-resolved', snapshots: 1, resolvedIssues: 0 } });
    expect(jql).toEqual(['project = "ML" AND resolved >= "2027-01-04" ORDER BY resolved DESC']);
  });

  it('10 issues, 8 resolved by their P80: hit rate 0.8, P50 errors in working days, calibration', async () => {
    // Every issue: P50 Mon 11 Jan, P80 Wed 13, P95 Fri 15. Actuals: 4 on the P50 (error 0), 2 on Fri 8
    // (-1 working day), 2 on Wed 13 (+2), 2 on Mon 18 (+5, past P80 and P95).
    const actual = ['2027-01-11', '2027-01-11', '2027-01-11', '2027-01-11', '2027-01-08', '2027-01-08', '2027-01-13', '2027-01-13', '2027-01-18', '2027-01-18'];
    const resolved: Resolved = Object.fromEntries(TEN.map((k, i) => [k, at(actual[i])]));
    resolved['ML-12'] = at('2027-01-02'); // resolved before the snapshot: not a record
    const { retro, save } = setup(resolved);
    await save(snap('ML', 's1', '2027-01-04T09:00:00.000Z', {
      issueP80: { ...same(TEN, '2027-01-13'), 'ML-11': '2027-01-20', 'ML-12': '2027-01-04' },
      issueP50: { ...same(TEN, '2027-01-11'), 'ML-11': '2027-01-18', 'ML-12': '2027-01-04' },
      issueP95: { ...same(TEN, '2027-01-15'), 'ML-11': '2027-01-22', 'ML-12': '2027-01-04' },
    }));
    const r = await retro({ projectKey: 'ML' });
    if (!r.ok) throw new Error(r.error.message);
    const d = r.data;
    expect(d.empty).toBeUndefined();
    expect(d).toMatchObject({ snapshots: 1, resolvedIssues: 10, from: '2027-01-04', to: '2027-01-04' });
    expect(d.issues).toMatchObject({ records: 10, p80Hits: 8, p80HitRate: 0.8 });
    const s = d.issues.score!;
    expect(s.count).toBe(10);
    expect(s.p80HitRate).toBeCloseTo(0.8, 12);
    // Errors [0,0,0,0,-1,-1,2,2,5,5]: mean 12/10, median 0, mean |e| 16/10.
    expect(s.p50Error.mean).toBeCloseTo(1.2, 12);
    expect(s.p50Error.median).toBeCloseTo(0, 12);
    expect(s.p50Error.meanAbsolute).toBeCloseTo(1.6, 12);
    // At or before P50: 6 of 10; P80: 8; P95: 8 (the two on the 18th miss it).
    expect(s.calibration.map((c) => [c.level, c.observed])).toEqual([[0.5, 0.6], [0.8, 0.8], [0.95, 0.8]]);
    expect(s.interval).toBeUndefined(); // issues have no lower percentile
    // ML-11 is still open, so the program has no outcome yet.
    expect(d.program.records).toBe(0);
  });

  it('counts old P80-only snapshots in the hit rate, and scores a finished program with the interval score', async () => {
    const { retro, save } = setup({ 'ML-1': at('2027-01-07'), 'ML-2': at('2027-01-14') });
    // Old-style snapshot (P80 per issue only): ML-1 by its P80 (hit), ML-2 after it (miss).
    await save(snap('ML', 'old', '2026-12-28T09:00:00.000Z', { issueP80: { 'ML-1': '2027-01-08', 'ML-2': '2027-01-12' } }));
    // New snapshot: the program finished on Thu 14 Jan (ML-2's resolution).
    await save(snap('ML', 'new', '2027-01-04T09:00:00.000Z', {
      finishDate: { p50: '2027-01-08', p80: '2027-01-12', p95: '2027-01-14' }, finishDateTails: { p10: '2027-01-06', p90: '2027-01-13' },
      issueP80: { 'ML-1': '2027-01-08', 'ML-2': '2027-01-12', 'GATE-x': '2027-01-12' },
      issueP50: { 'ML-1': '2027-01-06', 'ML-2': '2027-01-11' }, issueP95: { 'ML-1': '2027-01-11', 'ML-2': '2027-01-13' },
    }));
    const r = await retro({ projectKey: 'ML' });
    if (!r.ok) throw new Error(r.error.message);
    const d = r.data;
    expect(d).toMatchObject({ snapshots: 2, resolvedIssues: 2, from: '2026-12-28', to: '2027-01-04' });
    expect(d.issues).toMatchObject({ records: 4, p80Hits: 2, p80HitRate: 0.5 });
    expect(d.issues.score!.count).toBe(2);
    expect(d.warnings.join(' ')).toMatch(/older snapshots/);
    // The old snapshot's program finish: both its issues resolved -> a record (P50/P80/P95 only).
    // The new one: ML-1, ML-2 resolved (GATE-x is not an issue key) -> a record with P10/P90.
    expect(d.program.records).toBe(2);
    const p = d.program.score!;
    // Common percentiles only (the old record has no P10/P90): no interval score when mixed.
    expect(p.calibration.map((c) => c.level)).toEqual([0.5, 0.8, 0.95]);
    expect(p.interval).toBeUndefined();
  });

  it('interval score of the program: P10-P90 width plus 2/alpha times the miss', async () => {
    const { retro, save } = setup({ 'ML-1': at('2027-01-07'), 'ML-2': at('2027-01-14') });
    // Taken on a Saturday: day 0 is Monday 4 Jan, where ML-3 (done before the snapshot) "finishes".
    await save(snap('ML', 'new', '2027-01-02T09:00:00.000Z', {
      start: '2027-01-04',
      finishDate: { p50: '2027-01-08', p80: '2027-01-12', p95: '2027-01-14' }, finishDateTails: { p10: '2027-01-06', p90: '2027-01-13' },
      issueP80: { 'ML-1': '2027-01-08', 'ML-2': '2027-01-12', 'ML-3': '2027-01-04' },
    }));
    const r = await retro({ projectKey: 'ML' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.data.program.records).toBe(1);
    const p = r.data.program.score!;
    // Actual Thu 14: P50 Fri 8 -> +4 working days; missed the P80 (Tue 12).
    expect(p.p50Error.mean).toBeCloseTo(4, 12);
    expect(p.p80HitRate).toBe(0);
    // [Wed 6, Wed 13] is 5 working days wide; the actual is 1 past it: 5 + (2 / 0.2) x 1 = 15.
    expect(p.interval).toMatchObject({ lower: 'p10', upper: 'p90' });
    expect(p.interval!.alpha).toBeCloseTo(0.2, 12);
    expect(p.interval!.mean).toBeCloseTo(15, 12);
  });

  it('new snapshots store per-issue P50/P95 and the program tails', () => {
    const task = { id: 'ML-1', finishDate: { p50: '2027-01-06', p80: '2027-01-08', p90: '2027-01-11', p95: '2027-01-12' } };
    const pf = {
      projectKey: 'ML', start: '2027-01-04', inputHash: 'h',
      forecast: {
        tasks: [task], iterations: 100, drivers: [],
        finishDate: { p10: '2027-01-05', p50: '2027-01-06', p80: '2027-01-08', p90: '2027-01-11', p95: '2027-01-12' },
        finishDays: { p50: 2, p80: 4, p95: 6 }, deterministic: { criticalPath: ['ML-1'], finishDate: '2027-01-06' },
      },
    } as unknown as Parameters<typeof snapshotSummary>[0];
    const s = snapshotSummary(pf, 'id', '2027-01-04T09:00:00.000Z', 'manual');
    expect(s).toMatchObject({ issueP50: { 'ML-1': '2027-01-06' }, issueP80: { 'ML-1': '2027-01-08' }, issueP95: { 'ML-1': '2027-01-12' }, finishDateTails: { p10: '2027-01-05', p90: '2027-01-11' } });
  });
});
