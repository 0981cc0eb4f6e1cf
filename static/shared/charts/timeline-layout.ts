/**
 * Timeline (Gantt) layout: rows, bars, uncertainty whiskers, dependency arrows,
 * calendar ticks, the today line and deployment windows, as plain numbers ready
 * for an SVG renderer (Timeline.tsx) and for unit tests.
 *
 * Method: the x axis is calendar days (UTC day numbers, weekends included, so a
 * roadmap reads like a calendar); a task spans [start, finish + 1 day). Rows are
 * grouped by epic (groups ordered by earliest start, tasks by start then key) and
 * capped at `maxRows` task rows, so the SVG stays bounded for programs of 500+
 * issues (the caller offers "show more"). Arrows join a predecessor's end to a
 * successor's start with an orthogonal elbow; arrows to hidden rows are dropped.
 * Cost: O(n log n + e) for n tasks and e links.
 */
import { dayNumber, monthTicks, weekTicks, yearTicks, type Tick, type Zoom } from './calendar-axis';

export interface TimelineItem {
  id: string;
  /** Secondary text (the issue summary). */
  label?: string;
  group?: string;
  groupLabel?: string;
  /** ISO dates: the first and the last working day of the scheduled task. */
  start: string;
  finish: string;
  /** Finish-date percentiles (ISO). p90 is used for the whisker when present, else p95. */
  p50?: string;
  p80?: string;
  p90?: string;
  p95?: string;
  critical: boolean;
  nearCritical?: boolean;
  done?: boolean;
  /** A review gate: its kind (e.g. "bias-audit"), shown as a diamond. */
  gate?: string;
  /** Not a Jira issue: a task the forecast added (a placeholder gate for a missing required gate, a retraining cycle). */
  placeholder?: boolean;
  /** Zero-length work (a milestone). */
  milestone?: boolean;
  preds: string[];
}

export interface TimelineWindow {
  from: string;
  to: string;
  label: string;
  kind?: 'deployment' | 'freeze' | string;
}

export interface TimelineOptions {
  zoom: Zoom;
  grouped: boolean;
  collapsed?: ReadonlySet<string>;
  /** At most this many task rows (groups headers are extra). */
  maxRows?: number;
  today?: string;
  windows?: TimelineWindow[];
  rowHeight?: number;
  headerHeight?: number;
}

export const PX_PER_DAY: Record<Zoom, number> = { weeks: 12, months: 3 };
export const NO_GROUP = '(no epic)';

export interface GroupRow {
  kind: 'group';
  key: string;
  label: string;
  y: number;
  collapsed: boolean;
  count: number;
  critical: number;
  x: number;
  w: number;
}

export interface TaskRow {
  kind: 'task';
  item: TimelineItem;
  y: number;
  x: number;
  w: number;
  /** Whisker from the P50 to the P90 (or P95) finish, with a tick at P80; absent without percentiles. */
  whisker?: { x50: number; x80?: number; xHigh: number; high: 'p90' | 'p95' };
}

export type Row = GroupRow | TaskRow;

export interface Arrow {
  from: string;
  to: string;
  d: string;
  critical: boolean;
}

export interface TimelineLayout {
  width: number;
  height: number;
  headerHeight: number;
  rowHeight: number;
  day0: number;
  pxPerDay: number;
  rows: Row[];
  arrows: Arrow[];
  upperTicks: Array<Tick & { x: number }>;
  lowerTicks: Array<Tick & { x: number }>;
  weekends: Array<{ x: number; w: number }>;
  todayX?: number;
  windows: Array<{ x: number; w: number; label: string; kind?: string }>;
  /** Task rows not drawn because of maxRows. */
  hiddenCount: number;
  taskRowCount: number;
}

export function layoutTimeline(items: readonly TimelineItem[], opts: TimelineOptions): TimelineLayout {
  const rowHeight = opts.rowHeight ?? 28;
  const headerHeight = opts.headerHeight ?? 44;
  const maxRows = opts.maxRows ?? Infinity;
  const ppd = PX_PER_DAY[opts.zoom];
  const collapsed = opts.collapsed ?? new Set<string>();

  // Domain: every bar, whisker, window and today, with a little air on both sides.
  let lo = Infinity, hi = -Infinity;
  const see = (iso: string | undefined, end: boolean) => {
    if (!iso) return;
    const d = dayNumber(iso);
    if (!Number.isFinite(d)) return;
    lo = Math.min(lo, d);
    hi = Math.max(hi, end ? d + 1 : d);
  };
  for (const it of items) {
    see(it.start, false); see(it.finish, true); see(it.p95, true); see(it.p90, true);
  }
  for (const w of opts.windows ?? []) { see(w.from, false); see(w.to, true); }
  if (opts.today && Number.isFinite(lo)) {
    const t = dayNumber(opts.today);
    // Only widen for today when it is near the plan; a stale forecast should not squash the chart.
    if (Number.isFinite(t) && t >= lo - 60 && t <= hi + 60) { lo = Math.min(lo, t); hi = Math.max(hi, t + 1); }
  }
  if (!Number.isFinite(lo)) { lo = 0; hi = 30; }
  const day0 = opts.zoom === 'weeks' ? lo - 3 : lo - 10;
  const dayEnd = hi + (opts.zoom === 'weeks' ? 7 : 20);
  const x = (day: number) => (day - day0) * ppd;
  const width = Math.ceil(x(dayEnd));

  const sorted = [...items].sort((a, b) => dayNumber(a.start) - dayNumber(b.start) || dayNumber(a.finish) - dayNumber(b.finish) || cmp(a.id, b.id));
  const groups = new Map<string, TimelineItem[]>();
  if (opts.grouped) {
    for (const it of sorted) {
      const g = it.group ?? NO_GROUP;
      let list = groups.get(g);
      if (!list) groups.set(g, (list = []));
      list.push(it);
    }
  }

  const rows: Row[] = [];
  let y = headerHeight;
  let shown = 0;
  let hidden = 0;
  const barOf = (it: TimelineItem): TaskRow => {
    const s = dayNumber(it.start), f = dayNumber(it.finish);
    const bx = x(s);
    const w = it.milestone ? 0 : Math.max(2, x(f + 1) - bx);
    const row: TaskRow = { kind: 'task', item: it, y, x: bx, w };
    const high = it.p90 ? 'p90' : 'p95';
    const highDate = it.p90 ?? it.p95;
    if (it.p50 && highDate && !it.done) {
      row.whisker = {
        x50: x(dayNumber(it.p50) + 1),
        x80: it.p80 ? x(dayNumber(it.p80) + 1) : undefined,
        xHigh: x(dayNumber(highDate) + 1),
        high,
      };
    }
    return row;
  };
  const pushTask = (it: TimelineItem) => {
    if (shown >= maxRows) { hidden++; return; }
    rows.push(barOf(it));
    y += rowHeight;
    shown++;
  };

  if (opts.grouped) {
    for (const [key, list] of groups) {
      const isCollapsed = collapsed.has(key);
      if (shown >= maxRows) { hidden += list.length; continue; }
      const s = Math.min(...list.map((t) => dayNumber(t.start)));
      const f = Math.max(...list.map((t) => dayNumber(t.finish)));
      rows.push({
        kind: 'group', key, label: list.find((t) => t.groupLabel)?.groupLabel ?? key, y, collapsed: isCollapsed,
        count: list.length, critical: list.filter((t) => t.critical).length, x: x(s), w: Math.max(2, x(f + 1) - x(s)),
      });
      y += rowHeight;
      if (!isCollapsed) for (const it of list) pushTask(it);
    }
  } else {
    for (const it of sorted) pushTask(it);
  }

  const height = y + 8;
  const taskRows = new Map<string, TaskRow>();
  for (const r of rows) if (r.kind === 'task') taskRows.set(r.item.id, r);
  const arrows: Arrow[] = [];
  for (const r of taskRows.values()) {
    for (const p of r.item.preds) {
      const from = taskRows.get(p);
      if (!from) continue;
      arrows.push({ from: p, to: r.item.id, d: elbow(from.x + from.w, from.y + rowHeight / 2, r.x, r.y + rowHeight / 2, rowHeight), critical: from.item.critical && r.item.critical });
    }
  }

  const upper = opts.zoom === 'weeks' ? monthTicks(day0, dayEnd, true) : yearTicks(day0, dayEnd);
  const lower = opts.zoom === 'weeks' ? weekTicks(day0, dayEnd) : monthTicks(day0, dayEnd, false);
  const weekends: Array<{ x: number; w: number }> = [];
  if (opts.zoom === 'weeks') {
    // Saturday of each week: (day + 3) % 7 === 5 <=> ISO weekday 6.
    for (let d = day0; d < dayEnd; d++) if ((((d + 3) % 7) + 7) % 7 === 5) weekends.push({ x: x(d), w: 2 * ppd });
  }
  let todayX: number | undefined;
  if (opts.today) {
    const t = dayNumber(opts.today);
    if (t >= day0 && t < dayEnd) todayX = x(t);
  }
  const windows = (opts.windows ?? [])
    .filter((w) => Number.isFinite(dayNumber(w.from)) && Number.isFinite(dayNumber(w.to)))
    .map((w) => ({ x: x(dayNumber(w.from)), w: Math.max(2, x(dayNumber(w.to) + 1) - x(dayNumber(w.from))), label: w.label, kind: w.kind }));

  return {
    width, height, headerHeight, rowHeight, day0, pxPerDay: ppd, rows, arrows,
    upperTicks: spaced(upper.map((t) => ({ ...t, x: x(t.day) })), opts.zoom === 'weeks' ? 110 : 40),
    lowerTicks: spaced(lower.map((t) => ({ ...t, x: x(t.day) })), opts.zoom === 'weeks' ? 40 : 24),
    weekends, todayX, windows, hiddenCount: hidden, taskRowCount: shown,
  };
}

/**
 * An orthogonal connector from (x1, y1) (a bar's end) to (x2, y2) (a bar's start).
 * When the successor starts right of the predecessor's end, a single elbow; when it
 * starts at or before it (same-day hand-off, rounding), the path drops to the gap
 * between the rows and comes back in from the left, so arrows never cross bars.
 */
export function elbow(x1: number, y1: number, x2: number, y2: number, rowHeight: number): string {
  const r = (v: number) => Math.round(v * 10) / 10;
  if (x2 - x1 >= 8) {
    const mx = x1 + 4;
    return `M${r(x1)},${r(y1)} H${r(mx)} V${r(y2)} H${r(x2)}`;
  }
  const midY = y2 > y1 ? y2 - rowHeight / 2 : y2 + rowHeight / 2;
  return `M${r(x1)},${r(y1)} H${r(x1 + 4)} V${r(midY)} H${r(x2 - 6)} V${r(y2)} H${r(x2)}`;
}

/** Drops a leading tick too close to the next one for its label to fit (the clipped first month or year). */
function spaced<T extends { x: number }>(ticks: T[], minGap: number): T[] {
  return ticks.length > 1 && ticks[1].x - ticks[0].x < minGap ? ticks.slice(1) : ticks;
}

/** Natural order of issue keys: FRAUD-9 before FRAUD-10. */
export function cmp(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
