/**
 * What the team actually did, from Jira's change history: for each resolved issue, the
 * working days it spent in status category "In Progress" (indeterminate), and the
 * estimate it had when the work started; and, for backtests, every issue as it stood
 * on a past date.
 *
 * Status timeline. The status changes (`items[].field === 'status'`) are sorted by time;
 * the status before the first change is that change's `from` (else the current status);
 * each status holds from its change until the next. In-progress time is the sum of the
 * intervals whose status is in category indeterminate, cut at the resolution: a reopened
 * issue (done -> in progress -> done) adds its second stint. An issue resolved without
 * ever being in progress has no measured time and is skipped (warning 'never-in-progress').
 * Status -> category: the statuses in the payload itself (every issue's current status,
 * link and sub-task stubs, GET /rest/api/3/status when fetching), then `statusCategories`
 * given by the caller (by status id or name), then names: done / closed / resolved /
 * complete(d) / cancel(l)ed / won't do -> done; to do / open / backlog / new / reopened ->
 * new; every other unknown status is assumed to be work in progress (indeterminate).
 *
 * Working time. A timestamp is read in its own UTC offset (Jira writes them in the site's
 * or user's zone, so 17:00 is the author's 5 pm) and placed on the working calendar as
 * (working days before its date) + (fraction of its day elapsed, when the day is a working
 * day); an interval's working time is the difference. A working day counts 24 h: 22
 * minutes in progress is 0.0153 working days; a Friday-to-Monday stint counts Friday's
 * rest and Monday's start. Epoch numbers (the bulk endpoint may send them) are UTC.
 *
 * Estimate at start. The current estimate's source (estimate-for-issue.ts) is replayed
 * back to the first time the issue entered In Progress: for a custom field (most likely
 * days, story points) or time tracking (timeoriginalestimate), the value at that instant
 * is the `to` of the last change before it, else the `from` of the first change after it;
 * an empty value there (the estimate was first given during the work) falls back to the
 * current one. An issue-property estimate has no history, so the current one is used.
 * Default (type) estimates are not the team's and give no estimate. An estimate with retry
 * odds (successProbability p, maxAttempts n) counts its expected total, mostLikely x
 * (1 - (1 - p)^n) / p, since the actual time includes the retries the forecast samples
 * separately; the ratio then measures the bias beyond the modelled retries.
 *
 * Cost: O(changes log changes) per issue. fetchCompletedWork: one search (all pages), one
 * GET /rest/api/3/status, and the bulk changelog (1000 issues a request, paged).
 */
import type { CompletedWork } from '../engine/history/calibration';
import type { CalendarSpec } from '../engine/plan';
import { WorkingCalendar, dayNumber, isoFromDayNumber } from '../engine/working-calendar';
import { bulkFetchChangelogs, CHANGELOG_FIELD_LIMIT, type ChangeHistory, type ChangeItem } from './bulk-changelog';
import { estimateForIssue, numberOf } from './estimate-for-issue';
import { textOf } from './field-text';
import type { JiraClient } from './jira-client';
import { isJiraError } from './jira-error';
import { jiraPath } from './jira-path';
import type { IssueStub, JiraIssue, JiraStatus } from './jira-types';
import { DEFAULT_HOURS_PER_DAY, searchFields, searchProperties, type MappingSettings } from './mapping-settings';
import { searchJql } from './search-jql';

export type CategoryKey = 'new' | 'indeterminate' | 'done';

/** An issue with its change history (`?expand=changelog` or the bulk changelog). */
export interface IssueWithHistory extends JiraIssue {
  changelog?: { histories?: ChangeHistory[] };
}

/** Status id / lower-case name -> category, built from statuses seen in the data. */
export interface StatusCategoryIndex {
  byId: Map<string, CategoryKey>;
  byName: Map<string, CategoryKey>;
}

export interface Instant {
  /** Milliseconds since the epoch (for ordering). */
  ms: number;
  /** Local wall-clock date (in the timestamp's own offset) and fraction of that day elapsed. */
  date: string;
  fraction: number;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** A Jira timestamp ("2022-04-19T01:31:30.710+0000", an ISO date, or epoch seconds / ms), or undefined. */
export function parseInstant(value: unknown): Instant | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const ms = value > 1e11 ? value : value * 1000;
    if (ms < -2_208_988_800_000 || ms >= 7_258_118_400_000) return undefined;
    const day = Math.floor(ms / 86_400_000);
    return { ms, date: isoFromDayNumber(day), fraction: (ms - day * 86_400_000) / 86_400_000 };
  }
  if (typeof value !== 'string') return undefined;
  const m = TIMESTAMP.exec(value.trim());
  if (!m) return undefined;
  const day = dayNumber(m[1]);
  // Years outside 1900..2199 are data errors here, and would reach past the calendar's span.
  if (!Number.isFinite(day) || m[1] < '1900' || m[1] >= '2200') return undefined;
  const h = Number(m[2] ?? 0), mi = Number(m[3] ?? 0), s = Number(m[4] ?? 0), frac = m[5] ? Number(`0.${m[5]}`) : 0;
  if (h > 23 || mi > 59 || s > 60) return undefined;
  const seconds = h * 3600 + mi * 60 + s + frac;
  let offsetMin = 0;
  const z = m[6];
  if (z && z !== 'Z') {
    const digits = z.replace(':', '');
    offsetMin = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return { ms: day * 86_400_000 + seconds * 1000 - offsetMin * 60_000, date: m[1], fraction: seconds / 86_400 };
}

/** Continuous working-day position of an instant on a calendar (see the banner). */
export function workingPosition(cal: WorkingCalendar, t: Instant): number {
  const day = dayNumber(t.date);
  return cal.workingDaysBefore(day) + (cal.isWorkingDay(day) ? Math.min(1, t.fraction) : 0);
}

/** Working days between two instants (0 when `to` is not after `from`). */
export function workingDaysBetween(cal: WorkingCalendar, from: Instant, to: Instant): number {
  if (to.ms <= from.ms) return 0;
  return Math.max(0, workingPosition(cal, to) - workingPosition(cal, from));
}

const DONE_NAMES = /^(done|closed|resolved|complete|completed|cancell?ed|won'?t do|released)$/i;
const NEW_NAMES = /^(to ?do|open|backlog|new|reopened|triage)$/i;

function categoryKey(s: JiraStatus | undefined): CategoryKey | undefined {
  const k = s?.statusCategory?.key;
  return k === 'new' || k === 'indeterminate' || k === 'done' ? k : undefined;
}

/** Builds the status index from statuses in the issues (current status, links, parents, sub-tasks) and extra ones. */
export function statusCategoryIndex(issues: readonly JiraIssue[], extra: readonly JiraStatus[] = [], overrides: Record<string, CategoryKey> = {}): StatusCategoryIndex {
  const index: StatusCategoryIndex = { byId: new Map(), byName: new Map() };
  const add = (s: JiraStatus | undefined) => {
    const k = categoryKey(s);
    if (!k || !s) return;
    if (s.id !== undefined) index.byId.set(String(s.id), k);
    if (s.name) index.byName.set(s.name.toLowerCase(), k);
  };
  extra.forEach(add);
  const stub = (x: IssueStub | undefined) => add(x?.fields?.status);
  for (const issue of issues) {
    const f = issue?.fields;
    if (!f) continue;
    add(f.status);
    stub(f.parent);
    (f.subtasks ?? []).forEach(stub);
    for (const l of f.issuelinks ?? []) {
      stub(l.inwardIssue);
      stub(l.outwardIssue);
    }
  }
  for (const [k, v] of Object.entries(overrides)) {
    index.byId.set(k, v);
    index.byName.set(k.toLowerCase(), v);
  }
  return index;
}

/** The category of a status by id, then name, then the name rules of the banner. */
export function categoryOf(index: StatusCategoryIndex, id: string | null | undefined, name: string | null | undefined): CategoryKey {
  if (id && index.byId.has(id)) return index.byId.get(id)!;
  const n = (name ?? '').trim();
  if (n && index.byName.has(n.toLowerCase())) return index.byName.get(n.toLowerCase())!;
  if (DONE_NAMES.test(n)) return 'done';
  if (NEW_NAMES.test(n)) return 'new';
  return 'indeterminate';
}

export interface StatusSpan {
  from: Instant;
  /** Undefined: still in this status. */
  to?: Instant;
  id?: string;
  name?: string;
  category: CategoryKey;
}

interface TimedItem {
  at: Instant;
  item: ChangeItem;
  order: number;
}

/** Every change item with its time, oldest first (ties keep the history order, then item order). */
function timedItems(histories: readonly ChangeHistory[] | undefined): TimedItem[] {
  const out: TimedItem[] = [];
  let order = 0;
  for (const h of histories ?? []) {
    const at = parseInstant(h?.created);
    if (!at) continue;
    for (const item of h.items ?? []) out.push({ at, item, order: order++ });
  }
  // Jira lists histories newest first in some responses and oldest first in others.
  return out.sort((x, y) => x.at.ms - y.at.ms || x.order - y.order);
}

const isStatusItem = (i: ChangeItem) => i.fieldId === 'status' || (i.fieldId === undefined && i.field?.toLowerCase() === 'status');

/** The issue's statuses over time, from creation (or the first change) on. */
export function statusTimeline(issue: IssueWithHistory, index: StatusCategoryIndex, histories: readonly ChangeHistory[] | undefined = issue.changelog?.histories): StatusSpan[] {
  const changes = timedItems(histories).filter((t) => isStatusItem(t.item));
  const created = parseInstant(issue.fields?.created);
  const current = issue.fields?.status;
  const spans: StatusSpan[] = [];
  const first = changes[0];
  const start = created && (!first || created.ms <= first.at.ms) ? created : first?.at;
  if (!start) {
    return current ? [{ from: { ms: -Infinity, date: '0000-01-01', fraction: 0 }, id: current.id, name: current.name, category: categoryOf(index, current.id, current.name) }] : [];
  }
  let id = first ? first.item.from ?? undefined : current?.id;
  let name = first ? first.item.fromString ?? undefined : current?.name;
  let from = start;
  for (const c of changes) {
    spans.push({ from, to: c.at, id, name, category: categoryOf(index, id, name) });
    id = c.item.to ?? undefined;
    name = c.item.toString ?? undefined;
    from = c.at;
  }
  spans.push({ from, id, name, category: categoryOf(index, id, name) });
  return spans;
}

/** When the issue was resolved: resolutiondate, else the start of its final done span. */
export function resolvedAt(issue: IssueWithHistory, spans: readonly StatusSpan[]): Instant | undefined {
  const r = parseInstant(issue.fields?.resolutiondate);
  if (r) return r;
  const last = spans[spans.length - 1];
  return last && last.category === 'done' && last.to === undefined && Number.isFinite(last.from.ms) ? last.from : undefined;
}

/** Working days in progress up to `until`, and the first time the issue entered In Progress. */
export function inProgressDays(spans: readonly StatusSpan[], cal: WorkingCalendar, until: Instant): { days: number; started?: Instant } {
  let days = 0;
  let started: Instant | undefined;
  for (const s of spans) {
    if (s.category !== 'indeterminate' || !Number.isFinite(s.from.ms) || s.from.ms >= until.ms) continue;
    const end = s.to && s.to.ms < until.ms ? s.to : until;
    started ??= s.from;
    days += workingDaysBetween(cal, s.from, end);
  }
  return { days, ...(started ? { started } : {}) };
}

/** The value of a field at an instant from its changes, or undefined when the changelog does not say. */
function valueAt(items: readonly TimedItem[], at: Instant): { known: boolean; value: string | null } {
  if (!items.length) return { known: false, value: null };
  let before: TimedItem | undefined;
  for (const t of items) if (t.at.ms <= at.ms) before = t;
  if (before) return { known: true, value: before.item.to ?? before.item.toString ?? null };
  const after = items[0];
  return { known: true, value: after.item.from ?? after.item.fromString ?? null };
}

function fieldMatcher(fieldId: string, names: readonly string[]): (i: ChangeItem) => boolean {
  const lower = names.map((n) => n.toLowerCase());
  return (i) => i.fieldId === fieldId || (i.fieldId === undefined && !!i.field && (i.field === fieldId || lower.includes(i.field.toLowerCase())));
}

/** Working days the issue was estimated at when work started (see the banner), or undefined. */
export function estimateAtStart(issue: IssueWithHistory, settings: MappingSettings, started: Instant | undefined, histories: readonly ChangeHistory[] | undefined = issue.changelog?.histories): number | undefined {
  const current = estimateForIssue(issue, settings, 'done');
  if (current.source === 'default') return undefined;
  // Retry odds are modelled by the forecast: compare the actual with the expected total over attempts.
  const perRun = expectedAttempts(current.attempts);
  const now = current.estimate.mostLikely * perRun;
  if (!started) return now;
  let match: ((i: ChangeItem) => boolean) | undefined;
  let scale = 1;
  const ids = settings.estimateFields;
  if (current.source === 'field' && ids.mostLikely) match = fieldMatcher(ids.mostLikely, []);
  else if (current.source === 'story-points' && ids.storyPoints) {
    match = fieldMatcher(ids.storyPoints, ['Story Points', 'Story point estimate']);
    scale = settings.daysPerStoryPoint;
  } else if (current.source === 'timetracking') {
    match = fieldMatcher('timeoriginalestimate', ['timeoriginalestimate']);
    scale = 1 / (3600 * (settings.hoursPerDay ?? DEFAULT_HOURS_PER_DAY));
  }
  if (!match) return now;
  const items = timedItems(histories).filter((t) => match!(t.item));
  const v = valueAt(items, started);
  if (!v.known) return now;
  const n = numberOf(v.value);
  return n !== undefined && n >= 0 ? n * scale * perRun : now;
}

/** E[K] for K ~ Geometric(p) capped at max: sum over k < max of (1 - p)^k = (1 - (1 - p)^max) / p. */
export function expectedAttempts(a: { successProbability: number; maxAttempts: number } | undefined): number {
  if (!a || !(a.successProbability > 0) || a.successProbability >= 1) return 1;
  return (1 - (1 - a.successProbability) ** a.maxAttempts) / a.successProbability;
}

export interface CompletedWorkOptions {
  settings: MappingSettings;
  calendar: CalendarSpec;
  /** Status categories by status id or name, for statuses the payload does not describe. */
  statusCategories?: Record<string, CategoryKey>;
  /** More statuses with their categories (e.g. GET /rest/api/3/status). */
  statuses?: readonly JiraStatus[];
  /** Change histories by issue id or key, when they are not inside the issues (bulk changelog). */
  histories?: ReadonlyMap<string, readonly ChangeHistory[]>;
}

/** Completed work from issues with their change histories. Unresolved issues are left out. */
export function completedWorkFromIssues(issues: readonly IssueWithHistory[], opts: CompletedWorkOptions): { work: CompletedWork[]; warnings: string[] } {
  const index = statusCategoryIndex(issues, opts.statuses, opts.statusCategories);
  const cal = new WorkingCalendar('2000-01-03', opts.calendar);
  const work: CompletedWork[] = [];
  const never: string[] = [];
  const noHistory: string[] = [];
  for (const issue of issues) {
    if (!issue?.key || !issue.fields) continue;
    const histories = opts.histories?.get(issue.id ?? '') ?? opts.histories?.get(issue.key) ?? issue.changelog?.histories;
    if (!histories) {
      noHistory.push(issue.key);
      continue;
    }
    const spans = statusTimeline(issue, index, histories);
    const resolved = resolvedAt(issue, spans);
    const last = spans[spans.length - 1];
    if (!resolved || (last && last.category !== 'done')) continue;
    const { days, started } = inProgressDays(spans, cal, resolved);
    if (!started) {
      never.push(issue.key);
      continue;
    }
    const estimateDays = estimateAtStart(issue, opts.settings, started, histories);
    const teamId = opts.settings.estimateFields.team;
    const team = teamId ? textOf(issue.fields[teamId]) : undefined;
    const kind = issue.fields.issuetype?.name || undefined;
    work.push({
      id: issue.key,
      ...(team ? { team } : {}),
      ...(kind ? { kind } : {}),
      ...(estimateDays !== undefined ? { estimateDays } : {}),
      actualDays: days,
      resolved: resolved.date,
    });
  }
  const warnings: string[] = [];
  if (never.length) warnings.push(`never-in-progress: ${never.length} resolved issue(s) were never in an In Progress status, so no time was measured: ${never.slice(0, 10).join(', ')}${never.length > 10 ? ' ...' : ''}`);
  if (noHistory.length) warnings.push(`no-changelog: ${noHistory.length} issue(s) came without a change history: ${noHistory.slice(0, 10).join(', ')}${noHistory.length > 10 ? ' ...' : ''}`);
  return { work, warnings };
}

const STATUSES = jiraPath`/rest/api/3/status`;

/**
 * The JQL of a project's work resolved since `since`: a date (YYYY-MM-DD, quoted) or a
 * relative period such as -180d; newest first.
 */
export function resolvedSinceJql(projectKey: string, since: string): string {
  const from = /^\d{4}-\d{2}-\d{2}$/.test(since) ? `"${since}"` : since;
  return `project = "${projectKey}" AND resolved >= ${from} ORDER BY resolved DESC`;
}

/** The JQL limited to finished work: `(jql) AND statusCategory = Done`, keeping a trailing ORDER BY. */
export function resolvedJql(jql: string): string {
  const m = /\border\s+by\b/i.exec(jql);
  const where = (m ? jql.slice(0, m.index) : jql).trim();
  const order = m ? jql.slice(m.index).trim() : 'ORDER BY resolved DESC';
  return `${where ? `(${where}) AND ` : ''}statusCategory = Done ${order}`;
}

/**
 * Completed work of the issues a JQL finds (resolved ones only): search, the site's
 * statuses, then the bulk changelog of status, resolution and the estimate fields.
 * Rejects when the search or the changelog fails (a partial history would bias the fit);
 * the status list is optional (its failure is a warning, names then decide).
 */
export async function fetchCompletedWork(
  client: JiraClient,
  req: { jql: string; settings: MappingSettings; calendar: CalendarSpec; maxIssues?: number },
): Promise<{ work: CompletedWork[]; warnings: string[] }> {
  const issues = await searchJql(client, {
    jql: resolvedJql(req.jql),
    fields: searchFields(req.settings),
    properties: searchProperties(req.settings),
    maxIssues: req.maxIssues,
  });
  const warnings: string[] = [];
  let statuses: JiraStatus[] = [];
  try {
    const all = await client.request<JiraStatus[]>('GET', STATUSES, { scope: 'read:jira-work' });
    if (Array.isArray(all)) statuses = all;
  } catch (err) {
    // A site without the endpoint (an old server, a stand-in) is not worth a warning: the issues'
    // own statuses and the names decide, as the banner says. Anything else is said.
    if (!(isJiraError(err) && err.code === 'not-found')) warnings.push(`statuses-unavailable: the site's status list could not be read (${err instanceof Error ? err.message : String(err)}); unknown statuses are categorized by name`);
  }
  if (!issues.length) return { work: [], warnings };
  const ids = req.settings.estimateFields;
  const fieldIds = [...new Set(['status', 'resolution', 'timeoriginalestimate', ids.storyPoints, ids.mostLikely].filter((x): x is string => !!x))].slice(0, CHANGELOG_FIELD_LIMIT);
  const logs = await bulkFetchChangelogs(client, { issueIdsOrKeys: issues.map((i) => i.id ?? i.key), fieldIds });
  const histories = new Map<string, ChangeHistory[]>();
  for (const log of logs) histories.set(String(log.issueId), log.changeHistories);
  // Issues the changelog said nothing about had no changes in those fields.
  for (const i of issues) if (!histories.has(i.id ?? i.key) && !histories.has(i.key)) histories.set(i.id ?? i.key, []);
  const done = completedWorkFromIssues(issues, { settings: req.settings, calendar: req.calendar, statuses, histories });
  return { work: done.work, warnings: [...warnings, ...done.warnings] };
}

/**
 * The issues as they stood at the end of `date` (YYYY-MM-DD, in each timestamp's own
 * offset): issues created later are left out; status, statuscategorychangedate and
 * resolution(date) are rewound by the changelog; numeric estimate fields (story points,
 * the configured estimate fields, time tracking's original / remaining seconds) are
 * rewound too. Links, summaries and every other field are as exported (today's).
 * Pure; the input is not changed.
 */
export function issuesAsOf(issues: readonly IssueWithHistory[], date: string, settings: MappingSettings, index: StatusCategoryIndex = statusCategoryIndex(issues)): IssueWithHistory[] {
  const endDay = dayNumber(date) + 1;
  const cutoff = (t: Instant) => dayNumber(t.date) + t.fraction < endDay;
  const out: IssueWithHistory[] = [];
  const ids = settings.estimateFields;
  const rewound = [ids.storyPoints, ids.mostLikely, ids.optimistic, ids.pessimistic].filter((x): x is string => !!x);
  for (const issue of issues) {
    const created = parseInstant(issue.fields?.created);
    if (created && !cutoff(created)) continue;
    const spans = statusTimeline(issue, index);
    const fields = { ...issue.fields };
    const at = spans.filter((s) => !Number.isFinite(s.from.ms) || cutoff(s.from));
    const span = at[at.length - 1] ?? spans[0];
    if (span) {
      fields.status = { ...(span.id !== undefined ? { id: span.id } : {}), ...(span.name !== undefined ? { name: span.name } : {}), statusCategory: { key: span.category } };
      // When the category last changed (planFromJira credits in-progress work from it).
      let since = span;
      for (let i = at.length - 1; i >= 0 && at[i].category === span.category; i--) since = at[i];
      if (Number.isFinite(since.from.ms)) fields.statuscategorychangedate = `${since.from.date}T00:00:00.000+0000`;
    }
    const resolution = parseInstant(fields.resolutiondate);
    if (resolution && !cutoff(resolution)) fields.resolutiondate = null;
    const items = timedItems(issue.changelog?.histories);
    for (const id of [...rewound, 'timeoriginalestimate', 'timeestimate']) {
      const changes = items.filter((t) => fieldMatcher(id, id === ids.storyPoints ? ['Story Points', 'Story point estimate'] : [])(t.item));
      const later = changes.find((t) => !cutoff(t.at));
      if (!later) continue;
      const raw = later.item.from ?? later.item.fromString ?? null;
      const n = numberOf(raw);
      if (id === 'timeoriginalestimate' || id === 'timeestimate') {
        fields[id] = n ?? null;
        const tt = { ...(fields.timetracking ?? {}) };
        if (id === 'timeoriginalestimate') tt.originalEstimateSeconds = n;
        else tt.remainingEstimateSeconds = n;
        fields.timetracking = tt;
      } else fields[id] = n ?? null;
    }
    out.push({ ...issue, fields });
  }
  return out;
}

/** The issues of a history export: a search response {"issues"}, an array of issues, or one issue. */
export function historyIssues(json: unknown): IssueWithHistory[] | undefined {
  if (Array.isArray(json)) return json as IssueWithHistory[];
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    if (Array.isArray(o.issues)) return o.issues as IssueWithHistory[];
    if (typeof o.key === 'string' && o.fields && typeof o.fields === 'object') return [o as unknown as IssueWithHistory];
  }
  return undefined;
}

/**
 * A history export checked before use, so a malformed one is rejected whole with the
 * culprit named (the issue key, or the item's index, and the field) instead of being
 * half-read: every item needs a key and fields; `created` / `resolutiondate` must be
 * readable timestamps when present; `changelog.histories`, when present, must be a list of
 * { created: timestamp, items: [...] }.
 */
export function checkHistoryExport(json: unknown): { ok: true; issues: IssueWithHistory[]; withChangelog: number } | { ok: false; culprit: string; message: string } {
  const issues = historyIssues(json);
  if (!issues) return { ok: false, culprit: 'file', message: 'a history export must be a JSON array of issues, a search response {"issues": [...]}, or one issue' };
  let withChangelog = 0;
  for (let i = 0; i < issues.length; i++) {
    const x = issues[i] as unknown as Record<string, unknown> | null;
    if (!x || typeof x !== 'object' || typeof x.key !== 'string' || !x.key) return { ok: false, culprit: `issues[${i}]`, message: `item ${i} is not an issue with a key` };
    const key = x.key;
    const fields = x.fields as Record<string, unknown> | undefined;
    if (!fields || typeof fields !== 'object') return { ok: false, culprit: key, message: `${key} has no fields` };
    for (const f of ['created', 'resolutiondate']) {
      const v = fields[f];
      if (v !== undefined && v !== null && (typeof v !== 'string' || !parseInstant(v))) return { ok: false, culprit: `${key} fields.${f}`, message: `${key}: fields.${f} is not a timestamp: ${JSON.stringify(v)}` };
    }
    const log = x.changelog as { histories?: unknown } | undefined;
    if (log === undefined) continue;
    if (!log || typeof log !== 'object' || !Array.isArray(log.histories)) return { ok: false, culprit: `${key} changelog`, message: `${key}: changelog.histories must be a list` };
    withChangelog++;
    for (let h = 0; h < log.histories.length; h++) {
      const entry = log.histories[h] as { created?: unknown; items?: unknown } | null;
      if (!entry || typeof entry !== 'object' || !parseInstant(entry.created)) {
        return { ok: false, culprit: `${key} changelog.histories[${h}].created`, message: `${key}: change ${h} has no readable created timestamp` };
      }
      if (!Array.isArray(entry.items)) return { ok: false, culprit: `${key} changelog.histories[${h}].items`, message: `${key}: change ${h} has no items list` };
    }
  }
  return { ok: true, issues, withChangelog };
}
