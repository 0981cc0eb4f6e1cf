/**
 * sampleSite: the embedded sample Jira site, generated from the hand-written
 * program (sample-program.ts) so that six months of history are consistent.
 *
 * Method: the program starts on the Monday 26 weeks before `today`. Each item's
 * actual duration is its planned duration (estimate, story points or hours) times
 * a seeded log-normal factor; training runs repeat until an attempt converges. A
 * forward pass in topological order over the Blocks / Depends links (plus each
 * epic's start week, start-date windows and data-available dates) gives every
 * item a start and a finish in working days (Mon-Fri, 09:00-17:00 UTC). Against
 * "now" (today 12:00 UTC) that decides the status (done / in progress / to do),
 * the created, resolution and changelog timestamps, and sprint membership, so
 * every resolved issue's changelog agrees with its dates and no issue finished
 * before its blockers.
 *
 * Deterministic: seedrandom('converge-sample-site-v1') with a fixed draw order; the
 * history is played out for SAMPLE_TODAY and then moved by whole weeks to the
 * requested `today`, so the program, keys and statuses never change.
 * Cost: O(issues^2) for the list scheduling of ~150 issues, a few milliseconds.
 */
import seedrandom from 'seedrandom';
import { PROGRAM, PROJECTS, USERS, TEAMS, CREW, SPRINT_GOALS, type ItemSpec, type EpicSpec } from './sample-program';
import type {
  SampleSite, SampleIssue, SampleHistory, SampleChangeItem, SampleLink, SampleSprint, SampleBoard, SampleField,
  SampleStatus, SampleIssueType, SampleLinkType, SampleUser, SampleTeam, SampleProject, EstimateProperty,
} from './sample-site-types';

/** The sample's default "today": a Monday, so tests are stable. */
export const SAMPLE_TODAY = '2027-01-11';
export const SAMPLE_SEED = 'converge-sample-site-v1';
export const ESTIMATE_PROPERTY = 'converge.estimate';

/** Custom field ids of the sample site (real sites differ: read them from GET /rest/api/3/field). */
export const SAMPLE_FIELDS = {
  team: 'customfield_10001',
  startDate: 'customfield_10015',
  storyPoints: 'customfield_10016',
  rank: 'customfield_10019',
  sprint: 'customfield_10020',
  dataAvailable: 'customfield_10050',
  gpus: 'customfield_10061',
} as const;

export interface SampleSiteOptions {
  /** The sample's today, YYYY-MM-DD (default SAMPLE_TODAY); the workspace passes the real date. */
  today?: string;
}

const MS_PER_DAY = 86_400_000;
const HISTORY_WEEKS = 26;
const SECONDS_PER_DAY = 8 * 3600;
/** Elapsed working days per estimated day: people are shared, reviews wait, meetings happen. */
const PACE = 2.2;

export const STATUSES: SampleStatus[] = [
  { id: '10000', name: 'To Do', category: 'new' },
  { id: '3', name: 'In Progress', category: 'indeterminate' },
  { id: '10001', name: 'In Review', category: 'indeterminate' },
  { id: '10002', name: 'Done', category: 'done' },
];

export const ISSUE_TYPES: SampleIssueType[] = [
  { id: '10000', name: 'Epic', description: 'A big user story that needs to be broken down.', subtask: false, hierarchyLevel: 1 },
  { id: '10001', name: 'Story', description: 'Functionality or a feature expressed as a user goal.', subtask: false, hierarchyLevel: 0 },
  { id: '10002', name: 'Task', description: 'A small, distinct piece of work.', subtask: false, hierarchyLevel: 0 },
  { id: '10003', name: 'Sub-task', description: 'A small piece of work that is part of a larger task.', subtask: true, hierarchyLevel: -1 },
  { id: '10004', name: 'Bug', description: 'A problem or error.', subtask: false, hierarchyLevel: 0 },
  { id: '10005', name: 'Training Run', description: 'A model training run; it may not converge and need another attempt.', subtask: false, hierarchyLevel: 0 },
  { id: '10006', name: 'Review Gate', description: 'A review that must pass before dependent work may ship.', subtask: false, hierarchyLevel: 0 },
];

export const LINK_TYPES: SampleLinkType[] = [
  { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
  { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
  { id: '10004', name: 'Depends', inward: 'is depended on by', outward: 'depends on' },
];

function sys(id: string, name: string, type: string, clauses: string[], extra: Partial<SampleField> = {}, items?: string): SampleField {
  return {
    id, name, custom: false, navigable: true, orderable: true, searchable: true, clauseNames: clauses,
    schema: { type, ...(items ? { items } : {}), system: id }, ...extra,
  };
}
function cf(num: number, name: string, type: string, custom: string, clauses: string[], items?: string): SampleField {
  return {
    id: `customfield_${num}`, name, custom: true, navigable: true, orderable: true, searchable: true,
    clauseNames: [...new Set([`cf[${num}]`, name, ...clauses])],
    schema: { type, ...(items ? { items } : {}), custom, customId: num },
  };
}

export const FIELDS: SampleField[] = [
  sys('summary', 'Summary', 'string', ['summary']),
  sys('description', 'Description', 'string', ['description']),
  sys('issuetype', 'Issue Type', 'issuetype', ['issuetype', 'type']),
  sys('status', 'Status', 'status', ['status'], { orderable: false }),
  sys('statusCategory', 'Status Category', 'statusCategory', ['statusCategory'], { orderable: false, navigable: false }),
  sys('project', 'Project', 'project', ['project']),
  sys('parent', 'Parent', 'issuelink', ['parent']),
  sys('issuelinks', 'Linked Issues', 'array', ['issueLink'], {}, 'issuelinks'),
  sys('subtasks', 'Sub-tasks', 'array', ['subtasks'], { orderable: false }, 'issuelinks'),
  sys('labels', 'Labels', 'array', ['labels'], {}, 'string'),
  sys('assignee', 'Assignee', 'user', ['assignee']),
  sys('reporter', 'Reporter', 'user', ['reporter']),
  sys('priority', 'Priority', 'priority', ['priority']),
  sys('resolution', 'Resolution', 'resolution', ['resolution']),
  sys('resolutiondate', 'Resolved', 'datetime', ['resolutiondate', 'resolved'], { orderable: false }),
  sys('created', 'Created', 'datetime', ['created', 'createdDate'], { orderable: false }),
  sys('updated', 'Updated', 'datetime', ['updated', 'updatedDate'], { orderable: false }),
  sys('statuscategorychangedate', 'Status Category Changed', 'datetime', ['statusCategoryChangedDate'], { orderable: false }),
  sys('duedate', 'Due date', 'date', ['due', 'duedate']),
  sys('timetracking', 'Time tracking', 'timetracking', [], { searchable: true, navigable: false }),
  sys('timeoriginalestimate', 'Original Estimate', 'number', ['originalEstimate', 'timeoriginalestimate'], { orderable: false }),
  sys('timeestimate', 'Remaining Estimate', 'number', ['remainingEstimate', 'timeestimate'], { orderable: false }),
  sys('timespent', 'Time Spent', 'number', ['timespent'], { orderable: false }),
  cf(10001, 'Team', 'team', 'com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team', ['Team[Team]']),
  cf(10015, 'Start date', 'date', 'com.atlassian.jira.plugin.system.customfieldtypes:datepicker', ['Start date[Date]']),
  cf(10016, 'Story Points', 'number', 'com.atlassian.jira.plugin.system.customfieldtypes:float', ['Story Points[Number]']),
  cf(10019, 'Rank', 'any', 'com.pyxis.greenhopper.jira:gh-lexo-rank', ['Rank']),
  cf(10020, 'Sprint', 'array', 'com.pyxis.greenhopper.jira:gh-sprint', ['sprint', 'Sprint[Sprint]'], 'json'),
  cf(10050, 'Data available', 'date', 'com.atlassian.jira.plugin.system.customfieldtypes:datepicker', ['Data available[Date]']),
  cf(10061, 'GPUs', 'number', 'com.atlassian.jira.plugin.system.customfieldtypes:float', ['GPUs[Number]']),
];

// ---------------------------------------------------------------- small helpers

function dayNumber(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`sampleSite: today must be YYYY-MM-DD, got ${JSON.stringify(iso)}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== iso) throw new Error(`sampleSite: not a calendar date: ${iso}`);
  return ms / MS_PER_DAY;
}
const isoDate = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
/** ISO weekday, Monday = 1; day 0 (1970-01-01) was a Thursday. */
const weekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;
/** Jira's timestamp format: 2026-07-13T09:31:12.000+0000. */
const jiraTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');

/** A deterministic UUID-shaped id from a name (FNV-1a, four rounds): stable across runs. */
function pseudoUuid(name: string): string {
  let hex = '';
  for (let round = 0; round < 4; round++) {
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < name.length; i++) { h ^= name.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    hex += h.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface Played {
  spec: ItemSpec | null;
  epic: EpicSpec;
  ref: string;
  type: string;
  summary: string;
  project: EpicSpec['project'];
  parentRef: string | null;
  start: number;
  finish: number;
  createdW: number;
  hours?: number;
  assignee: string | null;
  order: number;
}

/**
 * Builds the sample site for `today` (default SAMPLE_TODAY): the history is played
 * out once for SAMPLE_TODAY and moved by whole weeks, so every `today` sees the same
 * program, keys and statuses. Pure: a new object every call; callers may mutate it.
 */
export function sampleSite(options: SampleSiteOptions = {}): SampleSite {
  const today = options.today ?? SAMPLE_TODAY;
  const todayDay = dayNumber(today);
  const site = generate(SAMPLE_TODAY);
  // Whole weeks keep every event on the weekday it happened; the rest of the gap
  // (0-6 days) just means "now" is a little later than the history, as in life.
  const weeks = Math.floor((todayDay - dayNumber(SAMPLE_TODAY)) / 7);
  return shiftSite(site, weeks * 7, today);
}

/** Moves every date and timestamp by `days` and sets today / now. */
function shiftSite(site: SampleSite, days: number, today: string): SampleSite {
  const t = (ts: string): string => jiraTime(Date.parse(ts) + days * MS_PER_DAY);
  const tn = (ts: string | null): string | null => (ts === null ? null : t(ts));
  const d = (iso: string | null): string | null => (iso === null ? null : isoDate(dayNumber(iso) + days));
  site.today = today;
  site.now = new Date(dayNumber(today) * MS_PER_DAY + 12 * 3600_000).toISOString();
  if (days === 0) return site;
  for (const s of site.sprints) {
    s.createdDate = t(s.createdDate);
    if (s.startDate) s.startDate = t(s.startDate);
    if (s.endDate) s.endDate = t(s.endDate);
    if (s.completeDate) s.completeDate = t(s.completeDate);
  }
  for (const i of site.issues) {
    i.created = t(i.created);
    i.updated = t(i.updated);
    i.statuscategorychangedate = t(i.statuscategorychangedate);
    i.resolutiondate = tn(i.resolutiondate);
    i.duedate = d(i.duedate);
    i.startDate = d(i.startDate);
    i.dataAvailable = d(i.dataAvailable);
    for (const h of i.changelog) h.created = t(h.created);
  }
  return site;
}

/** The site as it stands on `today` (the generator proper). */
function generate(today: string): SampleSite {
  const todayDay = dayNumber(today);
  const rng = seedrandom(SAMPLE_SEED);
  const nowMs = todayDay * MS_PER_DAY + 12 * 3600_000;

  // Day 0 of the program: the Monday on or before today - 26 weeks.
  const back = todayDay - HISTORY_WEEKS * 7;
  const s0 = back - (weekday(back) - 1);
  const dayOfW = (w: number): number => { const k = Math.floor(w); return s0 + 7 * Math.floor(k / 5) + (((k % 5) + 5) % 5); };
  /** Working days in [s0, day): a date as a working-day index (weekends roll forward). */
  const wOfDay = (day: number): number => {
    const weeks = Math.floor((day - s0) / 7);
    return weeks * 5 + Math.min(5, (day - s0) - weeks * 7);
  };
  /** Working-day time -> epoch ms: the fraction maps onto 09:00-17:00 UTC. */
  const msOfW = (w: number): number => {
    const k = Math.floor(w);
    return dayOfW(k) * MS_PER_DAY + 9 * 3600_000 + Math.round((w - k) * 8 * 60) * 60_000;
  };
  const nowW = weekday(todayDay) <= 5 ? wOfDay(todayDay) + 0.375 : wOfDay(todayDay);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const factor = (): number => Math.min(2.5, Math.max(0.6, Math.exp(0.12 + 0.3 * normal())));

  // ------------------------------------------------------------ people and projects
  const account = (handle: string): string => `712020:${pseudoUuid(`user:${handle}`)}`;
  const users: SampleUser[] = USERS.map((u) => ({
    accountId: account(u.handle), displayName: u.name,
    emailAddress: `${u.handle}@converge-sample.example`, timeZone: 'Etc/UTC',
  }));
  const teamOf = new Map(USERS.map((u) => [u.handle, u.team]));
  const teams: SampleTeam[] = Object.entries(TEAMS).map(([k, name]) => ({ id: pseudoUuid(`team:${k}`), name }));
  const teamId = (handle: string | null): string | null => (handle ? pseudoUuid(`team:${teamOf.get(handle)}`) : null);
  const projects: SampleProject[] = PROJECTS.map((p, i) => ({
    id: String(10000 + i), key: p.key, name: p.name, description: p.description, lead: account(p.lead), category: p.category,
  }));

  // ------------------------------------------------------------ play the program out
  const specByRef = new Map<string, { spec: ItemSpec; epic: EpicSpec }>();
  for (const epic of PROGRAM) {
    for (const spec of epic.items) {
      if (specByRef.has(spec.ref)) throw new Error(`sample program: duplicate ref ${spec.ref}`);
      specByRef.set(spec.ref, { spec, epic });
    }
  }
  const preds = (s: ItemSpec): string[] => [...(s.after ?? []), ...(s.dep ?? [])];
  for (const { spec } of specByRef.values()) {
    for (const r of [...preds(spec), ...(spec.rel ?? []), ...(spec.clone ? [spec.clone] : [])]) {
      if (!specByRef.has(r)) throw new Error(`sample program: ${spec.ref} names unknown ${r}`);
    }
  }
  // Topological order (DFS, in program order so the draw sequence is fixed); a cycle is a bug in the data.
  const topo: string[] = [];
  const mark = new Map<string, 1 | 2>();
  const visit = (ref: string, path: string[]): void => {
    const m = mark.get(ref);
    if (m === 2) return;
    if (m === 1) throw new Error(`sample program: dependency cycle ${[...path, ref].join(' -> ')}`);
    mark.set(ref, 1);
    for (const p of preds(specByRef.get(ref)!.spec)) visit(p, [...path, ref]);
    mark.set(ref, 2);
    topo.push(ref);
  };
  for (const epic of PROGRAM) for (const spec of epic.items) visit(spec.ref, []);

  // List scheduling: among the items whose predecessors are played out, the one that
  // can start first goes next (ties: program order); a person works on two items at a
  // time at most, except while waiting on a vendor, a review board or a training job.
  const played = new Map<string, Played>();
  const crewTurn: Record<string, number> = { FRAUD: 0, LLM: 0, PLAT: 0 };
  const whoOf = new Map<string, string>();
  for (const epic of PROGRAM) {
    for (const spec of epic.items) {
      const crew = CREW[epic.project];
      whoOf.set(spec.ref, spec.who ?? crew[crewTurn[epic.project]++ % crew.length]);
    }
  }
  const programOrder = new Map(topo.map((r) => [r, [...specByRef.keys()].indexOf(r)]));
  /** Each person juggles at most two items at once: the times their two slots free up. */
  const slots = new Map<string, [number, number]>();
  const pending = new Set(topo);
  let order = 0;
  while (pending.size) {
    let best: string | null = null;
    let bestAt = Infinity;
    for (const ref of pending) {
      const { spec, epic } = specByRef.get(ref)!;
      if (!preds(spec).every((p) => played.has(p))) continue;
      let earliest = Math.max(epic.week, spec.wk ?? 0) * 5;
      for (const p of preds(spec)) earliest = Math.max(earliest, played.get(p)!.finish);
      if (spec.start !== undefined) earliest = Math.max(earliest, wOfDay(todayDay + spec.start));
      if (spec.avail !== undefined) earliest = Math.max(earliest, wOfDay(todayDay + spec.avail));
      if (earliest < bestAt || (earliest === bestAt && programOrder.get(ref)! < programOrder.get(best!)!)) { best = ref; bestAt = earliest; }
    }
    const ref = best!;
    pending.delete(ref);
    const { spec, epic } = specByRef.get(ref)!;
    const who = whoOf.get(ref)!;
    const waits = spec.type === 'Review Gate' || spec.type === 'Training Run' || (spec.l ?? []).includes('vendor');
    const planned = spec.est ? spec.est[1] : spec.sp ?? (spec.h !== undefined ? spec.h / 8 : 2);
    let actual = 0;
    const attempts = spec.tries ? Math.min(spec.tries[1], 1 + Math.floor(Math.log(1 - rng()) / Math.log(1 - spec.tries[0]))) : 1;
    for (let a = 0; a < attempts; a++) actual += planned * (spec.est?.[3] === 'fixed' ? 1 : PACE * factor());
    const lag = preds(spec).length ? rng() * 1.5 : rng() * 4;
    let start = spec.start !== undefined ? bestAt : bestAt + lag;
    if (!waits) {
      const free = slots.get(who) ?? [-Infinity, -Infinity];
      const slot = free[0] <= free[1] ? 0 : 1;
      start = Math.max(start, free[slot]);
      free[slot] = start + actual;
      slots.set(who, free);
    }
    played.set(ref, {
      spec, epic, ref, type: spec.type, summary: spec.s, project: epic.project, parentRef: epic.ref,
      start, finish: start + actual, createdW: 0, assignee: who, order: order++,
    });
  }
  // Epics span their children; sub-tasks share their story's window in proportion to their hours.
  for (const epic of PROGRAM) {
    const kids = epic.items.map((s) => played.get(s.ref)!);
    played.set(epic.ref, {
      spec: null, epic, ref: epic.ref, type: 'Epic', summary: epic.s, project: epic.project, parentRef: null,
      start: Math.min(...kids.map((k) => k.start)), finish: Math.max(...kids.map((k) => k.finish)),
      createdW: 0, assignee: epic.owner, order: order++,
    });
  }
  for (const epic of PROGRAM) {
    for (const spec of epic.items) {
      if (!spec.sub) continue;
      const story = played.get(spec.ref)!;
      const total = spec.sub.reduce((a, [, h]) => a + h, 0);
      let at = story.start;
      spec.sub.forEach(([summary, hours], i) => {
        const len = ((story.finish - story.start) * hours) / total;
        played.set(`${spec.ref}#${i + 1}`, {
          spec: null, epic, ref: `${spec.ref}#${i + 1}`, type: 'Sub-task', summary, project: epic.project, parentRef: spec.ref,
          start: at, finish: at + len, createdW: 0, hours, assignee: story.assignee, order: order++,
        });
        at += len;
      });
    }
  }

  // ------------------------------------------------------------ created times, ids and keys
  const epicsFirst = [...played.values()].sort((a, b) => (a.type === 'Epic' ? 0 : a.type === 'Sub-task' ? 2 : 1) - (b.type === 'Epic' ? 0 : b.type === 'Sub-task' ? 2 : 1) || a.order - b.order);
  for (const p of epicsFirst) {
    if (p.type === 'Epic') { p.createdW = p.epic.week * 5 - 2 - rng() * 3; continue; }
    const parent = played.get(p.parentRef!)!;
    const lo = parent.createdW + 0.05;
    const hi = Math.min(p.start, nowW) - 0.3;
    const spread = p.start > nowW ? hi - lo : p.type === 'Sub-task' ? 2 : 12;
    p.createdW = hi <= lo ? lo : Math.max(lo, hi - rng() * spread);
  }
  const byCreation = [...played.values()].sort((a, b) => a.createdW - b.createdW || a.order - b.order);
  const keyOf = new Map<string, string>();
  const idOf = new Map<string, string>();
  const counters: Record<string, number> = { FRAUD: 0, LLM: 0, PLAT: 0 };
  byCreation.forEach((p, i) => {
    idOf.set(p.ref, String(10001 + i));
    keyOf.set(p.ref, `${p.project}-${++counters[p.project]}`);
  });
  const byStart = [...played.values()].sort((a, b) => a.start - b.start || a.order - b.order);
  const rankOf = new Map(byStart.map((p, i) => [p.ref, `0|i${(i * 97 + 1000).toString(36).padStart(5, '0')}:`]));

  // ------------------------------------------------------------ boards and sprints
  const boards: SampleBoard[] = projects.map((p, i) => ({ id: i + 1, name: `${p.key} board`, projectKey: p.key, type: 'scrum' }));
  const sprints: SampleSprint[] = [];
  const sprintAt = new Map<string, number>(); // `${project}:${k}` -> sprint id
  const activeK = Math.floor(nowW / 10);
  let sprintId = 0;
  for (const board of boards) {
    const firstWeek = Math.min(...PROGRAM.filter((e) => e.project === board.projectKey).map((e) => e.week));
    const goals = SPRINT_GOALS[board.projectKey as EpicSpec['project']];
    for (let k = Math.floor((firstWeek * 5) / 10), n = 1; k <= activeK + 2; k++, n++) {
      const startMs = msOfW(10 * k);
      const endMs = msOfW(10 * k + 9 + 0.999);
      const state: SampleSprint['state'] = endMs < nowMs ? 'closed' : startMs <= nowMs ? 'active' : 'future';
      const id = ++sprintId;
      sprintAt.set(`${board.projectKey}:${k}`, id);
      sprints.push({
        id, boardId: board.id, name: `${board.projectKey} Sprint ${n}`, state, goal: goals[(n - 1) % goals.length],
        createdDate: jiraTime(Math.min(startMs - 3 * MS_PER_DAY, nowMs - 3600_000)),
        startDate: jiraTime(startMs), endDate: jiraTime(endMs),
        ...(state === 'closed' ? { completeDate: jiraTime(endMs + 20 * 60_000) } : {}),
      });
    }
  }
  const sprintsFor = (p: Played): number[] => {
    if (p.type === 'Epic') return [];
    if (p.type === 'Sub-task') return sprintsFor(played.get(p.parentRef!)!);
    const out: number[] = [];
    const push = (k: number): void => { const id = sprintAt.get(`${p.project}:${k}`); if (id !== undefined && !out.includes(id)) out.push(id); };
    if (p.start <= nowW) {
      for (let k = Math.floor(p.start / 10); k <= Math.floor((Math.min(p.finish, nowW) - 1e-9) / 10); k++) push(k);
    } else {
      // Planned work is committed to the sprint it can finish in: an item that cannot start
      // until late in a sprint (a data-available date, a blocker) goes to the next one.
      const spec = p.spec;
      const planned = spec ? (spec.est ? spec.est[1] : spec.sp ?? (spec.h !== undefined ? spec.h / 8 : 2)) : 0;
      let k = Math.floor(p.start / 10);
      if (p.start + planned > 10 * k + 10) k++;
      if (k <= activeK + 2) push(k);
    }
    return out;
  };

  // ------------------------------------------------------------ issues and changelogs
  const statusById = new Map(STATUSES.map((s) => [s.name, s]));
  const st = (name: string): SampleStatus => statusById.get(name)!;
  const histories: Array<{ issue: SampleIssue; h: Omit<SampleHistory, 'id'>; ms: number }> = [];
  const statusItem = (from: string, to: string): SampleChangeItem => ({
    field: 'status', fieldtype: 'jira', fieldId: 'status', from: st(from).id, fromString: from, to: st(to).id, toString: to,
  });
  const issues: SampleIssue[] = [];
  for (const p of byCreation) {
    const spec = p.spec;
    const done = p.finish <= nowW;
    const started = p.start <= nowW;
    const reviewable = p.type === 'Story' || p.type === 'Task' || p.type === 'Bug';
    const reviewAt = p.start + 0.8 * (p.finish - p.start);
    const goesToReview = reviewable && rng() < 0.6 && reviewAt <= nowW;
    const status = done ? 'Done' : started ? (goesToReview ? 'In Review' : 'In Progress') : 'To Do';
    const unassigned = !started && p.start > nowW + 20 && rng() < 0.4;
    const assignee = unassigned ? null : p.assignee ? account(p.assignee) : null;
    const author = assignee ?? account(p.epic.owner);
    const createdMs = msOfW(p.createdW) + 7000; // minute precision keeps ids in creation order
    const issue: SampleIssue = {
      id: idOf.get(p.ref)!, key: keyOf.get(p.ref)!, projectKey: p.project, issueType: p.type, summary: p.summary,
      description: p.type === 'Epic' ? p.epic.d : spec?.d ?? null,
      status, resolution: done ? 'Done' : null, priority: spec?.pri ?? (p.type === 'Bug' ? 'High' : 'Medium'),
      parent: p.parentRef ? keyOf.get(p.parentRef)! : null, labels: [...(spec?.l ?? [])].sort(),
      assignee, reporter: p.type === 'Epic' ? account(PROJECTS.find((x) => x.key === p.project)!.lead) : account(p.epic.owner),
      team: teamId(p.assignee), created: jiraTime(createdMs), updated: jiraTime(createdMs), resolutiondate: null,
      statuscategorychangedate: jiraTime(createdMs), duedate: null, startDate: null, dataAvailable: null,
      storyPoints: spec?.sp ?? null, gpus: spec?.gpus ?? null, timetracking: null, sprints: sprintsFor(p).sort((a, b) => a - b),
      rank: rankOf.get(p.ref)!, properties: {}, changelog: [],
    };
    // Status history: strictly after creation and before now.
    const at = (w: number): number => Math.min(nowMs - 60_000, Math.max(createdMs + 60_000, msOfW(w) + Math.floor(rng() * 60) * 1000));
    let last = createdMs;
    const add = (ms: number, items: SampleChangeItem[]): void => {
      const t = Math.max(ms, last + 60_000);
      histories.push({ issue, h: { author, created: jiraTime(t), items }, ms: t });
      last = t;
    };
    if (started) add(at(p.start + (p.type === 'Epic' ? 0.01 : 0)), [statusItem('To Do', 'In Progress')]);
    if (status === 'In Review' || (done && goesToReview)) add(at(reviewAt), [statusItem('In Progress', 'In Review')]);
    if (done) {
      add(at(p.finish + (p.type === 'Epic' ? 0.05 : 0)), [statusItem(goesToReview ? 'In Review' : 'In Progress', 'Done'),
        { field: 'resolution', fieldtype: 'jira', fieldId: 'resolution', from: null, fromString: null, to: '10000', toString: 'Done' }]);
      issue.resolutiondate = jiraTime(last);
    }
    if (started) issue.statuscategorychangedate = jiraTime(last);
    issue.updated = jiraTime(last);

    if (p.type === 'Epic') {
      // Done epics were due around when they finished; open ones carry the date committed
      // from the estimates (at face value, so most open epics are at risk, as in life).
      const committed = done ? p.finish : nowW + Math.max(5, (p.finish - nowW) / PACE) * 1.1;
      issue.duedate = isoDate(dayOfW(committed + p.epic.slack));
      issue.startDate = isoDate(dayOfW(p.start));
    }
    if (spec?.due !== undefined) issue.duedate = isoDate(todayDay + spec.due);
    if (spec?.start !== undefined) issue.startDate = isoDate(todayDay + spec.start);
    if (spec?.avail !== undefined) issue.dataAvailable = isoDate(todayDay + spec.avail);
    if (spec?.est) {
      const [o, m, pe, dist] = spec.est;
      const e: EstimateProperty = { optimistic: o, mostLikely: m, pessimistic: pe, distribution: dist ?? 'pert' };
      if (spec.tries) { e.successProbability = spec.tries[0]; e.maxAttempts = spec.tries[1]; }
      issue.properties[ESTIMATE_PROPERTY] = e;
    }
    const hours = spec?.h ?? p.hours;
    if (hours !== undefined) {
      const original = hours * 3600;
      const progress = done ? 1 : started ? Math.min(0.95, (nowW - p.start) / Math.max(1e-9, p.finish - p.start)) : 0;
      const spent = Math.round((progress * (p.finish - p.start) * SECONDS_PER_DAY) / 1800) * 1800;
      issue.timetracking = {
        originalEstimateSeconds: original,
        remainingEstimateSeconds: done ? 0 : started ? Math.max(3600, original - spent) : original,
        timeSpentSeconds: spent,
      };
    }
    issues.push(issue);
  }
  histories.sort((a, b) => a.ms - b.ms);
  histories.forEach((x, i) => x.issue.changelog.push({ id: String(20001 + i), ...x.h }));
  for (const issue of issues) issue.changelog.sort((a, b) => Number(a.id) - Number(b.id));

  // ------------------------------------------------------------ links
  const links: SampleLink[] = [];
  const link = (type: string, outward: string, inward: string): void => {
    links.push({ id: String(10100 + links.length), type, outward: keyOf.get(outward)!, inward: keyOf.get(inward)! });
  };
  for (const epic of PROGRAM) {
    for (const spec of epic.items) {
      for (const p of spec.after ?? []) link('Blocks', p, spec.ref);
      for (const p of spec.dep ?? []) link('Depends', spec.ref, p);
      for (const r of spec.rel ?? []) link('Relates', spec.ref, r);
      if (spec.clone) link('Cloners', spec.ref, spec.clone);
    }
  }

  return {
    today, now: new Date(nowMs).toISOString(), name: 'Converge sample AI program',
    currentUser: account('alex'), users, teams, projects,
    issueTypes: ISSUE_TYPES.map((t) => ({ ...t })), statuses: STATUSES.map((s) => ({ ...s })),
    linkTypes: LINK_TYPES.map((l) => ({ ...l })), fields: FIELDS.map((f) => structuredClone(f)),
    boards, sprints, issues, links,
  };
}
