/**
 * The windows a project's timeline shades: deployment windows, change freezes and
 * maintenance windows, from three places, in this order:
 *   1. settings.windows, as the admin configured them;
 *   2. resource pools' availability periods with capacity 0 (a drained GPU pool);
 *   3. open in-scope issues that carry a start date (Jira's "Start date", the day the
 *      window opens) and a window label: deployment / release / change-window ->
 *      'deployment', maintenance -> 'maintenance', freeze / change-freeze -> 'freeze'.
 *      The window closes on the issue's due date, else after its most likely duration
 *      in working days.
 * The same (from, to, kind) is listed once. Pure; O(windows + issues).
 */
import { WorkingCalendar, isIsoDate } from '../engine/working-calendar';
import type { IssueMeta } from '../jira/plan-from-jira';
import type { PlanWindow, Settings } from './contract';

const KIND_OF_LABEL: Record<string, string> = {
  deployment: 'deployment',
  release: 'deployment',
  'change-window': 'deployment',
  'deployment-window': 'deployment',
  maintenance: 'maintenance',
  'maintenance-window': 'maintenance',
  freeze: 'freeze',
  'change-freeze': 'freeze',
};
const LABEL_OF_KIND: Record<string, string> = { deployment: 'Deployment window', maintenance: 'Maintenance', freeze: 'Change freeze' };

/** The window kind an issue's labels name, if any (deployment before maintenance before freeze: first in label order). */
export function windowKind(labels: readonly string[] | undefined): string | undefined {
  for (const l of labels ?? []) {
    const k = KIND_OF_LABEL[l.toLowerCase()];
    if (k) return k;
  }
  return undefined;
}

export function planWindows(issues: readonly IssueMeta[], settings: Pick<Settings, 'windows' | 'resources' | 'calendar'>): PlanWindow[] {
  const out: PlanWindow[] = [];
  const seen = new Set<string>();
  const add = (w: PlanWindow) => {
    const key = `${w.from}|${w.to}|${w.kind ?? ''}`;
    if (seen.has(key) || !isIsoDate(w.from) || !isIsoDate(w.to) || w.to < w.from) return;
    seen.add(key);
    out.push(w);
  };
  for (const w of settings.windows ?? []) add({ ...w });
  for (const pool of settings.resources ?? []) {
    for (const a of pool.availability ?? []) {
      if (a.capacity === 0) add({ from: a.from, to: a.to, label: `${pool.name || pool.id} offline`, kind: 'maintenance', source: pool.id });
    }
  }
  for (const m of issues) {
    if (m.external || m.status === 'done' || !m.startDate) continue;
    const kind = windowKind(m.labels);
    if (!kind) continue;
    let to = m.due && m.due >= m.startDate ? m.due : undefined;
    if (!to) {
      // The window lasts as long as the work: its most likely duration, from the first working day on or after the start date.
      const cal = new WorkingCalendar(m.startDate, settings.calendar);
      to = cal.finishDate(Math.max(1, m.estimate?.mostLikely ?? 1));
    }
    add({ from: m.startDate, to, label: LABEL_OF_KIND[kind] ?? kind, kind, source: m.key });
  }
  return out.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}
