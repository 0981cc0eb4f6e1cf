/**
 * Jira product triggers and the weekly scheduled trigger.
 * Issue and link events mark every cached forecast stale by bumping the cache generation: an
 * issue may be a predecessor in other projects' scopes, so per-project invalidation would miss
 * cross-project links. Stale only means "reload from Jira": a reload whose plan is unchanged
 * still reuses the stored result (content hash), so frequent events cost Jira reads, not
 * simulations. The weekly trigger snapshots every project that has been forecast, as the app.
 */
import { randomUUID } from 'node:crypto';
import { takeProjectSnapshot } from './snapshots';
import { toResolverError } from './errors';
import type { Services } from './services';

export async function bumpGeneration(s: Services): Promise<string> {
  const token = `${s.deps.now().toISOString()}#${randomUUID()}`;
  await s.store.bumpGeneration(token);
  return token;
}

/** Product trigger handler (avi:jira:updated:issue, created/deleted:issuelink). */
export async function invalidateForecasts(s: Services, _event: unknown): Promise<void> {
  await bumpGeneration(s);
}

export interface WeeklySnapshotOutcome {
  taken: string[];
  failed: Array<{ projectKey: string; code: string; message: string }>;
}

/** Scheduled trigger handler: one snapshot per known project; one project's failure does not stop the others. */
export async function weeklySnapshot(s: Services): Promise<WeeklySnapshotOutcome> {
  const out: WeeklySnapshotOutcome = { taken: [], failed: [] };
  for (const p of await s.store.projects()) {
    try {
      await takeProjectSnapshot(s, { asApp: true }, p.projectKey, 'weekly');
      out.taken.push(p.projectKey);
    } catch (e) {
      const err = toResolverError(e);
      out.failed.push({ projectKey: p.projectKey, code: err.code, message: err.message });
    }
  }
  return out;
}
