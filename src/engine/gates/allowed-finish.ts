/**
 * Allowed-finish lookups: on which working days a task may finish. Review gates
 * finish only when their board sits (a rule's cadence); deploy-kind tasks (any
 * task a window applies to) finish only inside a deployment window and never in a
 * change freeze.
 *
 * Semantics (docs/plan-format.md, "Finish constraints"). A finish of x working days
 * falls on working day d = ceil(x) - 1 (d = 0 for x <= 0), as finishDate does. When
 * d is an allowed day the finish stays x; otherwise it moves to the end of the
 * next allowed day k > d, i.e. to k + 1. A gate *waits*: its start is unchanged and
 * the time between its work and the sitting is waiting for the board. A deploy
 * *shifts*: its start moves so that start + duration = the new finish (the whole
 * task is delayed, its duration is unchanged). A sitting on a non-working date
 * counts on the next working day. Allowed days for a window-governed task: the days
 * inside any deployment window that applies to it (every day, when none applies),
 * minus the days inside any applying freeze.
 *
 * Method: one table per distinct constraint, an Int32Array over working-day indexes
 * 0 .. horizonDays - 1 with next[d] = the first allowed day >= d (horizonDays for
 * "beyond the horizon", when days past it are allowed; -1 when no allowed day is
 * left), and prev[d] = the last allowed day <= d (-1 when none), filled by one
 * backward and one forward sweep. nextAllowedFinish is then O(1), allocation-free,
 * so the Monte Carlo forward pass can call it per task per iteration.
 * Assumptions: windows and sittings are whole days; the horizon is plan.horizon, or
 * five years after start. Cost: O(tables x horizonDays) time and memory (about 5 KB
 * per table for five years of working days).
 */
import type { FinishWindow, Plan, Task, TaskMatch } from '../plan';
import { WorkingCalendar, dayNumber, isoFromDayNumber, isoWeekday } from '../working-calendar';

/** Default horizon after the plan start when the plan sets none: five years of calendar days. */
export const DEFAULT_HORIZON_CALENDAR_DAYS = 5 * 365 + 1;

export interface AllowedFinishTable {
  /** What the table encodes, for messages: 'gate board of rule R1 (security-review)', 'windows W1, F1'. */
  name: string;
  /** 'gate' tables come from a cadence (no sitting left means 'no-sitting'); 'window' from windows. */
  source: 'gate' | 'window';
  next: Int32Array;
  prev: Int32Array;
  /** Whether days at or past the horizon are allowed. */
  beyond: boolean;
}

export interface FinishConstraints {
  /** finishRule[i]: index into finishTables for the task at topological position i, -1 when unconstrained. */
  finishRule: Int32Array;
  /** finishShift[i]: 1 when the start moves with the finish (deploys), 0 when the task waits (gates). */
  finishShift: Uint8Array;
  finishTables: AllowedFinishTable[];
  /** Working days from day 0 to the end of the horizon date. */
  horizonDays: number;
}

/** The horizon date: plan.horizon or start + DEFAULT_HORIZON_CALENDAR_DAYS. */
export function horizonDate(plan: Pick<Plan, 'start' | 'horizon'>): string {
  return plan.horizon ?? isoFromDayNumber(dayNumber(plan.start) + DEFAULT_HORIZON_CALENDAR_DAYS);
}

export function matchesTask(m: TaskMatch, task: Task): boolean {
  if (m.ids?.includes(task.id)) return true;
  if (m.idPrefix !== undefined && task.id.startsWith(m.idPrefix)) return true;
  if (m.kinds && task.kind !== undefined && m.kinds.includes(task.kind)) return true;
  if (m.labels && task.labels?.some((l) => m.labels!.includes(l))) return true;
  return false;
}

/** Working-day indexes in [0, horizonDays) of a cadence's sittings (a sitting on a non-working day counts on the next working day). */
export function sittingDays(cadence: NonNullable<import('../plan').GateRule['cadence']>, cal: WorkingCalendar, horizonDays: number): number[] {
  const horizonDay = horizonDays > 0 ? cal.dayOfIndex(horizonDays - 1) : cal.startDay - 1;
  const dates: number[] = [];
  if ('dates' in cadence) for (const d of cadence.dates) dates.push(dayNumber(d));
  else {
    let first = dayNumber(cadence.from);
    while (isoWeekday(first) !== cadence.weekday) first++;
    for (let d = first; d <= horizonDay; d += 7 * cadence.everyWeeks) if (d >= cal.startDay) dates.push(d);
  }
  const out = new Set<number>();
  for (const d of dates) {
    if (d < cal.startDay || d > horizonDay) continue;
    const k = cal.workingDaysBefore(d); // the first working day on or after d
    if (k < horizonDays) out.add(k);
  }
  return [...out].sort((a, b) => a - b);
}

function tableFrom(name: string, source: AllowedFinishTable['source'], allowed: Uint8Array, beyond: boolean): AllowedFinishTable {
  const H = allowed.length;
  const next = new Int32Array(H), prev = new Int32Array(H);
  let k = beyond ? H : -1;
  for (let d = H - 1; d >= 0; d--) { if (allowed[d]) k = d; next[d] = k; }
  k = -1;
  for (let d = 0; d < H; d++) { if (allowed[d]) k = d; prev[d] = k; }
  return { name, source, next, prev, beyond };
}

/** Builds the per-task lookups for the tasks in topological order (`order[i]` = the plan task at position i). */
export function compileFinishConstraints(plan: Plan, cal: WorkingCalendar, order: readonly Task[]): FinishConstraints {
  const n = order.length;
  const finishRule = new Int32Array(n).fill(-1);
  const finishShift = new Uint8Array(n);
  const finishTables: AllowedFinishTable[] = [];
  const rules = plan.gateRules ?? [];
  const windows = plan.windows ?? [];
  const hasCadence = rules.some((r) => r.cadence);
  if (!hasCadence && windows.length === 0) return { finishRule, finishShift, finishTables, horizonDays: 0 };
  const horizonDays = Math.max(0, cal.workingDaysThrough(horizonDate(plan)));
  const byKey = new Map<string, number>();

  const gateTable = (kind: string): number => {
    const rule = rules.find((r) => r.gate === kind && r.cadence);
    if (!rule) return -1;
    const key = `gate:${rule.id}`;
    if (!byKey.has(key)) {
      const allowed = new Uint8Array(horizonDays);
      for (const d of sittingDays(rule.cadence!, cal, horizonDays)) allowed[d] = 1;
      byKey.set(key, finishTables.push(tableFrom(`review board of gate rule ${rule.id} (${rule.gate})`, 'gate', allowed, false)) - 1);
    }
    return byKey.get(key)!;
  };
  const windowTable = (applying: FinishWindow[]): number => {
    const key = `win:${applying.map((w) => w.id).join('\u0000')}`;
    if (!byKey.has(key)) {
      const deployments = applying.filter((w) => w.kind === 'deployment');
      const allowed = new Uint8Array(horizonDays).fill(deployments.length ? 0 : 1);
      const mark = (w: FinishWindow, v: number) => {
        const from = Math.max(0, cal.workingDaysBefore(w.from));
        const to = Math.min(horizonDays, cal.workingDaysThrough(w.to)); // exclusive
        for (let d = from; d < to; d++) allowed[d] = v;
      };
      for (const w of deployments) mark(w, 1);
      for (const w of applying) if (w.kind === 'freeze') mark(w, 0);
      byKey.set(key, finishTables.push(tableFrom(`windows ${applying.map((w) => w.id).join(', ')}`, 'window', allowed, deployments.length === 0)) - 1);
    }
    return byKey.get(key)!;
  };

  for (let i = 0; i < n; i++) {
    const task = order[i];
    if (task.status === 'done') continue;
    if (task.gate) {
      const t = gateTable(task.gate.kind);
      if (t >= 0) { finishRule[i] = t; continue; }
    }
    const applying = windows.filter((w) => matchesTask(w.appliesTo, task));
    if (applying.length) {
      finishRule[i] = windowTable(applying);
      finishShift[i] = 1;
    }
  }
  return { finishRule, finishShift, finishTables, horizonDays };
}

/**
 * The earliest allowed finish >= `finish` for task `task` (a topological position):
 * `finish` itself when it falls on an allowed day, else the end of the next allowed
 * day, Infinity when none is left before the horizon. O(1).
 */
export function nextAllowedFinish(cpX: Pick<FinishConstraints, 'finishRule' | 'finishTables'>, task: number, finish: number): number {
  const r = cpX.finishRule[task];
  if (r < 0) return finish;
  const t = cpX.finishTables[r];
  const d = finish <= 0 ? 0 : Math.ceil(finish) - 1;
  if (d >= t.next.length) return t.beyond ? finish : Infinity;
  const k = t.next[d];
  if (k === d) return finish;
  return k < 0 ? Infinity : k + 1;
}

/** The latest allowed finish <= `finish` (for late dates), -Infinity when none. O(1). */
export function prevAllowedFinish(cpX: Pick<FinishConstraints, 'finishRule' | 'finishTables'>, task: number, finish: number): number {
  const r = cpX.finishRule[task];
  if (r < 0) return finish;
  const t = cpX.finishTables[r];
  const d = finish <= 0 ? 0 : Math.ceil(finish) - 1;
  if (d >= t.prev.length) {
    if (t.beyond) return finish;
    const k = t.prev.length ? t.prev[t.prev.length - 1] : -1;
    return k < 0 ? -Infinity : k + 1;
  }
  const k = t.prev[d];
  if (k === d) return finish;
  return k < 0 ? -Infinity : k + 1;
}
