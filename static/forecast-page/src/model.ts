/**
 * From a ProjectForecast (the resolver's reply) to what the page draws: timeline
 * rows, working-day <-> date mapping, gates and windows. Pure; no React.
 *
 * Fields marked "optional extension" are not (yet) in the shared contract; the
 * page uses them when the resolver sends them and degrades gracefully when not.
 */
import type { IssueSummary, ProjectForecast } from '../../../src/resolvers/contract';
import type { TaskForecast } from '../../../src/engine/reports';
import { WorkingCalendar } from '../../../src/engine/working-calendar';
import type { TimelineItem, TimelineWindow } from '../../shared/charts/timeline-layout';
import { formatDate } from '../../shared/charts/calendar-axis';

/** Optional extensions of the contract the page understands. */
export type IssueExtras = IssueSummary & { labels?: string[]; gate?: string; epicName?: string };
export type TaskForecastExtras = TaskForecast & { finishDate: TaskForecast['finishDate'] & { p90?: string } };
export type ForecastExtras = ProjectForecast & {
  /** The plan calendar, for mapping working days to dates (default Mon–Fri, no holidays). */
  calendar?: { workdays: number[]; holidays: string[] };
  /** Deployment windows / change freezes to shade on the timeline. */
  windows?: TimelineWindow[];
  /** The project's due date, if the project has one. */
  due?: string;
};

export function calendarOf(pf: ForecastExtras): WorkingCalendar {
  try {
    return new WorkingCalendar(pf.start, pf.calendar ?? { workdays: [1, 2, 3, 4, 5], holidays: [] });
  } catch {
    return new WorkingCalendar(pf.start);
  }
}

/** Label of a finish after x working days: "3 Mar". */
export function finishLabel(cal: WorkingCalendar): (days: number) => string {
  return (x) => formatDate(cal.finishDate(x), false);
}

export function gateOf(issue: IssueExtras | undefined): string | undefined {
  if (!issue) return undefined;
  if (issue.gate) return issue.gate;
  const label = issue.labels?.find((l) => l.toLowerCase().startsWith('gate:'));
  if (label) return label.slice(5);
  if (/\bgate\b/i.test(issue.issueType)) return issue.issueType;
  return undefined;
}

export function issueIndex(pf: ProjectForecast): Map<string, IssueExtras> {
  return new Map(pf.issues.map((i) => [i.key, i as IssueExtras]));
}

/** Timeline rows: every scheduled task, grouped by epic, with percentiles and flags. */
export function timelineItems(pf: ForecastExtras): TimelineItem[] {
  const issues = issueIndex(pf);
  const tf = new Map(pf.forecast.tasks.map((t) => [t.id, t as TaskForecastExtras]));
  const onPath = new Set(pf.schedule.criticalPath);
  const near = new Set(pf.schedule.nearCritical ?? []);
  return pf.schedule.tasks.map((t) => {
    const issue = issues.get(t.id);
    const f = tf.get(t.id);
    // An epic that is itself scheduled heads its own group.
    const epicKey = issue?.issueType === 'Epic' ? t.id : issue?.epic;
    const epic = epicKey ? issues.get(epicKey) : undefined;
    return {
      id: t.id,
      label: issue?.summary ?? t.name,
      group: epicKey,
      groupLabel: epicKey ? `${epicKey} ${epic?.summary ?? issue?.epicName ?? ''}`.trim() : undefined,
      start: t.startDate,
      finish: t.finishDate,
      p50: f?.finishDate.p50,
      p80: f?.finishDate.p80,
      p90: f?.finishDate.p90,
      p95: f?.finishDate.p95,
      critical: onPath.has(t.id),
      nearCritical: near.has(t.id),
      done: t.status === 'done',
      gate: gateOf(issue),
      ...(issue?.placeholder ? { placeholder: true } : {}),
      milestone: t.duration === 0 && t.status !== 'done',
      preds: issue?.predecessors ?? [],
    };
  });
}

/** The date of "today" for the timeline: the day the forecast was computed. */
export function asOfDate(pf: ProjectForecast): string | undefined {
  const m = /^\d{4}-\d{2}-\d{2}/.exec(pf.computedAt ?? '');
  return m ? m[0] : undefined;
}
