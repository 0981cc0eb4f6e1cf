/**
 * Items finished per working day, from resolution dates: the history
 * forecast-throughput.ts samples. Every working day in [from, to] gets a count (days
 * with none count 0, which is what makes the forecast honest about slow days); dates on
 * weekends or holidays count toward the next working day (the work was finished by then).
 * `from` / `to` default to the first and last resolution. Dates are YYYY-MM-DD (a longer
 * timestamp is cut to its date). Cost: O(items log days + days). Pure.
 */
import type { CalendarSpec } from '../plan';
import { WorkingCalendar, dayNumber, isIsoDate } from '../working-calendar';
import { HistoryError } from './history-error';

export function dailyThroughput(resolved: readonly string[], calendar: CalendarSpec, range: { from?: string; to?: string } = {}): number[] {
  const dates = resolved.map((r, i) => {
    const d = typeof r === 'string' ? r.slice(0, 10) : '';
    if (!isIsoDate(d)) throw new HistoryError('invalid-work', `resolution ${i} is not a date: ${JSON.stringify(r)}`, `resolved[${i}]`);
    return d;
  });
  const sorted = [...dates].sort();
  const from = range.from ?? sorted[0];
  const to = range.to ?? sorted[sorted.length - 1];
  if (!from || !to) return [];
  if (!isIsoDate(from) || !isIsoDate(to) || to < from) throw new HistoryError('invalid-option', `the throughput range ${from} .. ${to} is not a range of dates`, 'range');
  const cal = new WorkingCalendar(from, calendar);
  const n = cal.workingDaysThrough(to);
  const counts = new Array<number>(Math.max(0, n)).fill(0);
  for (const d of dates) {
    if (dayNumber(d) < dayNumber(from) || d > to) continue;
    const i = cal.workingDaysBefore(d);
    if (i < n) counts[i]++;
  }
  return counts;
}
