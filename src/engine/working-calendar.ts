/**
 * Working calendar: maps between ISO dates and working-day indexes.
 *
 * Method: dates are converted to UTC day numbers (days since 1970-01-01), so the
 * arithmetic never touches the process time zone or daylight saving. Working days
 * from `start` are enumerated lazily into a sorted array and looked up by binary
 * search: O(log n) per conversion after O(n) set-up for the span used.
 *
 * Conventions (docs/plan-format.md): day 0 is the first working day on or after
 * `start`; a finish of x working days falls on working day ceil(x) - 1 (x <= 0: day 0);
 * a start of s falls on working day floor(s); a date d becomes the number of
 * working days in [start, d).
 */
import type { CalendarSpec } from './plan';

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Enough for any plan (about 400 years of working days) and a guard against runaway loops. */
const MAX_SPAN_DAYS = 150_000;

/** UTC day number of an ISO date, or NaN when it is not a real calendar date. */
export function dayNumber(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) return NaN;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return NaN;
  return ms / MS_PER_DAY;
}

export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && Number.isFinite(dayNumber(value));
}

/** ISO dates of recent day numbers: a schedule of 10,000 tasks asks for 20,000 dates of a few hundred days (a Date and toISOString each took ~14 % of building its report). */
const isoCache = new Map<number, string>();

export function isoFromDayNumber(day: number): string {
  let iso = isoCache.get(day);
  if (iso === undefined) {
    if (isoCache.size >= 65536) isoCache.clear();
    iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoCache.set(day, iso);
  }
  return iso;
}

/** ISO weekday (Monday = 1 ... Sunday = 7) of a UTC day number; 1970-01-01 was a Thursday. */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export class WorkingCalendar {
  readonly startDay: number;
  private readonly workday: boolean[] = new Array(8).fill(false);
  private readonly holidays: Set<number>;
  /** days[i] = UTC day number of working day i (i >= 0). */
  private readonly days: number[] = [];
  /** before[i] = UTC day number of working day -(i+1), going back from start. */
  private readonly before: number[] = [];

  constructor(start: string, spec: CalendarSpec = { workdays: [1, 2, 3, 4, 5], holidays: [] }) {
    this.startDay = dayNumber(start);
    if (!Number.isFinite(this.startDay)) throw new RangeError(`invalid start date ${JSON.stringify(start)}`);
    for (const w of spec.workdays) {
      if (!Number.isInteger(w) || w < 1 || w > 7) throw new RangeError(`invalid workday ${w}`);
      this.workday[w] = true;
    }
    if (!this.workday.some(Boolean)) throw new RangeError('a calendar needs at least one working weekday');
    this.holidays = new Set(spec.holidays.map(dayNumber));
  }

  isWorkingDay(day: number): boolean {
    return this.workday[isoWeekday(day)] && !this.holidays.has(day);
  }

  /** UTC day number of working day `index` (negative indexes count back before start). */
  dayOfIndex(index: number): number {
    if (index >= 0) {
      this.extendForward(index);
      return this.days[index];
    }
    this.extendBackward(-index - 1);
    return this.before[-index - 1];
  }

  /** The date of working day `index` (an integer). */
  dateOfIndex(index: number): string {
    return isoFromDayNumber(this.dayOfIndex(index));
  }

  /** The number of working days d with start <= d < date (negative when date is before start). */
  workingDaysBefore(date: string | number): number {
    const day = typeof date === 'number' ? date : dayNumber(date);
    if (!Number.isFinite(day)) throw new RangeError(`invalid date ${JSON.stringify(date)}`);
    if (day >= this.startDay) {
      if (day - this.startDay > MAX_SPAN_DAYS) throw new RangeError(`date ${isoFromDayNumber(day)} is too far from the plan start`);
      while (this.days.length === 0 || this.days[this.days.length - 1] < day) this.extendForward(this.days.length);
      return lowerBound(this.days, day);
    }
    if (this.startDay - day > MAX_SPAN_DAYS) throw new RangeError(`date ${isoFromDayNumber(day)} is too far from the plan start`);
    while (this.before.length === 0 || this.before[this.before.length - 1] >= day) this.extendBackward(this.before.length);
    // before[] is descending: count entries >= day.
    let lo = 0, hi = this.before.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.before[mid] >= day) lo = mid + 1; else hi = mid;
    }
    return -lo;
  }

  /** Date on which work of x working days (from day 0) finishes: working day ceil(x) - 1. */
  finishDate(x: number): string {
    return this.dateOfIndex(x <= 0 ? 0 : Math.ceil(x) - 1);
  }

  /** Date on which work starting at s working days begins: working day floor(s). */
  startDate(s: number): string {
    return this.dateOfIndex(Math.floor(s));
  }

  /**
   * Working days from day 0 to the end of `date` (the x for which finishDate(x) = date,
   * when date is a working day); a due date d means "finish by the end of d".
   */
  workingDaysThrough(date: string): number {
    const day = dayNumber(date);
    return this.workingDaysBefore(day + 1);
  }

  private extendForward(index: number): void {
    if (index < this.days.length) return;
    let day = this.days.length ? this.days[this.days.length - 1] + 1 : this.startDay;
    while (this.days.length <= index) {
      if (day - this.startDay > MAX_SPAN_DAYS) throw new RangeError('working day index too far from the plan start');
      if (this.isWorkingDay(day)) this.days.push(day);
      day++;
    }
  }

  private extendBackward(index: number): void {
    let day = this.before.length ? this.before[this.before.length - 1] - 1 : this.startDay - 1;
    while (this.before.length <= index) {
      if (this.startDay - day > MAX_SPAN_DAYS) throw new RangeError('working day index too far before the plan start');
      if (this.isWorkingDay(day)) this.before.push(day);
      day--;
    }
  }
}

/** First position in ascending `sorted` whose value is >= x. */
function lowerBound(sorted: number[], x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}
