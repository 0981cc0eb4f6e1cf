/**
 * The executive summary: the forecast in plain business language, e.g.
 * "72% chance to ship by 3 Mar 2027. The main risk is FRAUD-12 Retrain the fraud
 * model: ...". Pure: the same report always gives the same text (no clock, no
 * locale), so it can be unit-tested and pasted into a status report.
 *
 * Rules: the headline leads with the due-date probability when there is a due date
 * (on track >= 80%, at risk >= 50%, else unlikely), otherwise with the P80 date;
 * the main risk is the top driver by cruciality (criticality x sensitivity);
 * resources, gates and data-quality warnings follow only when they matter.
 */
import type { ProjectForecast } from '../../../src/resolvers/contract';
import { formatDate } from '../../shared/charts/calendar-axis';
import { formatPercent } from '../../shared/charts/distribution-layout';
import { gateOf, issueIndex, type IssueExtras } from './model';

export type Tone = 'success' | 'warning' | 'danger' | 'neutral';

export interface ExecutiveSummary {
  tone: Tone;
  headline: string;
  sentences: string[];
  /** headline + sentences, one paragraph. */
  text: string;
}

function nameOf(key: string, issues: Map<string, IssueExtras>, fallback?: string): string {
  const s = issues.get(key)?.summary ?? fallback;
  return s ? `${key} ${s}` : key;
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function executiveSummary(pf: ProjectForecast): ExecutiveSummary {
  const f = pf.forecast;
  const issues = issueIndex(pf);
  const sentences: string[] = [];
  let tone: Tone = 'neutral';
  let headline: string;

  if (!pf.schedule.tasks.length) {
    return { tone: 'neutral', headline: 'Nothing to forecast yet.', sentences: ['The scope has no open issues.'], text: 'Nothing to forecast yet. The scope has no open issues.' };
  }

  if (f.due) {
    const p = f.due.probability;
    tone = p >= 0.8 ? 'success' : p >= 0.5 ? 'warning' : 'danger';
    const state = p >= 0.8 ? 'On track' : p >= 0.5 ? 'At risk' : 'Unlikely to make the due date';
    headline = `${state}: ${formatPercent(p)} chance to ship by ${formatDate(f.due.date)}.`;
    sentences.push(`Most likely finish is ${formatDate(f.finishDate.p50)}; 80% confidence by ${formatDate(f.finishDate.p80)}, 95% by ${formatDate(f.finishDate.p95)}.`);
  } else {
    headline = `80% chance to ship by ${formatDate(f.finishDate.p80)}.`;
    sentences.push(`Most likely finish is ${formatDate(f.finishDate.p50)}; 95% confidence by ${formatDate(f.finishDate.p95)}.`);
  }

  const slip = f.finishDays.p50 - f.deterministic.finishDays;
  if (slip >= 1) {
    const d = Math.round(slip);
    sentences.push(`Uncertainty adds about ${d} working day${d === 1 ? '' : 's'} to the plan as estimated (${formatDate(f.deterministic.finishDate)}).`);
  }

  const drivers = f.drivers.filter((d) => d.cruciality > 0);
  if (drivers.length) {
    const top = drivers[0];
    sentences.push(`The main risk is ${nameOf(top.id, issues, top.name)}: it is on the critical path in ${formatPercent(top.criticality)} of simulations and drives much of the spread in the finish date.`);
    const next = drivers.slice(1, 3).map((d) => nameOf(d.id, issues, d.name));
    if (next.length) sentences.push(`Also watch ${list(next)}.`);
  }

  const path = pf.schedule.criticalPath;
  if (path.length) {
    sentences.push(path.length === 1
      ? `The critical path is a single issue, ${path[0]}.`
      : `The critical path runs through ${path.length} issues, from ${path[0]} to ${path[path.length - 1]}.`);
  }

  const gatesOnPath = path.filter((k) => gateOf(issues.get(k)));
  if (gatesOnPath.length) sentences.push(`${gatesOnPath.length === 1 ? 'A review gate is' : `${gatesOnPath.length} review gates are`} on the critical path: ${list(gatesOnPath.map((k) => nameOf(k, issues)))}. Book the review board early.`);

  const delayed = new Map<string, number>();
  for (const t of pf.schedule.tasks) if (t.delayedBy) delayed.set(t.delayedBy, (delayed.get(t.delayedBy) ?? 0) + 1);
  const pools = new Map((pf.schedule.resourceUsage ?? []).map((r) => [r.id, r.name ?? r.id]));
  if (delayed.size) {
    const [pool, n] = [...delayed.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    const name = pools.get(pool) ?? pool;
    sentences.push(`The ${/\bpool$/i.test(name) ? name : `${name} pool`} is a bottleneck: ${n} issue${n === 1 ? ' waits' : 's wait'} for capacity.`);
  }

  const unestimated = pf.issues.filter((i) => i.unestimated && i.status !== 'done').length;
  if (unestimated) sentences.push(`${unestimated} open issue${unestimated === 1 ? ' has' : 's have'} no estimate and use${unestimated === 1 ? 's' : ''} a default, so the real spread may be wider.`);

  return { tone, headline, sentences, text: [headline, ...sentences].join(' ') };
}
