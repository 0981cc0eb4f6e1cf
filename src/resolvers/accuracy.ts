/**
 * The accuracy retrospective (issue #7): how good the stored snapshots' forecasts were, now that
 * some of what they forecast has resolved.
 *
 * Method: one JQL search finds the project's issues resolved since the first snapshot's day (with
 * their resolution dates). Records, in working days on the project's calendar:
 *   - issue records: per snapshot, per issue it forecast that resolved after the snapshot was
 *     taken: its percentiles then vs the resolution day. Every snapshot stores the issue's P80;
 *     snapshots from K4 on also store P50/P95, and only those go into the full score.
 *   - program records: per snapshot whose open issues have all resolved since: the program's
 *     P50/P80/P95 (and P10/P90 when stored, for the interval score) vs the last resolution day.
 *     "Open at the snapshot" = an issue whose P80 fell after the snapshot's day 0 (`start`; a done
 *     issue's forecast finish is day 0 itself); ids that are not issue keys
 *     (e.g. synthetic tasks) are left out of that test.
 * Scores come from K1's scoreForecasts (P80 hit rate, P50 error, calibration rows, interval score).
 * Assumptions: the project's scope is its own issues (issues of other projects in a snapshot are
 * not searched, so a snapshot with open ones never counts as a finished program); an issue resolved, reopened and resolved again counts its last resolution.
 * Cost: one paged search (resolutiondate only) + O(snapshots x issues).
 */
import type { CalendarSpec } from '../engine/plan';
import { HistoryError } from '../engine/history/history-error';
import { scoreForecasts, type ForecastRecord, type ForecastScore } from '../engine/history/score-forecasts';
import { searchJql } from '../jira/search-jql';
import type { AccuracyRetrospective, AccuracyScore, ResolverDefs } from './contract';
import { loadSettings } from './project-forecast';
import type { StoredSnapshot } from './snapshots';
import { jiraFor, type CallContext, type Services } from './services';
import { ISSUE_KEY, projectKey, type Raw } from './validate-payload';
import { resolvedSinceJql } from '../jira/work-history';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

/** More resolved issues than this since the oldest snapshot: the search fails with too-many-issues (100 a page, so at most 100 requests). */
const MAX_RESOLVED = 10_000;

export { resolvedSinceJql };

const day = (iso: string): string => iso.slice(0, 10);

function asScore(s: ForecastScore): AccuracyScore {
  return { count: s.count, p80HitRate: s.p80HitRate, p50Error: s.p50Error, calibration: s.calibration, ...(s.interval ? { interval: s.interval } : {}) };
}

/** Builds the retrospective from snapshots and resolution times (pure apart from the calendar). */
export function retrospective(key: string, snaps: readonly StoredSnapshot[], resolved: ReadonlyMap<string, string>, calendar?: CalendarSpec): AccuracyRetrospective {
  const issueFull: ForecastRecord[] = [];
  const program: ForecastRecord[] = [];
  let p80Records = 0, p80Hits = 0;
  const used = new Set<string>();
  const days: string[] = [];
  const warnings: string[] = [];
  for (const s of snaps) {
    const taken = s.takenAt;
    let contributed = false;
    let allDone = true, last = '';
    // A done issue's forecast finish is the plan's day 0 (the snapshot's start: the next working day on weekends).
    const dayZero = s.start ?? day(taken);
    for (const [id, p80] of Object.entries(s.issueP80 ?? {})) {
      const at = resolved.get(id);
      const open = day(p80) > dayZero;
      if (!at || at <= taken) {
        if (open && ISSUE_KEY.test(id)) allDone = false;
        continue;
      }
      const actual = day(at);
      if (actual > last) last = actual;
      p80Records++;
      if (actual <= day(p80)) p80Hits++;
      used.add(id);
      contributed = true;
      const p50 = s.issueP50?.[id], p95 = s.issueP95?.[id];
      if (p50 && p95) issueFull.push({ actual, p50: day(p50), p80: day(p80), p95: day(p95) });
    }
    if (allDone && last) {
      const f = s.finishDate;
      program.push({ actual: last, p50: f.p50, p80: f.p80, p95: f.p95, ...(s.finishDateTails ? { p10: s.finishDateTails.p10, p90: s.finishDateTails.p90 } : {}) });
    }
    if (contributed) days.push(day(taken));
  }
  const score = (records: ForecastRecord[], what: string): AccuracyScore | undefined => {
    if (!records.length) return undefined;
    // Snapshots from before P10/P90 were stored: keep the common percentiles (scoreForecasts uses those all records have).
    try {
      return asScore(scoreForecasts(records, calendar ? { calendar } : {}));
    } catch (e) {
      if (e instanceof HistoryError) {
        warnings.push(`${what} could not be scored: ${e.message}`);
        return undefined;
      }
      throw e;
    }
  };
  const issueScore = score(issueFull, 'the issue forecasts');
  const programScore = score(program, 'the program forecasts');
  days.sort();
  const out: AccuracyRetrospective = {
    projectKey: key,
    snapshots: snaps.length,
    ...(days.length ? { from: days[0], to: days[days.length - 1] } : {}),
    resolvedIssues: used.size,
    issues: { records: p80Records, p80Hits, ...(p80Records ? { p80HitRate: p80Hits / p80Records } : {}), ...(issueScore ? { score: issueScore } : {}) },
    program: { records: program.length, ...(programScore ? { score: programScore } : {}) },
    warnings,
  };
  if (!snaps.length) out.empty = 'no-snapshots';
  else if (!p80Records) out.empty = 'nothing-resolved';
  if (p80Records > issueFull.length && issueFull.length) warnings.push(`${p80Records - issueFull.length} of the ${p80Records} issue records come from older snapshots that kept only the P80: they count in the P80 hit rate only`);
  return out;
}

export async function getAccuracyRetrospective(s: Services, ctx: CallContext, p: Raw): Promise<R<'getAccuracyRetrospective'>> {
  const key = projectKey(p);
  const snaps = (await s.store.snapshots(key)) as StoredSnapshot[];
  if (!snaps.length) return retrospective(key, [], new Map());
  const settings = await loadSettings(s);
  const since = snaps.map((x) => day(x.takenAt)).sort()[0];
  const found = await searchJql(jiraFor(s, ctx), { jql: resolvedSinceJql(key, since), fields: ['resolutiondate'], maxIssues: MAX_RESOLVED });
  const resolved = new Map<string, string>();
  for (const issue of found) {
    const at = (issue.fields as { resolutiondate?: string | null } | undefined)?.resolutiondate;
    // Jira's "2027-01-05T14:03:00.000+0000": compared with the snapshot's UTC takenAt as an instant.
    if (typeof at === 'string' && at) resolved.set(issue.key, new Date(Date.parse(at.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))).toISOString());
  }
  return retrospective(key, snaps, resolved, settings.calendar);
}
