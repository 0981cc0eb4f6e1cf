/**
 * Throughput tasks: work nobody estimated (an epic of N open items) scheduled at the
 * team's own pace. A task may carry `throughput: { items, splitRate?, growth? }` instead
 * of an estimate and the plan `throughputHistory` (the team's items done per past working
 * day, one list per team or one for all); expansion (gates/expand-plan.ts) replaces the
 * task's duration by K1's throughputEstimate (forecast-throughput.ts: lognormal P5 / P50 /
 * P95 of the simulated days) and flags it `assumed`, with the info finding
 * HC-THROUGHPUT-ESTIMATE naming the task, the items and the P50 / P95 days.
 * Determinism: the simulation draws from the stream seeded with the task id alone, so the
 * same plan always expands to the same estimates (whatever seed the forecast runs with).
 * History choice: the entry whose `team` equals the task's meta.team, else the entry with
 * no team; none is the error 'no-throughput-history' naming the task.
 * Also here (pure, for the Jira resolvers): which mapped epics become throughput tasks
 * (`throughputEpics`, rule in docs/plan-format.md). Cost: O(iterations x days) per task,
 * with iterations cut from 10,000 (to no fewer than 1,000) so that iterations x expected days
 * stays near 1 million: about 0.1-0.4 s per epic (Node 20, a busy 2-core machine).
 */
import type { Estimate, Plan, PlanIssue, Task } from '../plan';
import type { Finding } from '../gates/finding';
import { aleaStream } from '../random/seeded-streams';
import { throughputEstimate } from './forecast-throughput';
import { HistoryError } from './history-error';

export interface TaskThroughput {
  /** Open items left (a whole number >= 1). */
  items: number;
  /** Share of items that split in two (0..1). */
  splitRate?: number;
  /** Items added to the scope per working day, on average. */
  growth?: number;
}

export interface ThroughputHistory {
  team?: string;
  /** Items done on each past working day (0 on days nothing was done). */
  dailyDone: number[];
}

/** Iterations of the throughput simulation behind each estimate (fewer for very long backlogs, below). */
export const THROUGHPUT_ITERATIONS = 10_000;
/** Simulated days per estimate, about: a 500-item epic at 0.3 items a day takes ~1,600 days an iteration. */
export const THROUGHPUT_DAY_BUDGET = 1_000_000;
const MIN_THROUGHPUT_ITERATIONS = 1000;

/** Iterations for a backlog: 10,000, fewer (not under 1,000) when the expected days would exceed the budget. */
export function throughputIterations(dailyDone: readonly number[], tp: TaskThroughput): number {
  const mean = dailyDone.reduce((a, d) => a + d, 0) / Math.max(1, dailyDone.length);
  const pace = mean - (tp.growth ?? 0);
  if (!(pace > 0)) return MIN_THROUGHPUT_ITERATIONS; // refused by forecastThroughput anyway
  const days = (tp.items * (1 + (tp.splitRate ?? 0))) / pace;
  return Math.max(MIN_THROUGHPUT_ITERATIONS, Math.min(THROUGHPUT_ITERATIONS, Math.floor(THROUGHPUT_DAY_BUDGET / Math.max(1, days))));
}

type Add = (code: PlanIssue['code'], message: string, task?: string, field?: string) => void;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v));

/** Validates a task's `throughput` field; undefined (with issues added) when unusable. */
export function validateTaskThroughput(raw: unknown, id: string, add: Add): TaskThroughput | undefined {
  if (!isObj(raw)) { add('invalid-throughput', `task ${id} throughput must be { "items": N, "splitRate"?: 0..1, "growth"?: >= 0 }, not ${show(raw)}`, id, 'throughput'); return undefined; }
  let ok = true;
  if (!Number.isInteger(raw.items) || (raw.items as number) < 1) { add('invalid-throughput', `task ${id} throughput.items must be a whole number >= 1, not ${show(raw.items)}`, id, 'throughput.items'); ok = false; }
  if (raw.splitRate !== undefined && !(typeof raw.splitRate === 'number' && raw.splitRate >= 0 && raw.splitRate <= 1)) { add('invalid-throughput', `task ${id} throughput.splitRate must be a number in [0, 1], not ${show(raw.splitRate)}`, id, 'throughput.splitRate'); ok = false; }
  if (raw.growth !== undefined && !(typeof raw.growth === 'number' && Number.isFinite(raw.growth) && raw.growth >= 0)) { add('invalid-throughput', `task ${id} throughput.growth must be a number >= 0, not ${show(raw.growth)}`, id, 'throughput.growth'); ok = false; }
  if (!ok) return undefined;
  return { items: raw.items as number, ...(raw.splitRate !== undefined ? { splitRate: raw.splitRate as number } : {}), ...(raw.growth !== undefined ? { growth: raw.growth as number } : {}) };
}

/** Validates the plan's `throughputHistory`: one `{ team?, dailyDone }` or a list of them (normalized to a list). */
export function validateThroughputHistory(raw: unknown, add: Add): ThroughputHistory[] | undefined {
  if (raw === undefined) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  const out: ThroughputHistory[] = [];
  const teams = new Set<string | undefined>();
  list.forEach((h, i) => {
    const at = Array.isArray(raw) ? `throughputHistory[${i}]` : 'throughputHistory';
    if (!isObj(h)) { add('invalid-throughput', `${at} must be { "team"?: string, "dailyDone": [numbers >= 0] }, not ${show(h)}`, undefined, at); return; }
    if (h.team !== undefined && (typeof h.team !== 'string' || h.team === '')) { add('invalid-throughput', `${at}.team must be a non-empty string, not ${show(h.team)}`, undefined, `${at}.team`); return; }
    const d = h.dailyDone;
    if (!Array.isArray(d) || d.length === 0 || !d.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) {
      add('invalid-throughput', `${at}.dailyDone must be a non-empty list of numbers >= 0 (items done per past working day), not ${show(d)}`, undefined, `${at}.dailyDone`);
      return;
    }
    const team = h.team as string | undefined;
    if (teams.has(team)) { add('invalid-throughput', `${at}: a second history for ${team === undefined ? 'all teams' : `team ${team}`}`, undefined, `${at}.team`); return; }
    teams.add(team);
    out.push({ ...(team !== undefined ? { team } : {}), dailyDone: [...(d as number[])] });
  });
  return out;
}

const teamOf = (t: Task): string | undefined => (typeof t.meta?.team === 'string' ? t.meta.team : undefined);

/**
 * Expansion step: every task with `throughput` gets its throughput estimate (mutates the
 * given task copies; the caller's input plan is untouched). Done tasks just drop the field.
 */
export function applyThroughputEstimates(tasks: Task[], history: readonly ThroughputHistory[] | undefined, issues: PlanIssue[], findings: Finding[]): void {
  for (const t of tasks) {
    const tp = t.throughput;
    if (!tp) continue;
    if (t.status === 'done') { delete t.throughput; delete t.unestimated; continue; }
    delete t.unestimated; // a throughput task never falls back to a convergence default
    const team = teamOf(t);
    const h = (history ?? []).find((x) => team !== undefined && x.team === team) ?? (history ?? []).find((x) => x.team === undefined);
    if (!h) {
      issues.push({ code: 'no-throughput-history', message: `task ${t.id} is forecast from throughput but the plan has no throughputHistory ${team !== undefined ? `for team ${team} nor one for all teams` : 'without a team'}`, task: t.id, field: 'throughput' });
      continue;
    }
    let got: { estimate: Estimate; forecast: { p50: number; p95: number } };
    try {
      got = throughputEstimate(h.dailyDone, tp.items, { iterations: throughputIterations(h.dailyDone, tp), rng: aleaStream(`throughput\u0000${t.id}`), splitRate: tp.splitRate, growth: tp.growth });
    } catch (e) {
      if (!(e instanceof HistoryError)) throw e;
      const noData = e.code === 'not-enough-data';
      issues.push({ code: noData ? 'no-throughput-history' : 'invalid-throughput', message: `task ${t.id}: ${e.message}`, task: t.id, field: noData ? 'throughput' : `throughput.${e.culprit ?? 'items'}` });
      continue;
    }
    t.duration = got.estimate;
    delete t.remaining; // the items are what is left
    delete t.throughput;
    t.assumed = true;
    const { p50, p95 } = got.forecast;
    t.meta = { ...(t.meta ?? {}), throughput: { ...tp, p50, p95, ...(h.team !== undefined ? { team: h.team } : {}) } };
    findings.push({
      id: 'HC-THROUGHPUT-ESTIMATE', severity: 'info', tasks: [t.id],
      message: `${t.id}: ${tp.items} item(s) at ${h.team !== undefined ? `team ${h.team}'s` : "the team's"} past daily throughput take ${p50} working days (P50), ${p95} (P95)`,
      hint: 'This is the team\'s pace, not an estimate of this work: estimate the epic (or its items) when you can.',
    });
  }
}

/**
 * The Jira rule: an open, in-scope Epic with no estimate of its own (mapped with
 * estimateSource 'children') whose open in-scope children are all unestimated (none a
 * parent itself) and at least one, becomes a throughput task with items = that number;
 * those children are then counted by the epic's throughput, so they take 0 days (kept for
 * their links and panels, meta.throughputEpic names the epic). Returns a new plan.
 */
export function throughputEpics(plan: Plan): { plan: Plan; epics: Array<{ id: string; items: number; children: string[] }> } {
  const open = (t: Task) => t.status !== 'done' && t.meta?.external !== true;
  const epics: Array<{ id: string; items: number; children: string[] }> = [];
  for (const e of plan.tasks) {
    if (!open(e) || e.throughput || e.meta?.estimateSource !== 'children' || String(e.meta?.issueType ?? '').toLowerCase() !== 'epic') continue;
    const kids = plan.tasks.filter((c) => open(c) && c.meta?.parent === e.id);
    if (kids.length === 0 || !kids.every((c) => c.meta?.unestimated === true && c.meta?.estimateSource !== 'children')) continue;
    epics.push({ id: e.id, items: kids.length, children: kids.map((c) => c.id) });
  }
  if (epics.length === 0) return { plan, epics };
  const epicOf = new Map(epics.flatMap((e) => e.children.map((c) => [c, e.id] as const)));
  const items = new Map(epics.map((e) => [e.id, e.items] as const));
  const tasks = plan.tasks.map((t): Task => {
    const n = items.get(t.id);
    if (n !== undefined) return { ...t, throughput: { items: n } };
    const epic = epicOf.get(t.id);
    if (epic === undefined) return t;
    const { attempts: _a, remaining: _r, assumed: _s, unestimated: _u, ...rest } = t;
    return { ...rest, duration: { optimistic: 0, mostLikely: 0, pessimistic: 0, distribution: 'fixed' }, meta: { ...(t.meta ?? {}), throughputEpic: epic } };
  });
  return { plan: { ...plan, tasks }, epics };
}
