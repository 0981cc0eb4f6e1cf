/**
 * Jira issues -> the engine's normalized plan. The one mapping used by the CLI, the
 * resolvers and the local workspace; pure (the caller passes `start`, today).
 *
 * Phases:
 *   1. Scope: the issues in input order (a search's rank order), first of a repeated key kept.
 *   2. Edges: dependency links by the configured types (dependency-links.ts). A link seen
 *      from both ends is one edge; a second link giving the same edge warns
 *      'duplicate-link'; a self-link warns 'self-link'; both are ignored. A predecessor
 *      outside the scope becomes an *external* task: the fetched issue when the loader
 *      passed it in `externals`, else the link's stub (summary, status, type). Done
 *      externals take 0 days. An open fetched external waits for the other fetched
 *      externals its own links name as predecessors (the loader's transitive upstream,
 *      load-plan-from-jira.ts), and those are tasks too; links to issues not fetched
 *      are not followed. Successors outside the scope are irrelevant to the scope's
 *      finish and are dropped.
 *   3. Hierarchy: a parent finishes when its children do, so every in-scope child
 *      (`parent`, `subtasks`, or Server Agile's `epic`) precedes its parent, and the
 *      parent task carries only its own work: its own estimate when it has one, else
 *      0 days (not flagged unestimated). A parent's predecessors from links also
 *      precede its in-scope descendants (work under a blocked epic cannot start
 *      before the blocker finishes), except predecessors inside that parent's subtree;
 *      likewise a parent's start / data-available date holds for its descendants.
 *   4. Tasks: status category done -> done (0 days), indeterminate -> in-progress,
 *      anything else -> todo; estimates from estimate-for-issue.ts (in-progress work without a
 *      remaining estimate is credited the working days since statuscategorychangedate, unless that is
 *      more than its pessimistic estimate: warned 'stale-in-progress'); duedate -> due;
 *      the latest of the start-date and data-available fields (own or an ancestor's) -> notBefore; resource
 *      pools by label or field -> demand.
 *   5. Check: a cycle stops the mapping with MappingError 'cycle' and the keys in
 *      order (find-cycle.ts over compile-plan's buildGraph); it is never broken silently.
 * Cost: O(issues + links + hierarchy depth x parent predecessors).
 */
import { buildGraph } from '../engine/compile-plan';
import { findCycle } from '../engine/find-cycle';
import type { Plan, Resource, Task, TaskStatus } from '../engine/plan';
import { WorkingCalendar, dayNumber, isIsoDate, isoFromDayNumber } from '../engine/working-calendar';
import { dependencyLinks, linkRuleIndex } from './dependency-links';
import { textOf } from './field-text';
import { creditElapsed, estimateForIssue, fromThreePoint, numberOf, type EstimateSource } from './estimate-for-issue';
import { convergenceDefaultFor, workShape } from './work-shape';
import type { IssueStub, JiraIssue, JiraIssuesInput, JiraStatus } from './jira-types';
import type { MappingSettings, ThreePointEstimate } from './mapping-settings';
import { MappingError, type MappingWarning } from './mapping-warning';

export interface PlanFromJiraOptions {
  /** The plan's day 0 (YYYY-MM-DD), normally today: the mapping never reads the clock. */
  start: string;
  /** Out-of-scope predecessors fetched by the loader (full issues). */
  externals?: JiraIssuesInput;
  name?: string;
}

/** Per-issue metadata for the panels (structurally an IssueSummary of src/resolvers/contract.ts, plus extras). */
export interface IssueMeta {
  key: string;
  summary: string;
  issueType: string;
  status: TaskStatus;
  /** Jira's status category key ('new' | 'indeterminate' | 'done') and status name. */
  statusCategory?: string;
  statusName?: string;
  /** The epic: the parent when it is an epic, else Server Agile's `epic`. */
  epic?: string;
  parent?: string;
  team?: string;
  due?: string;
  /** The issue's own start-date field (not inherited): the day a deployment / maintenance window opens. */
  startDate?: string;
  /** 'property' | 'field' | 'timetracking' | 'story-points' | 'default' | 'children' (a parent with no own estimate). */
  estimateSource: EstimateSource | 'children';
  estimate?: ThreePointEstimate;
  unestimated: boolean;
  labels: string[];
  predecessors: string[];
  /** An out-of-scope predecessor. */
  external: boolean;
  /** Known only from a link stub (not fetched). */
  stubOnly?: boolean;
  assignee?: string;
  projectKey?: string;
  resolved?: string;
}

export interface PlanFromJiraResult {
  plan: Plan;
  warnings: MappingWarning[];
  issues: IssueMeta[];
}

export function statusOf(status: JiraStatus | undefined): TaskStatus {
  switch (status?.statusCategory?.key) {
    case 'done':
      return 'done';
    case 'indeterminate':
      return 'in-progress';
    default:
      return 'todo';
  }
}

export function planFromJira(input: JiraIssuesInput, settings: MappingSettings, opts: PlanFromJiraOptions): PlanFromJiraResult {
  if (!isIsoDate(opts?.start)) throw new MappingError('invalid-settings', `start must be a date YYYY-MM-DD, got ${JSON.stringify(opts?.start)}`);
  if (!Array.isArray(input)) throw new MappingError('invalid-input', 'expected a list of Jira issues');
  if (!settings || !Array.isArray(settings.linkTypes)) throw new MappingError('invalid-settings', 'mapping settings need a linkTypes list');
  const warnings: MappingWarning[] = [];
  const warn = (w: MappingWarning) => warnings.push(w);

  // 1. Scope.
  const scope = new Map<string, JiraIssue>();
  input.forEach((issue, i) => {
    if (!issue || typeof issue !== 'object' || typeof issue.key !== 'string' || !issue.key || !issue.fields || typeof issue.fields !== 'object') {
      throw new MappingError('invalid-input', `item ${i} is not a Jira issue with a key and fields`);
    }
    if (scope.has(issue.key)) warn({ code: 'duplicate-issue', message: `${issue.key} appears more than once; the first is used`, issueKeys: [issue.key] });
    else scope.set(issue.key, issue);
  });
  const fetchedExternals = new Map<string, JiraIssue>();
  for (const x of opts.externals ?? []) if (x?.key && x.fields && !scope.has(x.key)) fetchedExternals.set(x.key, x);

  // 2. Link edges. preds: successor -> predecessors in discovery order.
  const rules = linkRuleIndex(settings.linkTypes);
  const preds = new Map<string, string[]>();
  const edgeLinks = new Map<string, Set<string>>();
  const duplicateWarned = new Set<string>();
  const selfWarned = new Set<string>();
  const externalStubs = new Map<string, IssueStub>();
  const addEdge = (p: string, s: string): boolean => {
    const list = preds.get(s) ?? [];
    if (list.includes(p)) return false;
    list.push(p);
    preds.set(s, list);
    return true;
  };
  for (const issue of scope.values()) {
    for (const link of dependencyLinks(issue, rules)) {
      if (link.predecessor === link.successor) {
        if (!selfWarned.has(link.linkKey)) {
          selfWarned.add(link.linkKey);
          warn({ code: 'self-link', message: `${issue.key} has a "${link.typeName}" link to itself; ignored`, issueKeys: [issue.key] });
        }
        continue;
      }
      const otherInScope = scope.has(link.other.key);
      if (!otherInScope && !link.otherIsPredecessor) continue;
      if (!otherInScope && !externalStubs.has(link.other.key)) externalStubs.set(link.other.key, link.other);
      const edge = `${link.predecessor}\u0000${link.successor}`;
      const seen = edgeLinks.get(edge) ?? new Set<string>();
      seen.add(link.linkKey);
      edgeLinks.set(edge, seen);
      if (seen.size > 1 && !duplicateWarned.has(edge)) {
        duplicateWarned.add(edge);
        warn({
          code: 'duplicate-link',
          message: `${link.predecessor} -> ${link.successor} is stated by more than one link; counted once`,
          issueKeys: [link.predecessor, link.successor],
        });
      }
      addEdge(link.predecessor, link.successor);
    }
  }
  const linkPreds = new Map([...preds].map(([k, v]) => [k, [...v]] as const));

  // 2b. Upstream of the externals: an open fetched external waits for the fetched externals it depends on.
  const externalPreds = new Map<string, string[]>();
  for (const x of fetchedExternals.values()) {
    if (statusOf(x.fields.status) === 'done') continue;
    for (const link of dependencyLinks(x, rules)) {
      const k = link.other.key;
      if (!link.otherIsPredecessor || k === x.key || !fetchedExternals.has(k)) continue;
      const list = externalPreds.get(x.key) ?? [];
      if (!list.includes(k)) list.push(k);
      externalPreds.set(x.key, list);
    }
  }
  const upstreamOnly: string[] = [];
  {
    const seen = new Set(externalStubs.keys());
    const stack = [...seen];
    while (stack.length) {
      for (const p of externalPreds.get(stack.pop()!) ?? []) {
        if (seen.has(p) || scope.has(p)) continue;
        seen.add(p);
        upstreamOnly.push(p);
        stack.push(p);
      }
    }
  }

  // 3. Hierarchy: child -> parent edges, and a parent's link predecessors down to its subtree.
  const parentOf = new Map<string, string>();
  for (const issue of scope.values()) {
    const p = issue.fields.parent?.key ?? issue.fields.epic?.key;
    if (p && p !== issue.key && scope.has(p)) parentOf.set(issue.key, p);
    for (const sub of issue.fields.subtasks ?? []) {
      if (sub?.key && sub.key !== issue.key && scope.has(sub.key) && !parentOf.has(sub.key)) parentOf.set(sub.key, issue.key);
    }
  }
  const hasChildren = new Set(parentOf.values());
  const ancestors = (key: string): string[] => {
    const out: string[] = [];
    for (let p = parentOf.get(key); p !== undefined && !out.includes(p) && p !== key; p = parentOf.get(p)) out.push(p);
    return out;
  };
  for (const [child, parent] of parentOf) addEdge(child, parent);
  for (const key of scope.keys()) {
    for (const ancestor of ancestors(key)) {
      for (const p of linkPreds.get(ancestor) ?? []) {
        if (p === key || ancestors(p).includes(ancestor)) continue;
        addEdge(p, key);
      }
    }
  }

  // 4. Tasks.
  const tasks: Task[] = [];
  const metas: IssueMeta[] = [];
  const unestimated: string[] = [];
  const missingStatus: string[] = [];
  const stubsUsed: string[] = [];
  const staleInProgress: string[] = [];
  const resources: Resource[] = (settings.resources ?? []).map((r) => ({
    id: r.id,
    ...(r.name ? { name: r.name } : {}),
    capacity: r.capacity,
    ...(r.availability?.length ? { availability: r.availability.map((w) => ({ ...w })) } : {}),
  }));

  // The later of the start-date and data-available fields; read once per issue so a bad date warns once.
  const notBeforeMemo = new Map<string, string | undefined>();
  const ownNotBefore = (issue: JiraIssue): string | undefined => {
    if (!notBeforeMemo.has(issue.key)) {
      const ids = settings.estimateFields;
      const dates = [ids.startDate, ids.dataAvailable]
        .map((id) => (id ? dateField(issue.key, id, issue.fields[id], warn) : undefined))
        .filter((d): d is string => d !== undefined)
        .sort();
      notBeforeMemo.set(issue.key, dates.pop());
    }
    return notBeforeMemo.get(issue.key);
  };

  // Data availability from a link: an open predecessor of kind 'data-delivery' with a due date holds
  // its successors until the day after that date (the data arrives by the end of its due day).
  const issueOf = (key: string): JiraIssue | undefined => scope.get(key) ?? fetchedExternals.get(key) ?? (externalStubs.has(key) ? { key, id: externalStubs.get(key)!.id, fields: { ...(externalStubs.get(key)!.fields ?? {}) } } as JiraIssue : undefined);
  const deliveryDates = (key: string): string[] => {
    const out: string[] = [];
    for (const p of preds.get(key) ?? []) {
      const pi = issueOf(p);
      if (!pi || statusOf(pi.fields.status) === 'done' || workShape(pi, settings).kind !== 'data-delivery') continue;
      const due = typeof pi.fields.duedate === 'string' ? pi.fields.duedate.slice(0, 10) : '';
      if (isIsoDate(due)) out.push(isoFromDayNumber(dayNumber(due) + 1));
    }
    return out;
  };

  let calendarMemo: WorkingCalendar | undefined;
  const workingCalendar = () => (calendarMemo ??= new WorkingCalendar(opts.start, settings.calendar));

  const addIssue = (issue: JiraIssue, external: boolean, stubOnly: boolean) => {
    const f = issue.fields;
    const status = statusOf(f.status);
    if (!f.status?.statusCategory?.key) missingStatus.push(issue.key);
    const est = estimateForIssue(issue, settings, status);
    warnings.push(...est.warnings);
    const isParent = hasChildren.has(issue.key);
    let estimateSource: IssueMeta['estimateSource'] = est.source;
    let duration = est.estimate;
    let attempts = est.attempts;
    let unest = est.unestimated;
    let assumed = false;
    if (isParent && est.source === 'default') {
      estimateSource = 'children';
      duration = { optimistic: 0, mostLikely: 0, pessimistic: 0, distribution: 'fixed' };
      attempts = undefined;
      unest = false;
    } else if (est.source === 'default' && status !== 'done') {
      // Convergence-risk default by type or label: honest uncertainty (and retry odds) for unestimated AI work.
      const conv = convergenceDefaultFor(issue, settings);
      const found = conv ? fromThreePoint(conv) : undefined;
      if (found && 'estimate' in found) {
        duration = found.estimate;
        attempts = found.attempts;
        assumed = true;
      } else if (conv) {
        throw new MappingError('invalid-settings', `the convergence default for ${issue.key} is unusable`, [issue.key]);
      }
    }
    const shape = workShape(issue, settings);
    if (unest && status !== 'done') (stubOnly ? stubsUsed : unestimated).push(issue.key);

    const task: Task = { id: issue.key, duration, after: external ? [...(externalPreds.get(issue.key) ?? [])] : preds.get(issue.key) ?? [], demand: {}, status };
    if (f.summary) task.name = f.summary;
    if (shape.kind) task.kind = shape.kind;
    if (shape.gate) task.gate = shape.gate;
    if (shape.labels.length) task.labels = [...new Set(shape.labels)];
    if (assumed) task.assumed = true;
    let elapsedDays: number | undefined;
    if (est.remaining && status === 'in-progress') task.remaining = est.remaining;
    else if (status === 'in-progress' && !isParent) {
      // No remaining estimate: credit the working days since the issue went in progress.
      const since = typeof f.statuscategorychangedate === 'string' ? f.statuscategorychangedate.slice(0, 10) : '';
      const elapsed = isIsoDate(since) && since < opts.start ? -workingCalendar().workingDaysBefore(since) : 0;
      if (elapsed > 0 && elapsed <= duration.pessimistic) {
        task.remaining = creditElapsed(duration, elapsed);
        elapsedDays = elapsed;
      } else if (elapsed > duration.pessimistic && !external) {
        // Longer in progress than even the pessimistic estimate: the status is more likely stale than
        // the work nearly done, so the whole estimate stands.
        staleInProgress.push(issue.key);
      }
    }
    if (attempts) task.attempts = attempts;
    const due = dateField(issue.key, 'duedate', f.duedate, warn);
    if (due) task.due = due;
    const ids = settings.estimateFields;
    const notBefore = [ownNotBefore(issue), ...(external ? [] : ancestors(issue.key).map((a) => ownNotBefore(scope.get(a)!))), ...(external ? [] : deliveryDates(issue.key))]
      .filter((d): d is string => d !== undefined)
      .sort()
      .pop();
    if (notBefore) task.notBefore = notBefore;
    if (!external && status !== 'done') task.demand = demandOf(issue, settings, warn);

    const parent = f.parent?.key;
    const parentIsEpic = f.parent?.fields?.issuetype?.name?.toLowerCase() === 'epic' || (f.parent?.fields?.issuetype as { hierarchyLevel?: number } | undefined)?.hierarchyLevel === 1;
    const epic = parentIsEpic ? parent : f.epic?.key ?? undefined;
    const team = ids.team ? textOf(f[ids.team]) : undefined;
    const startDate = ownStartDate(issue, ids.startDate);
    const meta: IssueMeta = {
      key: issue.key,
      summary: f.summary ?? '',
      issueType: f.issuetype?.name ?? '',
      status,
      ...(f.status?.statusCategory?.key ? { statusCategory: f.status.statusCategory.key } : {}),
      ...(f.status?.name ? { statusName: f.status.name } : {}),
      ...(epic ? { epic } : {}),
      ...(parent ? { parent } : {}),
      ...(team ? { team } : {}),
      ...(due ? { due } : {}),
      ...(startDate ? { startDate } : {}),
      estimateSource,
      estimate: { ...duration, ...(attempts ?? {}) },
      unestimated: unest,
      labels: Array.isArray(f.labels) ? f.labels.map(String) : [],
      predecessors: [...task.after],
      external,
      ...(stubOnly ? { stubOnly } : {}),
      ...(f.assignee?.displayName ?? f.assignee?.name ? { assignee: f.assignee?.displayName ?? f.assignee?.name } : {}),
      ...(f.project?.key ? { projectKey: f.project.key } : {}),
      ...(f.resolutiondate ? { resolved: f.resolutiondate } : {}),
    };
    task.meta = {
      issueType: meta.issueType,
      statusCategory: meta.statusCategory,
      estimateSource,
      unestimated: unest,
      external,
      labels: meta.labels,
      ...(meta.epic ? { epic: meta.epic } : {}),
      ...(meta.parent ? { parent: meta.parent } : {}),
      ...(meta.team ? { team: meta.team } : {}),
      // Working days in progress, so a what-if estimate of the whole duration is credited the same way.
      ...(elapsedDays !== undefined ? { elapsedDays } : {}),
      ...(typeof f.updated === 'string' && f.updated ? { updated: f.updated } : {}),
    };
    tasks.push(task);
    metas.push(meta);
  };

  for (const issue of scope.values()) addIssue(issue, false, false);
  for (const [key, stub] of externalStubs) {
    const fetched = fetchedExternals.get(key);
    addIssue(fetched ?? { key, id: stub.id, fields: { ...(stub.fields ?? {}) } }, true, !fetched);
  }
  for (const key of upstreamOnly) addIssue(fetchedExternals.get(key)!, true, false);

  if (unestimated.length) {
    warn({ code: 'unestimated', message: `${unestimated.length} issue(s) have no estimate and use their type's default: ${unestimated.join(', ')}`, issueKeys: unestimated });
  }
  if (stubsUsed.length) {
    warn({
      code: 'external-not-fetched',
      message: `out-of-scope predecessors known only from their links, estimated by type defaults: ${stubsUsed.join(', ')}`,
      issueKeys: stubsUsed,
    });
  }
  if (staleInProgress.length) {
    warn({
      code: 'stale-in-progress',
      message: `in progress for longer than their pessimistic estimate, so forecast with their whole estimate: ${staleInProgress.join(', ')}`,
      issueKeys: staleInProgress,
    });
  }
  if (missingStatus.length) {
    warn({ code: 'missing-status', message: `no status category for ${missingStatus.join(', ')}; treated as to-do`, issueKeys: missingStatus });
  }

  const plan: Plan = {
    ...(opts.name ? { name: opts.name } : {}),
    start: opts.start,
    calendar: { workdays: [...(settings.calendar?.workdays ?? [1, 2, 3, 4, 5])], holidays: [...(settings.calendar?.holidays ?? [])] },
    resources,
    tasks,
  };

  // 5. Check.
  const cycle = findCycle(buildGraph(plan));
  if (cycle) throw new MappingError('cycle', `the dependency links form a cycle: ${cycle.join(' -> ')}`, cycle);
  return { plan, warnings, issues: metas };
}

/** An ISO date from a Jira date or date-time value, or undefined (with an 'invalid-date' warning when present but unreadable). */
function dateField(key: string, field: string, value: unknown, warn: (w: MappingWarning) => void): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const day = typeof value === 'string' ? value.slice(0, 10) : '';
  if (isIsoDate(day)) return day;
  warn({ code: 'invalid-date', message: `${key}: ${field} is not a date (${JSON.stringify(value)}); ignored`, issueKeys: [key] });
  return undefined;
}

/** The issue's own start-date field as YYYY-MM-DD (unreadable values were already warned about by the notBefore read). */
function ownStartDate(issue: JiraIssue, id: string | undefined): string | undefined {
  const v = id ? issue.fields[id] : undefined;
  const day = typeof v === 'string' ? v.slice(0, 10) : '';
  return isIsoDate(day) ? day : undefined;
}

function demandOf(issue: JiraIssue, settings: MappingSettings, warn: (w: MappingWarning) => void): Record<string, number> {
  const demand: Record<string, number> = {};
  const labels = new Set(issue.fields.labels ?? []);
  const pools = settings.resources ?? [];
  for (const pool of pools) {
    const match = pool.match;
    if (!match) continue;
    const fromField = match.field ? numberOf(issue.fields[match.field]) : undefined;
    const labelled = !!match.labels?.some((l) => labels.has(l));
    // Several pools may share one units field (a "GPUs" field for A100 and H100 pools): an issue
    // labelled for another pool holds that pool, not this one.
    const otherPoolsLabel = pools.some((o) => o !== pool && o.match?.labels?.some((l) => labels.has(l)));
    let units: number | undefined;
    if (fromField !== undefined && fromField > 0 && (labelled || !otherPoolsLabel)) units = fromField;
    else if (labelled) units = match.units ?? 1;
    if (units === undefined) continue;
    if (units > pool.capacity) {
      warn({ code: 'demand-exceeds-capacity', message: `${issue.key} asks for ${units} of ${pool.id}, which has ${pool.capacity}; capped`, issueKeys: [issue.key] });
      units = pool.capacity;
    }
    demand[pool.id] = units;
  }
  return demand;
}
