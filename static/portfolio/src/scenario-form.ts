/**
 * The scenario editor's form model: what a person types (strings) turned into the contract's
 * what-if changes, with a message per field that is wrong. Pure, so it is tested without a
 * browser and the page only renders it. An estimate is checked by the panels' own estimate
 * form (shared/src/estimate-form.ts), so the editor says the same thing about the same input.
 */
import type { Scenario, ScenarioChange } from '../../../src/resolvers/contract';
import { validateDraft } from '../../shared/src/estimate-form';

export type ChangeOp = ScenarioChange['op'];

export const OPS: Array<{ op: ChangeOp; label: string }> = [
  { op: 'set-capacity', label: 'Pool capacity' },
  { op: 'move-due', label: 'Move the due date' },
  { op: 'remove-tasks', label: 'Remove scope' },
  { op: 'add-task', label: 'Add scope' },
  { op: 'set-estimate', label: 'Change an estimate' },
  { op: 'set-priority', label: 'Priority order' },
  { op: 'add-dependency', label: 'Add a dependency' },
  { op: 'remove-dependency', label: 'Remove a dependency' },
];

/** One change row as typed: every field a string (inputs), only the op's fields used. */
export interface ChangeDraft {
  op: ChangeOp;
  pool: string;
  capacity: string;
  date: string;
  issues: string;
  issue: string;
  from: string;
  to: string;
  optimistic: string;
  mostLikely: string;
  pessimistic: string;
  order: string;
}

export interface ScenarioDraft {
  name: string;
  changes: ChangeDraft[];
}

export function emptyChange(op: ChangeOp = 'set-capacity', pool = ''): ChangeDraft {
  return { op, pool, capacity: '', date: '', issues: '', issue: '', from: '', to: '', optimistic: '', mostLikely: '', pessimistic: '', order: '' };
}

/** A change's three-point estimate (PERT, no retry) checked as the issue panel checks it. */
const estimateOf = (c: ChangeDraft) => validateDraft({ optimistic: c.optimistic, mostLikely: c.mostLikely, pessimistic: c.pessimistic, distribution: 'pert', retryPercent: '', maxAttempts: '' });

const keys = (s: string) => s.split(/[\s,]+/).map((k) => k.trim().toUpperCase()).filter(Boolean);
const KEY = /^[A-Z][A-Z0-9_]*-[1-9][0-9]*$/;

/** Errors by field name ('capacity', 'date', ...) for one change; empty = valid. */
export function changeErrors(c: ChangeDraft): Record<string, string> {
  const e: Record<string, string> = {};
  const num = (f: 'capacity') => {
    const v = Number(c[f]);
    if (c[f].trim() === '' || !Number.isFinite(v) || v < 0) e[f] = 'Enter a number of 0 or more.';
    return v;
  };
  const issue = (f: 'issue' | 'from' | 'to') => { if (!KEY.test(c[f].trim().toUpperCase())) e[f] = 'Enter an issue key like ML-12.'; };
  switch (c.op) {
    case 'set-capacity':
      if (!c.pool) e.pool = 'Choose a pool.';
      num('capacity');
      break;
    case 'move-due':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(c.date)) e.date = 'Choose a date.';
      break;
    case 'remove-tasks':
      if (!keys(c.issues).length || keys(c.issues).some((k) => !KEY.test(k))) e.issues = 'List issue keys, separated by commas.';
      break;
    case 'add-task':
    case 'set-estimate': {
      if (c.op === 'add-task' ? !c.issue.trim() : !KEY.test(c.issue.trim().toUpperCase())) e.issue = c.op === 'add-task' ? 'Name the new work (e.g. NEW-1).' : 'Enter an issue key like ML-12.';
      Object.assign(e, estimateOf(c).errors);
      if (c.op === 'add-task' && c.issues.trim() && keys(c.issues).some((k) => !KEY.test(k))) e.issues = 'List issue keys, separated by commas.';
      break;
    }
    case 'add-dependency':
    case 'remove-dependency':
      issue('from');
      issue('to');
      if (!e.from && !e.to && c.from.trim().toUpperCase() === c.to.trim().toUpperCase()) e.to = 'An issue cannot wait for itself.';
      break;
    case 'set-priority':
      if (!c.order.trim()) e.order = 'List project keys, most important first.';
      break;
  }
  return e;
}

/** The contract change of a valid draft. */
export function toChange(c: ChangeDraft): ScenarioChange {
  const est = () => estimateOf(c).estimate!;
  switch (c.op) {
    case 'set-capacity': return { op: 'set-capacity', pool: c.pool, capacity: Number(c.capacity) };
    case 'move-due': return { op: 'move-due', date: c.date };
    case 'remove-tasks': return { op: 'remove-tasks', ids: keys(c.issues) };
    case 'add-task': {
      const after = keys(c.issues);
      return { op: 'add-task', task: { id: c.issue.trim(), name: c.issue.trim(), estimate: est(), ...(after.length ? { after } : {}) } };
    }
    case 'set-estimate': return { op: 'set-estimate', id: c.issue.trim().toUpperCase(), estimate: est() };
    case 'add-dependency':
    case 'remove-dependency': return { op: c.op, from: c.from.trim().toUpperCase(), to: c.to.trim().toUpperCase() };
    case 'set-priority': return { op: 'set-priority', order: keys(c.order) };
  }
}

/** The scenarios to send, or the first problem (scenario index, change index, message). */
export function toScenarios(drafts: ScenarioDraft[]): { ok: true; scenarios: Scenario[] } | { ok: false; scenario: number; change?: number; message: string } {
  const out: Scenario[] = [];
  for (const [i, d] of drafts.entries()) {
    if (!d.name.trim()) return { ok: false, scenario: i, message: 'Give the scenario a name.' };
    if (!d.changes.length) return { ok: false, scenario: i, message: 'Add at least one change.' };
    for (const [k, c] of d.changes.entries()) {
      const e = Object.values(changeErrors(c));
      if (e.length) return { ok: false, scenario: i, change: k, message: e[0] };
    }
    out.push({ name: d.name.trim(), changes: d.changes.map(toChange) });
  }
  return { ok: true, scenarios: out };
}

/** Capacities the trade-off curve tries around the current one: 50%, 75%, 150%, 200% (whole units, at least 1). */
export function capacitySteps(current: number): number[] {
  return [...new Set([0.5, 0.75, 1.5, 2].map((f) => Math.max(1, Math.round(current * f))))].filter((c) => c !== current);
}
