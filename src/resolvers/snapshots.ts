/** Forecast snapshots (the forecast page's history, and the weekly trigger's record). */
import type { ResolverDefs, SnapshotSummary } from './contract';
import { projectForecast } from './project-forecast';
import type { CallContext, Services } from './services';
import { projectKey, type Raw } from './validate-payload';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

export async function takeProjectSnapshot(s: Services, ctx: CallContext, key: string, trigger: 'manual' | 'weekly'): Promise<SnapshotSummary> {
  const pf = await projectForecast(s, ctx, { projectKey: key }, { overBudget: 'reduce' });
  const takenAt = s.deps.now().toISOString();
  const f = pf.forecast;
  const snap: SnapshotSummary = {
    id: s.newId(),
    projectKey: key,
    takenAt,
    finishDate: { p50: f.finishDate.p50, p80: f.finishDate.p80, p95: f.finishDate.p95 },
    finishDays: { p50: f.finishDays.p50, p80: f.finishDays.p80, p95: f.finishDays.p95 },
    start: pf.start,
    iterations: f.iterations,
    trigger,
    criticalPath: f.deterministic.criticalPath,
    inputHash: pf.inputHash,
  };
  if (f.due) snap.dueProbability = f.due.probability;
  await s.store.saveSnapshot(key, takenAt, snap.id, snap);
  return snap;
}

export async function takeSnapshot(s: Services, ctx: CallContext, p: Raw): Promise<R<'takeSnapshot'>> {
  return takeProjectSnapshot(s, ctx, projectKey(p), 'manual');
}

/** Snapshots of a project, oldest first. */
export async function listSnapshots(s: Services, _ctx: CallContext, p: Raw): Promise<R<'listSnapshots'>> {
  return s.store.snapshots(projectKey(p));
}
