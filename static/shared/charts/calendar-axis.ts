/**
 * Calendar-date axes for the charts: ISO dates as UTC day numbers (so nothing
 * depends on the viewer's time zone), tick positions for week and month zooms,
 * and short date labels ("3 Mar 2027") written without locale APIs so the same
 * data always renders the same text.
 */
import { dayNumber, isoFromDayNumber, isoWeekday } from '../../../src/engine/working-calendar';

export { dayNumber, isoFromDayNumber, isoWeekday };

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "3 Mar 2027" (withYear) or "3 Mar". */
export function formatDate(iso: string, withYear = true): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const s = `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]}`;
  return withYear ? `${s} ${m[1]}` : s;
}

export type Zoom = 'weeks' | 'months';

export interface Tick {
  day: number;
  label: string;
}

/** First day of the month containing `day`. */
export function monthStart(day: number): number {
  const iso = isoFromDayNumber(day);
  return dayNumber(`${iso.slice(0, 8)}01`);
}

function nextMonth(day: number): number {
  const iso = isoFromDayNumber(day);
  let y = Number(iso.slice(0, 4));
  let mo = Number(iso.slice(5, 7)) + 1;
  if (mo > 12) { mo = 1; y++; }
  return dayNumber(`${y}-${String(mo).padStart(2, '0')}-01`);
}

/** Monday on or before `day`. */
export function weekStart(day: number): number {
  return day - (isoWeekday(day) - 1);
}

/** Month starts in [from, to): labelled "Jan" (or "January 2027" when long). */
export function monthTicks(from: number, to: number, long: boolean): Tick[] {
  const out: Tick[] = [];
  for (let d = monthStart(from); d < to; d = nextMonth(d)) {
    const iso = isoFromDayNumber(d);
    const mo = Number(iso.slice(5, 7)) - 1;
    out.push({ day: Math.max(d, from), label: long ? `${MONTHS_LONG[mo]} ${iso.slice(0, 4)}` : MONTHS[mo] });
  }
  return out;
}

/** Mondays in [from, to), labelled with the day of the month ("4 Jan"). */
export function weekTicks(from: number, to: number): Tick[] {
  const out: Tick[] = [];
  for (let d = weekStart(from); d < to; d += 7) if (d >= from) out.push({ day: d, label: formatDate(isoFromDayNumber(d), false) });
  return out;
}

/** Year starts in [from, to) (the first one at `from`). */
export function yearTicks(from: number, to: number): Tick[] {
  const out: Tick[] = [];
  let y = Number(isoFromDayNumber(from).slice(0, 4));
  out.push({ day: from, label: String(y) });
  for (;;) {
    y++;
    const d = dayNumber(`${y}-01-01`);
    if (d >= to) break;
    out.push({ day: d, label: String(y) });
  }
  return out;
}
