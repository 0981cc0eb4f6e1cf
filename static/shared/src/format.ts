/** Display helpers shared by the panels: dates, percentages, days. Pure. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2027-03-02 -> "2 Mar 2027" (Jira's default date style), read in UTC so the browser's zone cannot shift it. */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** 0.723 -> "72%"; below 1% and above 99% keep one decimal so "certain" is never shown by rounding. */
export function formatPercent(p: number | undefined): string {
  if (p === undefined || !Number.isFinite(p)) return '—';
  const v = p * 100;
  // Near-certain and near-impossible odds keep one decimal, rounded away from 0% and 100% (99.96% is not "100.0%").
  if (v > 0 && v < 1) return `${(Math.ceil(v * 10) / 10).toFixed(1)}%`;
  if (v > 99 && v < 100) return `${(Math.floor(v * 10) / 10).toFixed(1)}%`;
  return `${Math.round(v)}%`;
}

export function formatDays(d: number | undefined): string {
  if (d === undefined || !Number.isFinite(d)) return '—';
  const r = Math.round(d * 10) / 10;
  return `${r} ${Math.abs(r) === 1 ? 'day' : 'days'}`;
}

/** Calendar days between two ISO dates (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** "+3 days later" / "2 days earlier" / "no change" for a before/after date pair. */
export function shiftLabel(before: string, after: string): string {
  const d = daysBetween(before, after);
  if (d === 0) return 'no change';
  return d > 0 ? `${d} day${d === 1 ? '' : 's'} later` : `${-d} day${d === -1 ? '' : 's'} earlier`;
}

const SOURCE_LABEL: Record<string, string> = {
  property: 'Converge estimate',
  field: 'estimate fields',
  timetracking: 'time tracking',
  'story-points': 'story points',
  default: 'issue-type default',
};

/** Where an estimate came from (IssueSummary.estimateSource), in words. */
export function sourceLabel(source: string): string {
  return SOURCE_LABEL[source] ?? source;
}
