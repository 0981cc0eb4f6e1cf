/**
 * Forecast snapshots (the forecast page's History tab, and the weekly trigger's record), their
 * retention, and "why it moved" between two of them.
 *
 * A snapshot is a summary (P50/P80/P95, due probability, critical path, top drivers, per-issue
 * P80 (and, from K4 on, per-issue P50/P95 for the accuracy retrospective), input hash) under `snap:` plus, separately, a compact copy of the plan it was computed
 * from under `snapplan:` (the expanded plan with task names and Jira metadata stripped): two
 * copies are what explain-shift.ts needs to decompose a move.
 *
 * Retention (applied after every snapshot; RETENTION below), newest first:
 *   1. every snapshot of the last 12 weeks is kept;
 *   2. before that, the newest snapshot of each calendar month, for 24 months; others are deleted;
 *   3. plan copies are kept for the newest 12 snapshots only (older ones stay as summaries and
 *      can no longer be explained; baselines keep their own figures);
 *   4. if the project's snapshots still hold more than 4 MiB (summaries + plan copies, as JSON),
 *      the oldest plan copies go first, then the oldest snapshots; the newest is never touched.
 * Forge KVS: values over 240 KiB are chunked by forge-kvs-storage.ts, so a big plan copy is
 * several writes; the byte cap bounds a project's share of the installation's storage.
 */
import type { Plan } from '../engine/plan';
import { compilePlan } from '../engine/compile-plan';
import { explainShift, ShiftError } from '../engine/history/explain-shift';
import type { ProjectForecast, ResolverDefs, SnapshotSummary, WhyMoved } from './contract';
import { invalidPayload, ResolverFailure } from './errors';
import { DEFAULT_SEED, loadScope, loadSettings, projectForecastWithScope } from './project-forecast';
import { forecastInCall } from './run-forecast';
import { evaluateAndStoreFlags } from './replanning';
import { jiraFor, type CallContext, type Services } from './services';
import { optionalInt, projectKey, type Raw } from './validate-payload';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

/** What is stored: the summary plus its storage bookkeeping. */
export type StoredSnapshot = SnapshotSummary & { summaryBytes?: number; planBytes?: number };

export interface RetentionPolicy {
  recentWeeks: number;
  monthlyMonths: number;
  planCopies: number;
  maxBytes: number;
}
export const RETENTION: RetentionPolicy = { recentWeeks: 12, monthlyMonths: 24, planCopies: 12, maxBytes: 4 * 1024 * 1024 };

const DAY_MS = 86_400_000;
const TOP_DRIVERS = 5;

/** The plan as a snapshot keeps it: everything the forecast depends on, without names and Jira metadata. */
export function compactPlan(plan: Plan): Plan {
  const { name: _n, ...rest } = plan;
  return {
    ...rest,
    tasks: plan.tasks.map((t) => {
      const { name: _tn, meta: _m, ...task } = t;
      return task;
    }),
  };
}

export function snapshotSummary(pf: ProjectForecast, id: string, takenAt: string, trigger: 'manual' | 'weekly'): SnapshotSummary {
  const f = pf.forecast;
  const issueP80: Record<string, string> = {};
  const issueP50: Record<string, string> = {};
  const issueP95: Record<string, string> = {};
  for (const t of f.tasks) {
    issueP80[t.id] = t.finishDate.p80;
    issueP50[t.id] = t.finishDate.p50;
    issueP95[t.id] = t.finishDate.p95;
  }
  const snap: SnapshotSummary = {
    id,
    projectKey: pf.projectKey,
    takenAt,
    finishDate: { p50: f.finishDate.p50, p80: f.finishDate.p80, p95: f.finishDate.p95 },
    finishDays: { p50: f.finishDays.p50, p80: f.finishDays.p80, p95: f.finishDays.p95 },
    start: pf.start,
    iterations: f.iterations,
    trigger,
    criticalPath: f.deterministic.criticalPath,
    inputHash: pf.inputHash,
    drivers: f.drivers.slice(0, TOP_DRIVERS).map((d) => ({ id: d.id, criticality: d.criticality, cruciality: d.cruciality })),
    deterministicFinish: f.deterministic.finishDate,
    issueP80,
    issueCount: f.tasks.length,
    // For the accuracy retrospective (accuracy.ts): the whole per-issue spread and the program's tails.
    issueP50,
    issueP95,
    finishDateTails: { p10: f.finishDate.p10, p90: f.finishDate.p90 },
  };
  if (f.due) {
    snap.dueProbability = f.due.probability;
    snap.due = f.due.date;
  }
  return snap;
}

export interface RetentionEntry {
  id: string;
  takenAt: string;
  hasPlan: boolean;
  summaryBytes: number;
  planBytes: number;
}

/** Which snapshots to delete and which plan copies to drop (pure; see the banner for the policy). */
export function retentionPlan(entries: readonly RetentionEntry[], now: string, policy: RetentionPolicy = RETENTION): { remove: string[]; dropPlan: string[] } {
  const newest = [...entries].sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : a.id < b.id ? 1 : -1));
  const nowMs = Date.parse(now);
  const recentFrom = nowMs - policy.recentWeeks * 7 * DAY_MS;
  const monthFrom = new Date(nowMs);
  monthFrom.setUTCMonth(monthFrom.getUTCMonth() - policy.monthlyMonths);
  const remove = new Set<string>();
  const monthsSeen = new Set<string>();
  newest.forEach((e, i) => {
    const t = Date.parse(e.takenAt);
    if (i === 0 || t >= recentFrom) return;
    const month = e.takenAt.slice(0, 7);
    if (t < monthFrom.getTime() || monthsSeen.has(month)) remove.add(e.id);
    else monthsSeen.add(month);
  });
  const kept = newest.filter((e) => !remove.has(e.id));
  const dropPlan = new Set<string>();
  kept.forEach((e, i) => { if (e.hasPlan && i >= policy.planCopies) dropPlan.add(e.id); });
  const bytes = () => kept.reduce((sum, e) => sum + (remove.has(e.id) ? 0 : e.summaryBytes + (e.hasPlan && !dropPlan.has(e.id) ? e.planBytes : 0)), 0);
  for (let i = kept.length - 1; i >= 1 && bytes() > policy.maxBytes; i--) {
    if (kept[i].hasPlan && !dropPlan.has(kept[i].id)) dropPlan.add(kept[i].id);
  }
  for (let i = kept.length - 1; i >= 1 && bytes() > policy.maxBytes; i--) {
    remove.add(kept[i].id);
    dropPlan.delete(kept[i].id);
  }
  return { remove: [...remove], dropPlan: [...dropPlan] };
}

/** Applies the retention policy to a project's stored snapshots. */
export async function applyRetention(s: Services, key: string, policy: RetentionPolicy = RETENTION): Promise<{ removed: number; plansDropped: number }> {
  const entries = await s.store.snapshotEntries(key);
  const stored = entries.map((e) => e.value as StoredSnapshot);
  const plan = retentionPlan(stored.map((v) => ({
    id: v.id, takenAt: v.takenAt, hasPlan: !!v.hasPlan,
    summaryBytes: v.summaryBytes ?? JSON.stringify(v).length, planBytes: v.planBytes ?? 0,
  })), s.deps.now().toISOString(), policy);
  const removeIds = new Set(plan.remove), dropIds = new Set(plan.dropPlan);
  for (const { key: storeKey, value } of entries) {
    const v = value as StoredSnapshot;
    if (removeIds.has(v.id)) await s.store.deleteSnapshot(key, v.takenAt, v.id);
    else if (dropIds.has(v.id)) {
      await s.store.deleteSnapshotPlan(key, v.takenAt, v.id);
      const lean: StoredSnapshot = { ...v, hasPlan: false, planBytes: 0 };
      await s.store.putSnapshotAt(storeKey, lean);
    }
  }
  return { removed: removeIds.size, plansDropped: dropIds.size };
}

export async function takeProjectSnapshot(s: Services, ctx: CallContext, key: string, trigger: 'manual' | 'weekly'): Promise<SnapshotSummary> {
  const previous = (await s.store.snapshots(key)).at(-1);
  const { pf, scope } = await projectForecastWithScope(s, ctx, { projectKey: key }, { overBudget: 'reduce' });
  const takenAt = s.deps.now().toISOString();
  const snap: StoredSnapshot = { ...snapshotSummary(pf, s.newId(), takenAt, trigger), hasPlan: true };
  const plan = compactPlan(scope.plan);
  snap.planBytes = JSON.stringify(plan).length;
  snap.summaryBytes = JSON.stringify(snap).length;
  // Plan copy first: a summary that says hasPlan always has one.
  await s.store.saveSnapshotPlan(key, takenAt, snap.id, plan);
  await s.store.saveSnapshot(key, takenAt, snap.id, snap);
  await evaluateAndStoreFlags(s, pf, 'snapshot', previous);
  await applyRetention(s, key);
  return publicSnapshot(snap, true);
}

/** The summary as the panels get it: without storage bookkeeping, and without per-issue P80s in lists. */
function publicSnapshot(v: StoredSnapshot, withIssues: boolean): SnapshotSummary {
  const { summaryBytes: _s, planBytes: _p, issueP80, issueP50: _p50, issueP95: _p95, ...rest } = v;
  return withIssues && issueP80 ? { ...rest, issueP80 } : rest;
}

export async function takeSnapshot(s: Services, ctx: CallContext, p: Raw): Promise<R<'takeSnapshot'>> {
  return takeProjectSnapshot(s, ctx, projectKey(p), 'manual');
}

/** Snapshots of a project, oldest first (per-issue P80s left out; `issueCount` says how many). */
export async function listSnapshots(s: Services, _ctx: CallContext, p: Raw): Promise<R<'listSnapshots'>> {
  return (await s.store.snapshots(projectKey(p))).map((v) => publicSnapshot(v as StoredSnapshot, false));
}

const SNAPSHOT_ID = /^[A-Za-z0-9_-]{1,64}$/;
function snapshotId(p: Raw, field: string, required: true): string;
function snapshotId(p: Raw, field: string, required: false): string | undefined;
function snapshotId(p: Raw, field: string, required: boolean): string | undefined {
  const v = p[field];
  if (v === undefined || v === null) {
    if (required) throw invalidPayload(`${field} must be a snapshot id`, field);
    return undefined;
  }
  if (typeof v !== 'string' || !SNAPSHOT_ID.test(v)) throw invalidPayload(`${field} must be a snapshot id, got ${JSON.stringify(v)}`, field);
  return v;
}

/** Forecasts per explanation: the two ends and up to six categories. */
const SHIFT_FORECASTS = 7;
const SHIFT_ITERATIONS = 2000;

/** Why the forecast moved from snapshot `from` to snapshot `to` (absent: the current plan), by category. */
export async function explainForecastShift(s: Services, ctx: CallContext, p: Raw): Promise<R<'explainForecastShift'>> {
  const key = projectKey(p);
  const fromId = snapshotId(p, 'from', true);
  const toId = snapshotId(p, 'to', false);
  const wanted = optionalInt(p, 'iterations', 100, 20_000) ?? SHIFT_ITERATIONS;
  const snaps = (await s.store.snapshots(key)) as StoredSnapshot[];
  const planOf = async (id: string, field: string): Promise<{ snap: StoredSnapshot; plan: Plan }> => {
    const snap = snaps.find((x) => x.id === id);
    if (!snap) throw new ResolverFailure('not-found', `no snapshot ${id} of ${key}`, [field]);
    const plan = snap.hasPlan ? await s.store.getSnapshotPlan<Plan>(key, snap.takenAt, snap.id) : undefined;
    if (!plan) throw new ResolverFailure('plan-dropped', `snapshot ${id} of ${key} (${snap.takenAt.slice(0, 10)}) no longer keeps its plan (retention keeps the newest ${RETENTION.planCopies})`, [field]);
    return { snap, plan };
  };
  const from = await planOf(fromId, 'from');
  let to: { snap?: StoredSnapshot; plan: Plan };
  if (toId) to = await planOf(toId, 'to');
  else {
    const settings = await loadSettings(s);
    to = { plan: compactPlan((await loadScope(s, jiraFor(s, ctx), { projectKey: key }, settings)).plan) };
  }
  const n = Math.max(from.plan.tasks.length, to.plan.tasks.length);
  // Up to seven forecasts share one call's simulation budget; never fewer than 200 iterations.
  const iterations = Math.max(200, Math.min(wanted, Math.floor(s.limits.inCallTaskSamples / (n * SHIFT_FORECASTS) / 100) * 100));
  const spec = { iterations, seed: DEFAULT_SEED, batchSize: s.limits.batchSize };
  let x;
  try {
    x = explainShift(from.plan, to.plan, { iterations, seed: spec.seed, run: (plan) => forecastInCall(compilePlan(plan), spec) });
  } catch (e) {
    if (e instanceof ShiftError) throw new ResolverFailure(e.code, e.message, e.culprit ? [e.culprit] : []);
    throw e;
  }
  const out: WhyMoved = {
    projectKey: key,
    from: { ...x.from, snapshotId: from.snap.id, takenAt: from.snap.takenAt },
    to: { ...x.to, ...(to.snap ? { snapshotId: to.snap.id, takenAt: to.snap.takenAt } : {}) },
    total: x.total, steps: x.steps, order: x.order, iterations: x.iterations, seed: x.seed, notes: x.notes,
  };
  return out;
}
