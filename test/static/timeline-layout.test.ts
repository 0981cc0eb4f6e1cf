/**
 * Timeline geometry (static/shared/charts/timeline-layout.ts): bars on a calendar
 * axis, whiskers, grouping and collapsing, the row cap, arrows only between drawn
 * rows, ticks and the today line. Expected pixel values follow from the stated
 * scale: PX_PER_DAY (12 px per calendar day in the week zoom, 3 in the month zoom)
 * and a domain starting 3 (weeks) or 10 (months) days before the earliest bar.
 */
import { elbow, layoutTimeline, PX_PER_DAY, type TimelineItem, type TaskRow, type GroupRow } from '../../static/shared/charts/timeline-layout';

const item = (id: string, start: string, finish: string, extra: Partial<TimelineItem> = {}): TimelineItem => ({ id, start, finish, critical: false, preds: [], ...extra });

const items: TimelineItem[] = [
  item('A-1', '2027-01-04', '2027-01-08', { group: 'E-1', groupLabel: 'E-1 Data', critical: true, p50: '2027-01-08', p80: '2027-01-11', p95: '2027-01-13' }),
  item('A-2', '2027-01-11', '2027-01-15', { group: 'E-1', critical: true, preds: ['A-1'] }),
  item('A-3', '2027-01-05', '2027-01-06', { group: 'E-2', groupLabel: 'E-2 Gates', gate: 'bias-audit', preds: ['A-1'] }),
  item('A-10', '2027-01-18', '2027-01-18', { critical: true, preds: ['A-2'], p50: '2027-01-19', p80: '2027-01-20', p90: '2027-01-21', p95: '2027-01-25' }),
];

const tasks = (rows: ReturnType<typeof layoutTimeline>['rows']) => rows.filter((r): r is TaskRow => r.kind === 'task');
const groups = (rows: ReturnType<typeof layoutTimeline>['rows']) => rows.filter((r): r is GroupRow => r.kind === 'group');

describe('layoutTimeline', () => {
  it('copes with no items and with unreadable dates (no rows, a default axis, no NaN)', () => {
    const empty = layoutTimeline([], { zoom: 'weeks', grouped: true });
    expect(empty.rows).toEqual([]);
    expect(empty.width).toBeGreaterThan(0);
    const bad = layoutTimeline([item('X-1', 'soon', '2027-01-05')], { zoom: 'weeks', grouped: false });
    expect(Number.isFinite(bad.width)).toBe(true);
  });

  it('places bars on calendar days: x from the start, width through the end of the finish day', () => {
    const l = layoutTimeline(items, { zoom: 'weeks', grouped: false });
    const a1 = tasks(l.rows).find((r) => r.item.id === 'A-1')!;
    // Domain starts 3 days before 2027-01-04; A-1 covers Mon-Fri = 5 days.
    expect(a1.x).toBe(3 * PX_PER_DAY.weeks);
    expect(a1.w).toBe(5 * PX_PER_DAY.weeks);
    // Whisker: end of the P50 day (Fri 8 Jan) to the end of the P95 day (Wed 13 Jan), P80 tick on Mon 11.
    expect(a1.whisker).toEqual({ x50: 8 * 12, x80: 11 * 12, xHigh: 13 * 12, high: 'p95' });
    // P90 is preferred for the whisker's end when present.
    expect(tasks(l.rows).find((r) => r.item.id === 'A-10')!.whisker!.high).toBe('p90');
    const months = layoutTimeline(items, { zoom: 'months', grouped: false });
    expect(tasks(months.rows).find((r) => r.item.id === 'A-1')!.w).toBe(5 * PX_PER_DAY.months);
    expect(months.width).toBeLessThan(l.width);
  });

  it('orders tasks by start, then finish, then key in natural order', () => {
    const l = layoutTimeline([item('K-10', '2027-01-04', '2027-01-05'), item('K-9', '2027-01-04', '2027-01-05'), item('K-1', '2027-01-01', '2027-01-09')], { zoom: 'weeks', grouped: false });
    expect(tasks(l.rows).map((r) => r.item.id)).toEqual(['K-1', 'K-9', 'K-10']);
  });

  it('groups by epic with a summary bar, and hides a collapsed group\'s tasks and their arrows', () => {
    const l = layoutTimeline(items, { zoom: 'weeks', grouped: true });
    expect(groups(l.rows).map((g) => [g.key, g.label, g.count, g.critical])).toEqual([
      ['E-1', 'E-1 Data', 2, 2], ['E-2', 'E-2 Gates', 1, 0], ['(no epic)', '(no epic)', 1, 1],
    ]);
    const e1 = groups(l.rows)[0];
    expect(e1.x).toBe(3 * 12);
    expect(e1.w).toBe(12 * 12); // 4 Jan to the end of 15 Jan
    expect(l.arrows.map((a) => `${a.from}>${a.to}:${a.critical}`).sort()).toEqual(['A-1>A-2:true', 'A-1>A-3:false', 'A-2>A-10:true']);

    const c = layoutTimeline(items, { zoom: 'weeks', grouped: true, collapsed: new Set(['E-1']) });
    expect(tasks(c.rows).map((r) => r.item.id)).toEqual(['A-3', 'A-10']);
    expect(c.arrows).toEqual([]);
    expect(c.height).toBeLessThan(l.height);
    // Rows never overlap: each row starts one row height below the previous.
    c.rows.forEach((r, i) => expect(r.y).toBe(c.headerHeight + i * c.rowHeight));
  });

  it('caps the task rows and reports how many are hidden (bounded SVG for large programs)', () => {
    const many = Array.from({ length: 600 }, (_, i) => item(`B-${i}`, '2027-01-04', '2027-01-05', { group: `E-${i % 7}` }));
    const l = layoutTimeline(many, { zoom: 'weeks', grouped: true, maxRows: 150 });
    expect(tasks(l.rows)).toHaveLength(150);
    expect(l.hiddenCount).toBe(450);
    expect(l.height).toBeLessThan(200 * 28 + 100);
    const flat = layoutTimeline(many, { zoom: 'months', grouped: false, maxRows: 100 });
    expect(flat.taskRowCount + flat.hiddenCount).toBe(600);
  });

  it('draws ticks on Mondays and month starts, weekends, the today line and windows', () => {
    const l = layoutTimeline(items, { zoom: 'weeks', grouped: false, today: '2027-01-11', windows: [{ from: '2027-01-13', to: '2027-01-14', label: 'Deploy window' }] });
    expect(l.lowerTicks.slice(0, 3).map((t) => t.label)).toEqual(['4 Jan', '11 Jan', '18 Jan']);
    // The domain starts on Friday 1 January 2027 (3 days before the first bar).
    expect(l.upperTicks[0]).toMatchObject({ label: 'January 2027', x: 0 });
    expect(l.upperTicks[1]).toMatchObject({ label: 'February 2027', x: 31 * 12 });
    expect(l.todayX).toBe(10 * 12);
    expect(l.windows).toEqual([{ x: 12 * 12, w: 2 * 12, label: 'Deploy window', kind: undefined }]);
    // 2027-01-02 is a Saturday, one day into the domain: the first weekend band.
    expect(l.weekends[0]).toEqual({ x: 1 * 12, w: 24 });
    const m = layoutTimeline(items, { zoom: 'months', grouped: false });
    expect(m.weekends).toEqual([]);
    // The domain starts on 25 Dec: the clipped "Dec" (7 days = 21 px before "Jan") is dropped so labels never overlap.
    expect(m.lowerTicks.map((t) => t.label)).toEqual(['Jan', 'Feb']);
  });

  it('ignores a today far from the plan rather than squashing the chart', () => {
    const near = layoutTimeline(items, { zoom: 'weeks', grouped: false });
    const far = layoutTimeline(items, { zoom: 'weeks', grouped: false, today: '2031-01-01' });
    expect(far.width).toBe(near.width);
    expect(far.todayX).toBeUndefined();
  });
});

describe('elbow', () => {
  it('uses one elbow when the successor starts to the right', () => {
    expect(elbow(100, 14, 160, 42, 28)).toBe('M100,14 H104 V42 H160');
  });
  it('routes between the rows when the successor starts at or before the predecessor\'s end', () => {
    expect(elbow(100, 14, 100, 42, 28)).toBe('M100,14 H104 V28 H94 V42 H100');
    expect(elbow(100, 70, 90, 42, 28)).toBe('M100,70 H104 V56 H84 V42 H90');
  });
});
