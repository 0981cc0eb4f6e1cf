/**
 * Re-planning triggers: thresholds from `settings.replanning` checked on every snapshot and on
 * every default-scope forecast (getProjectForecast without a trial due date or JQL); the latest
 * flags of each project are stored (`flags:<projectKey>`) and listed for the PM.
 *
 * Checks (thresholds: settings.replanning; when it is absent, DEFAULT_REPLANNING; when it is
 * present, a check whose field is absent is off):
 *   p80-slip         the P80 finish moved later by more than `p80SlipDays` working days since the
 *                    newest baseline, or since the last snapshot (each reported separately)
 *   due-probability  P(finish by the due date) below `minDueProbability`
 *   critical-path    the deterministic critical path is not the one of the last snapshot
 *   gate-at-risk     a review gate's P80 finish is after its due date (its own, else the
 *                    project's), or a required gate is missing (health finding HC-MISSING-GATE)
 */
import type { ProjectForecast, ReplanningFlag, ReplanningSettings, ReplanningStatus, ResolverDefs, Settings, SnapshotSummary } from './contract';
import { latestBaseline, workingDaysBetween, type BaselineRecord } from './baselines';
import { loadSettings } from './project-forecast';
import type { CallContext, Services } from './services';
import { projectKey, type Raw } from './validate-payload';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

/** The thresholds: settings.replanning's shape (validated in settings.ts, edited on the admin page). */
export type ReplanningThresholds = ReplanningSettings;

export const DEFAULT_REPLANNING: Required<ReplanningThresholds> = { p80SlipDays: 5, minDueProbability: 0.5, criticalPathChange: true, gateAtRisk: true };

export function thresholdsOf(settings: Settings): ReplanningThresholds {
  const r: ReplanningThresholds | undefined = settings.replanning;
  return r && typeof r === 'object' ? r : DEFAULT_REPLANNING;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function evaluateReplanning(
  pf: ProjectForecast,
  t: ReplanningThresholds,
  ref: { previous?: Pick<SnapshotSummary, 'takenAt' | 'finishDate' | 'criticalPath'>; baseline?: Pick<BaselineRecord, 'name' | 'finishDate'> },
): ReplanningFlag[] {
  const flags: ReplanningFlag[] = [];
  const f = pf.forecast;
  if (t.p80SlipDays !== undefined) {
    const check = (was: string, since: string, what: string) => {
      const slip = workingDaysBetween(pf, was, f.finishDate.p80);
      if (slip > t.p80SlipDays!) {
        flags.push({
          kind: 'p80-slip', severity: slip > 2 * t.p80SlipDays! ? 'error' : 'warning', value: slip, threshold: t.p80SlipDays, since,
          message: `P80 slipped ${slip} working days since ${what} (${was} → ${f.finishDate.p80}); the threshold is ${t.p80SlipDays}.`,
        });
      }
    };
    if (ref.baseline) check(ref.baseline.finishDate.p80, `baseline:${ref.baseline.name}`, `baseline "${ref.baseline.name}"`);
    if (ref.previous) check(ref.previous.finishDate.p80, `snapshot:${ref.previous.takenAt}`, `the snapshot of ${ref.previous.takenAt.slice(0, 10)}`);
  }
  if (t.minDueProbability !== undefined && f.due && f.due.probability < t.minDueProbability) {
    flags.push({
      kind: 'due-probability', severity: f.due.probability < t.minDueProbability / 2 ? 'error' : 'warning', value: f.due.probability, threshold: t.minDueProbability,
      message: `Only ${pct(f.due.probability)} chance to finish by ${f.due.date}; the threshold is ${pct(t.minDueProbability)}.`,
    });
  }
  if (t.criticalPathChange && ref.previous) {
    const was = ref.previous.criticalPath, now = f.deterministic.criticalPath;
    if (was.join('\u0000') !== now.join('\u0000')) {
      const joined = now.filter((k) => !was.includes(k)), left = was.filter((k) => !now.includes(k));
      const parts = [joined.length ? `now on it: ${joined.slice(0, 5).join(', ')}${joined.length > 5 ? '…' : ''}` : '', left.length ? `off it: ${left.slice(0, 5).join(', ')}${left.length > 5 ? '…' : ''}` : ''].filter(Boolean);
      flags.push({
        kind: 'critical-path', severity: 'warning', since: `snapshot:${ref.previous.takenAt}`, issues: [...joined, ...left],
        message: `The critical path changed since the snapshot of ${ref.previous.takenAt.slice(0, 10)}${parts.length ? ` (${parts.join('; ')})` : ' (same issues, new order)'}.`,
      });
    }
  }
  if (t.gateAtRisk) {
    const tasks = new Map(f.tasks.map((x) => [x.id, x]));
    const late: string[] = [];
    for (const i of pf.issues) {
      if (!i.gate) continue;
      const due = i.due ?? pf.due;
      const p80 = tasks.get(i.key)?.finishDate.p80;
      if (due && p80 && p80 > due) late.push(i.key);
    }
    if (late.length) {
      flags.push({ kind: 'gate-at-risk', severity: 'error', issues: late, message: `Review gate${late.length === 1 ? '' : 's'} ${late.join(', ')} finish${late.length === 1 ? 'es' : ''} after the due date at P80.` });
    }
    const missing = (pf.health ?? []).filter((h) => h.id === 'HC-MISSING-GATE');
    if (missing.length) {
      const keys = [...new Set(missing.flatMap((h) => h.tasks))];
      flags.push({ kind: 'gate-at-risk', severity: 'error', issues: keys, message: `A required review gate is missing upstream of ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? '…' : ''} (a placeholder stands in).` });
    }
  }
  return flags;
}

/**
 * Evaluates the flags of a forecast against the newest baseline and the last snapshot (the one
 * before it, for a snapshot: `previous`), and stores them as the project's latest.
 */
export async function evaluateAndStoreFlags(s: Services, pf: ProjectForecast, source: 'forecast' | 'snapshot', previous?: SnapshotSummary): Promise<ReplanningStatus> {
  const settings = await loadSettings(s);
  const prev = source === 'snapshot' ? previous : (await s.store.snapshots(pf.projectKey)).at(-1);
  const baseline = await latestBaseline(s, pf.projectKey);
  const status: ReplanningStatus = {
    projectKey: pf.projectKey, evaluatedAt: s.deps.now().toISOString(), source,
    flags: evaluateReplanning(pf, thresholdsOf(settings), { previous: prev, baseline }),
  };
  // A panel reload that changes nothing does not write.
  const stored = await s.store.getFlags<ReplanningStatus>(pf.projectKey);
  if (!stored || stored.source !== source || JSON.stringify(stored.flags) !== JSON.stringify(status.flags)) await s.store.saveFlags(pf.projectKey, status);
  return status;
}

/** The latest flags: of one project, or of every project that has some (projects with none are left out). */
export async function listReplanningFlags(s: Services, _ctx: CallContext, p: Raw): Promise<R<'listReplanningFlags'>> {
  if (p.projectKey !== undefined) {
    const one = await s.store.getFlags<ReplanningStatus>(projectKey(p));
    return one ? [one] : [];
  }
  return (await s.store.allFlags<ReplanningStatus>()).filter((x) => x.flags.length > 0);
}
