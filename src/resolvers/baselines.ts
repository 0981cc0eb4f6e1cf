/**
 * Named baselines: the forecast of a day kept under a name ("Q3 commit"), with each issue's P80
 * and planned (deterministic) finish, so the program's and every issue's variance can be shown
 * later. Variance is in working days of the current calendar (positive = later than baselined).
 * A baseline is small (two dates per issue) and is never removed by snapshot retention.
 */
import type { BaselineSummary, BaselineVariance, IssueVariance, ProjectForecast, ResolverDefs } from './contract';
import { invalidPayload, ResolverFailure } from './errors';
import { projectForecast } from './project-forecast';
import type { CallContext, Services } from './services';
import { projectKey, type Raw } from './validate-payload';
import { WorkingCalendar } from '../engine/working-calendar';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

export type BaselineRecord = BaselineSummary & { issues: Record<string, { p80?: string; finish?: string }> };

export function baselineRecord(pf: ProjectForecast, id: string, name: string, savedAt: string): BaselineRecord {
  const f = pf.forecast;
  const issues: BaselineRecord['issues'] = {};
  for (const t of pf.schedule.tasks) issues[t.id] = { finish: t.finishDate };
  for (const t of f.tasks) issues[t.id] = { ...issues[t.id], p80: t.finishDate.p80 };
  const b: BaselineRecord = {
    id, projectKey: pf.projectKey, name, savedAt, start: pf.start,
    finishDate: { p50: f.finishDate.p50, p80: f.finishDate.p80, p95: f.finishDate.p95 },
    deterministicFinish: f.deterministic.finishDate,
    inputHash: pf.inputHash,
    issueCount: Object.keys(issues).length,
    issues,
  };
  if (f.due) {
    b.due = f.due.date;
    b.dueProbability = f.due.probability;
  }
  return b;
}

export function baselineSummary(b: BaselineRecord): BaselineSummary {
  const { issues: _i, ...rest } = b;
  return rest;
}

/** Working days from date a to date b in the forecast's calendar (positive when b is later). */
export function workingDaysBetween(pf: Pick<ProjectForecast, 'start' | 'calendar'>, a: string, b: string): number {
  const cal = new WorkingCalendar(pf.start, pf.calendar);
  return cal.workingDaysBefore(b) - cal.workingDaysBefore(a);
}

export function baselineVariance(b: BaselineRecord, pf: ProjectForecast, computedAt: string): BaselineVariance {
  const between = (x: string, y: string) => workingDaysBetween(pf, x, y);
  const current = new Map<string, { p80?: string; finish?: string }>();
  for (const t of pf.schedule.tasks) current.set(t.id, { finish: t.finishDate });
  for (const t of pf.forecast.tasks) current.set(t.id, { ...current.get(t.id), p80: t.finishDate.p80 });
  const issues: IssueVariance[] = [];
  for (const [key, now] of current) {
    const was = b.issues[key];
    if (!was) {
      issues.push({ key, added: true, ...(now.p80 ? { currentP80: now.p80 } : {}), ...(now.finish ? { currentFinish: now.finish } : {}) });
      continue;
    }
    const v: IssueVariance = { key };
    if (was.p80 && now.p80) Object.assign(v, { p80Days: between(was.p80, now.p80), baselineP80: was.p80, currentP80: now.p80 });
    if (was.finish && now.finish) Object.assign(v, { finishDays: between(was.finish, now.finish), baselineFinish: was.finish, currentFinish: now.finish });
    issues.push(v);
  }
  for (const key of Object.keys(b.issues)) if (!current.has(key)) issues.push({ key, removed: true, baselineP80: b.issues[key].p80, baselineFinish: b.issues[key].finish });
  const slip = (v: IssueVariance) => v.p80Days ?? v.finishDays ?? -Infinity;
  issues.sort((x, y) => slip(y) - slip(x) || (x.key < y.key ? -1 : 1));
  const f = pf.forecast;
  return {
    baseline: baselineSummary(b),
    computedAt,
    program: {
      p80Days: between(b.finishDate.p80, f.finishDate.p80),
      finishDays: between(b.deterministicFinish, f.deterministic.finishDate),
      baselineP80: b.finishDate.p80, currentP80: f.finishDate.p80,
      baselineFinish: b.deterministicFinish, currentFinish: f.deterministic.finishDate,
    },
    issues,
  };
}

function baselineName(p: Raw): string {
  const v = p.name;
  if (typeof v !== 'string' || v.trim().length === 0 || v.length > 80) throw invalidPayload('name must be 1-80 characters', 'name');
  return v.trim();
}

export async function saveBaseline(s: Services, ctx: CallContext, p: Raw): Promise<R<'saveBaseline'>> {
  const key = projectKey(p);
  const name = baselineName(p);
  const pf = await projectForecast(s, ctx, { projectKey: key }, { overBudget: 'reduce' });
  const savedAt = s.deps.now().toISOString();
  const b = baselineRecord(pf, s.newId(), name, savedAt);
  await s.store.saveBaseline(key, savedAt, b.id, b);
  return baselineSummary(b);
}

export async function listBaselines(s: Services, _ctx: CallContext, p: Raw): Promise<R<'listBaselines'>> {
  return (await s.store.baselines<BaselineRecord>(projectKey(p))).map(baselineSummary);
}

/** The newest baseline of a project, if any. */
export async function latestBaseline(s: Services, key: string): Promise<BaselineRecord | undefined> {
  return (await s.store.baselines<BaselineRecord>(key)).at(-1);
}

export async function getBaselineVariance(s: Services, ctx: CallContext, p: Raw): Promise<R<'getBaselineVariance'>> {
  const key = projectKey(p);
  const id = p.baselineId;
  if (id !== undefined && (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id))) throw invalidPayload('baselineId must be a baseline id', 'baselineId');
  const all = await s.store.baselines<BaselineRecord>(key);
  const b = id ? all.find((x) => x.id === id) : all.at(-1);
  if (!b) throw new ResolverFailure('not-found', id ? `no baseline ${id} of ${key}` : `${key} has no baseline yet: save one first`, [id ? 'baselineId' : key]);
  const pf = await projectForecast(s, ctx, { projectKey: key }, { overBudget: 'reduce' });
  return baselineVariance(b, pf, s.deps.now().toISOString());
}
