/**
 * The estimate of one issue, from the first source that has a usable one:
 *   1. the issue property `converge.estimate` {optimistic, mostLikely, pessimistic,
 *      distribution, successProbability?, maxAttempts?} (what the issue panel saves);
 *   2. the configured custom fields (optimistic / mostLikely / pessimistic, in days);
 *   3. time tracking (original or remaining estimate, seconds / (3600 * hoursPerDay));
 *   4. story points x daysPerStoryPoint;
 *   5. the issue type's default estimate, flagged "unestimated".
 * A single number m (time tracking, story points, a lone mostLikely field) becomes
 * PERT(m * 0.75, m, m * 1.5) by default (settings.singlePointSpread). A malformed
 * value gives a 'malformed-estimate' warning naming the issue and the next source is
 * tried. For an in-progress issue, time tracking's remaining estimate (when present)
 * becomes `remaining`, what the forecast samples instead of the full duration.
 * Pure; O(1) per issue.
 */
import { DISTRIBUTIONS, type Attempts, type DistributionKind, type Estimate, type TaskStatus } from '../engine/plan';
import type { JiraIssue } from './jira-types';
import {
  DEFAULT_ESTIMATE_PROPERTY, DEFAULT_HOURS_PER_DAY, DEFAULT_MAX_ATTEMPTS, DEFAULT_SINGLE_POINT_SPREAD,
  type MappingSettings, type ThreePointEstimate,
} from './mapping-settings';
import { MappingError, type MappingWarning } from './mapping-warning';

export type EstimateSource = 'property' | 'field' | 'timetracking' | 'story-points' | 'default';

export interface IssueEstimate {
  estimate: Estimate;
  attempts?: Attempts;
  /** In-progress work left (from time tracking's remaining estimate). */
  remaining?: Estimate;
  source: EstimateSource;
  /** True when the type default was used. */
  unestimated: boolean;
  warnings: MappingWarning[];
}

type Found = { estimate: Estimate; attempts?: Attempts } | { malformed: string } | undefined;

export function estimateForIssue(issue: JiraIssue, settings: MappingSettings, status: TaskStatus): IssueEstimate {
  const warnings: MappingWarning[] = [];
  const spread = settings.singlePointSpread ?? DEFAULT_SINGLE_POINT_SPREAD;
  const secondsPerDay = 3600 * (settings.hoursPerDay ?? DEFAULT_HOURS_PER_DAY);
  const tt = timeTrackingSeconds(issue);
  const remaining =
    status === 'in-progress' && tt.remaining !== undefined && tt.remaining >= 0 ? singlePoint(tt.remaining / secondsPerDay, spread) : undefined;

  const sources: Array<[EstimateSource, () => Found]> = [
    ['property', () => fromProperty(issue.properties?.[settings.estimateProperty ?? DEFAULT_ESTIMATE_PROPERTY])],
    ['field', () => fromFields(issue, settings, spread)],
    ['timetracking', () => fromTimeTracking(tt, status, secondsPerDay, spread)],
    ['story-points', () => fromStoryPoints(issue, settings, spread)],
  ];
  for (const [source, read] of sources) {
    const found = read();
    if (!found) continue;
    if ('malformed' in found) {
      warnings.push({ code: 'malformed-estimate', message: `${issue.key}: ${found.malformed}; using the next estimate source`, issueKeys: [issue.key] });
      continue;
    }
    return { ...found, remaining, source, unestimated: false, warnings };
  }
  const type = issue.fields.issuetype?.name ?? '';
  const fallback = settings.defaultEstimates[type] ?? settings.defaultEstimates['*'] ?? { optimistic: 1, mostLikely: 3, pessimistic: 8, distribution: 'pert' };
  const def = fromThreePoint(fallback);
  if (!def || 'malformed' in def) {
    throw new MappingError('invalid-settings', `the default estimate for issue type ${JSON.stringify(type)} is unusable: ${def ? def.malformed : 'missing'}`, [issue.key]);
  }
  return { estimate: def.estimate, attempts: def.attempts, remaining, source: 'default', unestimated: true, warnings };
}

/**
 * What is left of in-progress work that has run `elapsed` working days with no remaining
 * estimate in Jira: each point x of the estimate becomes max(x - elapsed, OVERRUN_SHARE * x).
 * Both terms grow with x, so the order optimistic <= mostLikely <= pessimistic holds; work
 * already past a point still has a fifth of that point left (an overrun is rarely over the
 * moment it is noticed). Without this, an issue 8 days into a 15-day delivery would be
 * forecast as if it started today.
 */
export const OVERRUN_SHARE = 0.2;
export function creditElapsed(e: Estimate, elapsed: number): Estimate {
  if (!(elapsed > 0)) return { ...e };
  const left = (x: number) => Math.max(x - elapsed, OVERRUN_SHARE * x);
  return { optimistic: left(e.optimistic), mostLikely: left(e.mostLikely), pessimistic: left(e.pessimistic), distribution: e.distribution };
}

/** A single point m as PERT(m * spread.optimistic, m, m * spread.pessimistic); 0 stays a fixed 0. */
export function singlePoint(m: number, spread: { optimistic: number; pessimistic: number }): Estimate {
  if (m === 0) return { optimistic: 0, mostLikely: 0, pessimistic: 0, distribution: 'fixed' };
  return { optimistic: m * spread.optimistic, mostLikely: m, pessimistic: m * spread.pessimistic, distribution: 'pert' };
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** A number from a field value: a number, a numeric string, or an option object { value }. */
export function numberOf(value: unknown): number | undefined {
  if (isNum(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (value && typeof value === 'object' && 'value' in value) return numberOf((value as { value: unknown }).value);
  return undefined;
}

/** Validates a three-point estimate object (the property's shape; also the settings' defaults). */
export function fromThreePoint(raw: unknown): Found {
  if (raw === undefined || raw === null) return undefined;
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { malformed: 'the estimate property is not JSON' };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { malformed: 'the estimate property is not an object' };
  const v = value as Partial<ThreePointEstimate> & Record<string, unknown>;
  const distribution = (v.distribution ?? 'pert') as DistributionKind;
  if (!DISTRIBUTIONS.includes(distribution)) return { malformed: `unknown distribution ${JSON.stringify(v.distribution)}` };
  let { optimistic: a, mostLikely: m, pessimistic: b } = v;
  if (distribution === 'fixed') {
    if (!isNum(m)) return { malformed: 'a fixed estimate needs mostLikely' };
    a = a ?? m;
    b = b ?? m;
  }
  if (distribution === 'lognormal' && m === undefined && isNum(a) && isNum(b) && a > 0 && b > 0) m = Math.sqrt(a * b);
  if (!isNum(a) || !isNum(m) || !isNum(b)) return { malformed: 'optimistic, mostLikely and pessimistic must be numbers (working days)' };
  if (a < 0 || m < 0 || b < 0) return { malformed: 'estimates cannot be negative' };
  if (!(a <= m && m <= b)) return { malformed: `estimates must satisfy optimistic <= mostLikely <= pessimistic (got ${a}, ${m}, ${b})` };
  if (distribution === 'lognormal' && !(a > 0)) return { malformed: 'a lognormal estimate needs optimistic > 0' };
  const estimate: Estimate = { optimistic: a, mostLikely: m, pessimistic: b, distribution };
  if (v.successProbability === undefined && v.maxAttempts === undefined) return { estimate };
  const p = v.successProbability ?? 1;
  const max = v.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!isNum(p) || p <= 0 || p > 1) return { malformed: `successProbability must be in (0, 1] (got ${JSON.stringify(v.successProbability)})` };
  if (!Number.isInteger(max) || max < 1) return { malformed: `maxAttempts must be a whole number >= 1 (got ${JSON.stringify(v.maxAttempts)})` };
  return p === 1 ? { estimate } : { estimate, attempts: { successProbability: p, maxAttempts: max } };
}

function fromProperty(value: unknown): Found {
  return fromThreePoint(value);
}

function fromFields(issue: JiraIssue, settings: MappingSettings, spread: { optimistic: number; pessimistic: number }): Found {
  const ids = settings.estimateFields;
  if (!ids.mostLikely) return undefined;
  const raw = issue.fields[ids.mostLikely];
  if (raw === undefined || raw === null) return undefined;
  const m = numberOf(raw);
  if (m === undefined || m < 0) return { malformed: `field ${ids.mostLikely} (most likely) is not a number of days: ${JSON.stringify(raw)}` };
  const a = ids.optimistic ? numberOf(issue.fields[ids.optimistic]) : undefined;
  const b = ids.pessimistic ? numberOf(issue.fields[ids.pessimistic]) : undefined;
  if (a === undefined && b === undefined) return { estimate: singlePoint(m, spread) };
  return fromThreePoint({ optimistic: a ?? m * spread.optimistic, mostLikely: m, pessimistic: b ?? m * spread.pessimistic, distribution: 'pert' });
}

function timeTrackingSeconds(issue: JiraIssue): { original?: number; remaining?: number } {
  const t = issue.fields.timetracking;
  const original = isNum(t?.originalEstimateSeconds) ? t!.originalEstimateSeconds : isNum(issue.fields.timeoriginalestimate) ? issue.fields.timeoriginalestimate : undefined;
  const remaining = isNum(t?.remainingEstimateSeconds) ? t!.remainingEstimateSeconds : isNum(issue.fields.timeestimate) ? issue.fields.timeestimate : undefined;
  return { original, remaining };
}

/**
 * To-do work: the remaining estimate is Jira's current view of the work (it equals the
 * original until someone changes it), so it wins; in-progress work: the original is
 * the full duration and the remaining estimate becomes `remaining`.
 */
function fromTimeTracking(tt: { original?: number; remaining?: number }, status: TaskStatus, secondsPerDay: number, spread: { optimistic: number; pessimistic: number }): Found {
  const seconds = status === 'todo' ? tt.remaining ?? tt.original : tt.original ?? tt.remaining;
  if (seconds === undefined) return undefined;
  if (seconds < 0) return { malformed: `time tracking estimate is negative (${seconds} s)` };
  return { estimate: singlePoint(seconds / secondsPerDay, spread) };
}

function fromStoryPoints(issue: JiraIssue, settings: MappingSettings, spread: { optimistic: number; pessimistic: number }): Found {
  const id = settings.estimateFields.storyPoints;
  if (!id) return undefined;
  const raw = issue.fields[id];
  if (raw === undefined || raw === null) return undefined;
  const points = numberOf(raw);
  if (points === undefined || points < 0) return { malformed: `story points (${id}) are not a number: ${JSON.stringify(raw)}` };
  if (!(settings.daysPerStoryPoint > 0)) return { malformed: 'daysPerStoryPoint must be positive' };
  return { estimate: singlePoint(points * settings.daysPerStoryPoint, spread) };
}
