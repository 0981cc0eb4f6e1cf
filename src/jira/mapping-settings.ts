/**
 * How Jira data becomes a plan: which link types are dependencies and which side is
 * the predecessor, where estimates, start dates and teams live, default estimates,
 * the working calendar and resource pools. One type, shared by the CLI, the resolvers
 * (their stored Settings is a superset of it) and the local workspace.
 *
 * Link direction. Jira shows a link of type T between X and Y as "X <T.outward> Y"
 * ("X blocks Y") and, seen from Y, "Y <T.inward> X" ("Y is blocked by X"). The
 * *outward side* is X, the issue the outward phrase is said of; the *inward side* is Y.
 * In X's `issuelinks` the entry carries `outwardIssue: Y`; in Y's it carries `inwardIssue: X`.
 *   Blocks               "X blocks Y"                 predecessor = outward side (X)
 *   Depends              "X depends on Y"             predecessor = inward side (Y)
 *   Gantt: finish-start  "X has to be done before Y"  predecessor = outward side (X)
 *   Gantt: start-finish  "X is triggering Y"          predecessor = outward side (X); a start-to-finish
 *                        constraint, modelled conservatively as finish-to-start (the engine has only FS).
 */
import type { DistributionKind } from '../engine/plan';

export interface LinkTypeRule {
  /** Link type name as Jira spells it (matched case-insensitively), e.g. "Blocks". */
  name: string;
  /** Which side of "X <outward phrase> Y" is the predecessor: 'outward' = X, 'inward' = Y. */
  predecessorSide: 'outward' | 'inward';
}

/** Custom field ids (e.g. customfield_10016); all optional. */
export interface EstimateFieldIds {
  /** Three-point estimate fields, in working days. */
  optimistic?: string;
  mostLikely?: string;
  pessimistic?: string;
  storyPoints?: string;
  /** A date field: the issue cannot start before it (Jira's "Start date"). */
  startDate?: string;
  /** A date field: when the data this work needs becomes available. */
  dataAvailable?: string;
  team?: string;
}

/** The estimate stored in the `converge.estimate` issue property (working days). */
export interface ThreePointEstimate {
  optimistic: number;
  mostLikely: number;
  pessimistic: number;
  distribution: DistributionKind;
  /** Chance that one attempt (e.g. a training run) succeeds; absent = always succeeds. */
  successProbability?: number;
  maxAttempts?: number;
}

/** A renewable resource pool and the issues that hold it while they run. */
export interface ResourcePoolMapping {
  id: string;
  name?: string;
  capacity: number;
  availability?: Array<{ from: string; to: string; capacity: number }>;
  /** An issue uses the pool when it carries one of `labels`, or a number in `field`; it holds `field`'s value, else `units` (default 1). */
  match?: { labels?: string[]; field?: string; units?: number };
}

export interface MappingSettings {
  linkTypes: LinkTypeRule[];
  estimateFields: EstimateFieldIds;
  daysPerStoryPoint: number;
  /** Default estimate by issue type name; '*' applies to every other type. Issues that get one are flagged "unestimated". */
  defaultEstimates: Record<string, ThreePointEstimate>;
  calendar: { workdays: number[]; holidays: string[] };
  resources?: ResourcePoolMapping[];
  /** Working hours per day for time tracking (default 8). */
  hoursPerDay?: number;
  /** A single-point estimate m (time tracking, story points, a lone field) becomes (m * optimistic, m, m * pessimistic), PERT. */
  singlePointSpread?: { optimistic: number; pessimistic: number };
  /** Issue property holding the three-point estimate (default 'converge.estimate'). */
  estimateProperty?: string;
  /** Default scope JQL; `{project}` is replaced by the project key. */
  defaultJql?: string;
  /**
   * Task kinds by issue type name or label (case-insensitive), first match in key order wins:
   * e.g. { deploy: { issueTypes: ['Deployment'], labels: ['deploy'] } }. Default DEFAULT_KIND_RULES.
   * Review gates are recognized separately (gateIssueTypes, `gate:<kind>` labels).
   */
  kinds?: Record<string, { issueTypes?: string[]; labels?: string[] }>;
  /** Issue types that are review gates (kind from a `gate:<kind>` label, else 'custom'). Default ['Review Gate']. */
  gateIssueTypes?: string[];
  /**
   * Convergence-risk defaults: unestimated issues of these types or with these labels get this
   * estimate (with its successProbability / maxAttempts) instead of defaultEstimates; first match wins;
   * the task is flagged assumed.
   */
  convergenceDefaults?: Array<{ issueTypes?: string[]; labels?: string[]; estimate: ThreePointEstimate }>;
}

export const DEFAULT_KIND_RULES: Record<string, { issueTypes?: string[]; labels?: string[] }> = {
  deploy: { issueTypes: ['Deployment', 'Deploy', 'Release'], labels: ['deploy', 'deployment'] },
  training: { issueTypes: ['Training Run', 'Experiment'], labels: ['training', 'training-run'] },
  'data-delivery': { issueTypes: ['Data Delivery'], labels: ['data-delivery'] },
  evaluation: { issueTypes: ['Evaluation'], labels: ['evaluation', 'eval'] },
};
export const DEFAULT_GATE_ISSUE_TYPES = ['Review Gate'];

/**
 * The default scope: the project's open issues plus those resolved in the last 30
 * days (so recently finished predecessors still appear, as done), in rank order.
 */
export const DEFAULT_SCOPE_JQL = 'project = {project} AND (resolution IS EMPTY OR resolved >= -30d) ORDER BY rank';

export const DEFAULT_HOURS_PER_DAY = 8;
export const DEFAULT_SINGLE_POINT_SPREAD = { optimistic: 0.75, pessimistic: 1.5 } as const;
export const DEFAULT_ESTIMATE_PROPERTY = 'converge.estimate';
/** Cap on attempts when an estimate gives a success probability but no maxAttempts. */
export const DEFAULT_MAX_ATTEMPTS = 10;

const pert = (optimistic: number, mostLikely: number, pessimistic: number): ThreePointEstimate => ({ optimistic, mostLikely, pessimistic, distribution: 'pert' });

export const DEFAULT_MAPPING_SETTINGS: MappingSettings = {
  linkTypes: [
    { name: 'Blocks', predecessorSide: 'outward' },
    { name: 'Depends', predecessorSide: 'inward' },
    { name: 'Gantt: finish-start', predecessorSide: 'outward' },
    { name: 'Gantt: start-finish', predecessorSide: 'outward' },
  ],
  estimateFields: {},
  daysPerStoryPoint: 1,
  defaultEstimates: {
    Epic: pert(5, 10, 20),
    Story: pert(1, 3, 8),
    Task: pert(1, 2, 5),
    Bug: pert(0.5, 1, 3),
    'Sub-task': pert(0.5, 1, 2),
    Subtask: pert(0.5, 1, 2),
    '*': pert(1, 3, 8),
  },
  calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
  resources: [],
  hoursPerDay: DEFAULT_HOURS_PER_DAY,
  singlePointSpread: { ...DEFAULT_SINGLE_POINT_SPREAD },
  estimateProperty: DEFAULT_ESTIMATE_PROPERTY,
  defaultJql: DEFAULT_SCOPE_JQL,
};

/** Settings over the defaults: given keys replace the defaults' (estimateFields and defaultEstimates merge key by key). */
export function withDefaults(partial: Partial<MappingSettings> = {}): MappingSettings {
  return {
    ...DEFAULT_MAPPING_SETTINGS,
    ...partial,
    estimateFields: { ...DEFAULT_MAPPING_SETTINGS.estimateFields, ...partial.estimateFields },
    defaultEstimates: { ...DEFAULT_MAPPING_SETTINGS.defaultEstimates, ...partial.defaultEstimates },
  };
}

const PROJECT_KEY = /^[A-Z][A-Z0-9_]*$/i;

/** The scope JQL of a project (settings.defaultJql or DEFAULT_SCOPE_JQL). Rejects anything that is not a project key, so no JQL can be smuggled in. */
export function scopeJql(projectKey: string, settings?: Pick<MappingSettings, 'defaultJql'>): string {
  if (!PROJECT_KEY.test(projectKey)) throw new RangeError(`not a Jira project key: ${JSON.stringify(projectKey)}`);
  return (settings?.defaultJql ?? DEFAULT_SCOPE_JQL).split('{project}').join(projectKey);
}

/** The fields a search must list for the mapping (the search returns only `id` otherwise). */
export function searchFields(settings: MappingSettings): string[] {
  const f = settings.estimateFields;
  const custom = [f.optimistic, f.mostLikely, f.pessimistic, f.storyPoints, f.startDate, f.dataAvailable, f.team, ...(settings.resources ?? []).map((r) => r.match?.field)];
  return [
    ...new Set([
      'summary', 'status', 'issuetype', 'issuelinks', 'parent', 'subtasks', 'duedate', 'timetracking',
      'labels', 'assignee', 'resolutiondate', 'created', 'updated', 'project', 'statuscategorychangedate',
      ...custom.filter((x): x is string => typeof x === 'string' && x.length > 0),
    ]),
  ];
}

/** The issue properties a search must list. */
export function searchProperties(settings: MappingSettings): string[] {
  return [settings.estimateProperty ?? DEFAULT_ESTIMATE_PROPERTY];
}
