/**
 * The leadership summary (issue #8): one page in plain business language for the chosen
 * projects: how likely each committed date is, what drives the risk (the top issues and the
 * pools that held the finish back), and the best levers with their effect in working days.
 *
 * Method: each project's forecast as the forecast page shows it (project-forecast.ts, same
 * seed); levers are what-if runs on the project's plan (engine scenarios/compare-scenarios.ts,
 * common random numbers keyed by task id): 50% more capacity on each pool that held the
 * finish back, the tail risk of the top driver taken out (pessimistic = most likely), and
 * 10% of the open scope deferred (the engine's scopeCutOrder). All levers of a project run in
 * one comparison (compareScenarios: the baseline's activity list for every lever, so a lever
 * is not re-planned). The gain is the baseline P80 minus the lever's P80 on the same
 * iterations; levers that gain less than half a day are left out. The page is the engine's
 * (summary/summary-html.ts, the one `converge summary` writes) with each project as an
 * initiative: self-contained, every text escaped, a pure function of the summary: the same
 * seed and data on the same day give the same bytes (the date is the site's today, not the clock).
 * Cost: per project one forecast (cached like the forecast page's) plus up to 4 what-if runs.
 */
import type { Plan } from '../engine/plan';
import type { ForecastReport } from '../engine/reports';
import { applyScenario } from '../engine/scenarios/apply-scenario';
import { compareScenarios } from '../engine/scenarios/compare-scenarios';
import { ScenarioError } from '../engine/scenarios/scenario';
import { scopeCutOrder } from '../engine/scenarios/tradeoff-curve';
import { escapeHtml, renderSummaryHtml, verdictOf, type LeadershipSummary as SummaryPage } from '../engine/summary';
import type { LeadershipLever, LeadershipSummary, ResolverDefs, ScenarioChange } from './contract';
import { invalidPayload } from './errors';
import { ANALYSIS_ITERATIONS, forecastsWithScopes, longDate, projectKeys, sharedIterations } from './portfolio';
import { today, type CallContext, type Services } from './services';
import { optionalInt, optionalString, type Raw } from './validate-payload';
import { engineChange } from './what-if';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

interface Candidate {
  label: string;
  changes: ScenarioChange[];
}

/** The levers tried on one project's plan, from its forecast. */
export function leverCandidates(plan: Plan, f: ForecastReport, summaryOf: (id: string) => string): Candidate[] {
  const out: Candidate[] = [];
  for (const pool of (f.resources ?? []).filter((r) => r.criticality >= 0.05).sort((a, b) => b.criticality - a.criticality).slice(0, 2)) {
    const res = plan.resources.find((r) => r.id === pool.id);
    if (!res || res.capacity <= 0) continue;
    const more = Math.ceil(res.capacity * 1.5);
    out.push({ label: `Grow the ${res.name ?? res.id} from ${res.capacity} to ${more} units`, changes: [{ op: 'set-capacity', pool: res.id, capacity: more }] });
  }
  const byId = new Map(plan.tasks.map((t) => [t.id, t] as const));
  const top = f.drivers.find((d) => {
    const t = byId.get(d.id);
    const e = t && (t.status === 'in-progress' && t.remaining ? t.remaining : t.duration);
    return !!e && e.pessimistic > e.mostLikely;
  });
  if (top) {
    const t = byId.get(top.id)!;
    const e = t.status === 'in-progress' && t.remaining ? t.remaining : t.duration;
    const optimistic = Math.min(e.optimistic, e.mostLikely);
    out.push({
      label: `Take the tail risk out of ${top.id} ${summaryOf(top.id)} (worst case ${e.pessimistic} → ${e.mostLikely} working days)`,
      changes: [{ op: 'set-estimate', id: top.id, estimate: { optimistic, mostLikely: e.mostLikely, pessimistic: e.mostLikely, distribution: e.mostLikely > optimistic ? 'triangular' : 'fixed' } }],
    });
  }
  // The engine's scope order (optional, lowest priority, latest first; other projects' issues never); 10% of them.
  const cut = scopeCutOrder(plan);
  const ids = cut.slice(0, Math.round(0.1 * cut.length));
  if (ids.length) out.push({ label: `Defer about 10% of the scope (${ids.length} issue${ids.length === 1 ? '' : 's'}: ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ' …' : ''})`, changes: [{ op: 'remove-tasks', ids }] });
  return out;
}

function applies(plan: Plan, c: Candidate): boolean {
  try {
    applyScenario(plan, { id: 'lever', changes: c.changes.map(engineChange) });
    return true;
  } catch (e) {
    if (e instanceof ScenarioError) return false;
    throw e;
  }
}

const pct = (p: number) => `${Math.round(p * 100)}%`;
export { longDate, escapeHtml };

export function headline(projects: LeadershipSummary['projects']): string {
  const dated = projects.filter((p) => p.due);
  const atRisk = dated.filter((p) => p.due!.probability < 0.5);
  if (!dated.length) return `${projects.length} programme${projects.length === 1 ? '' : 's'}; no committed dates are set, so only the likely finish dates are given.`;
  if (!atRisk.length) return `All ${dated.length} committed date${dated.length === 1 ? ' is' : 's are'} more likely than not to be met.`;
  return `${atRisk.length} of ${dated.length} committed date${dated.length === 1 ? ' is' : 's are'} unlikely to be met: ${atRisk.map((p) => `${p.projectKey} (${pct(p.due!.probability)} by ${longDate(p.due!.date)})`).join(', ')}.`;
}

/** The whole scope's start and finish on the page: the earliest start, the finish of the project that finishes last (P80). */
export type PageWhole = Pick<SummaryPage, 'start' | 'forecast'>;

/**
 * The engine's one-page summary (engine/summary: the same page `converge summary` writes) for
 * these projects, each an initiative of the page (one project is the one-initiative case).
 */
export function summaryPage(s: LeadershipSummary, whole: PageWhole): SummaryPage {
  const label = (p: LeadershipSummary['projects'][number]) => (p.name && p.name !== p.projectKey ? `${p.projectKey} ${p.name}` : p.projectKey);
  const best = s.levers[0];
  return {
    title: 'Delivery outlook', generatedAt: s.generatedAt, seed: s.seed, iterations: s.iterations, ...whole,
    commitments: s.projects.filter((p) => p.due).map((p) => ({ label: label(p), date: p.due!.date, probability: p.due!.probability, verdict: verdictOf(p.due!.probability) })),
    drivers: [], pools: [],
    levers: s.levers.map((l, k) => ({ id: `${l.projectKey}-${k}`, label: l.label, p80Days: l.gainDays, p80Date: l.p80Date, initiative: l.projectKey })),
    contention: [],
    headline: [s.headline, ...(best ? [`Best lever (${best.projectKey}): ${best.label} brings its 80% date forward by ${best.gainDays} working day${best.gainDays === 1 ? '' : 's'}, to ${longDate(best.p80Date)}.`] : [])],
    method: `Monte Carlo simulation of ${s.iterations} outcomes per project (seed ${s.seed}); levers compared on the same simulated outcomes (common random numbers) and one schedule order per project; nothing was changed in Jira.`,
    initiatives: s.projects.map((p) => ({
      key: p.projectKey, ...(p.name ? { name: p.name } : {}),
      forecast: { p50Date: p.finishDate.p50, p80Date: p.finishDate.p80, p95Date: p.finishDate.p95 },
      ...(p.due ? { due: { ...p.due, verdict: verdictOf(p.due.probability) } } : {}),
      drivers: p.drivers.map((d) => ({ id: d.id, ...(d.summary ? { name: d.summary } : {}), criticality: d.criticality })),
      pools: p.pools,
    })),
  };
}

/** The one-page report: the engine's self-contained HTML (inline CSS and SVG, no script, no external resource). */
export function leadershipHtml(s: LeadershipSummary, whole: PageWhole): string {
  return renderSummaryHtml(summaryPage(s, whole));
}

export async function getLeadershipSummary(s: Services, ctx: CallContext, p: Raw): Promise<R<'getLeadershipSummary'>> {
  if (!Array.isArray(p.projectKeys)) throw invalidPayload('projectKeys must list 1 to 10 project keys', 'projectKeys');
  const keys = projectKeys({ projectKeys: p.projectKeys }, s.limits.portfolioProjects);
  const seed = optionalString(p, 'seed', 64) ?? '1';
  const wanted = optionalInt(p, 'iterations', 100, 1_000_000);
  const share: Services = { ...s, limits: { ...s.limits, inCallTaskSamples: Math.floor(s.limits.inCallTaskSamples / (2 * keys.length)) } };
  const { projects: forecasts, scopes } = await forecastsWithScopes(s, share, ctx, keys.map((key) => ({ projectKey: key, seed, iterations: wanted })));
  const levers: LeadershipLever[] = [];
  scopes.forEach((sc, i) => {
    const pf = forecasts[i];
    const summaryOf = (id: string) => pf.issues.find((x) => x.key === id)?.summary ?? '';
    // A lever that cannot apply (e.g. a capacity below some issue's demand) is simply not offered.
    const cands = leverCandidates(sc.plan, pf.forecast, summaryOf).filter((c) => applies(sc.plan, c));
    if (!cands.length) return;
    const iterations = sharedIterations(share, sc.plan.tasks.length * (cands.length + 1), ANALYSIS_ITERATIONS);
    // One comparison: every lever on the baseline's activity list and the same keyed random numbers.
    const cmp = compareScenarios(sc.plan, cands.map((c, k) => ({ id: `lever${k}`, changes: c.changes.map(engineChange) })), { iterations, seed });
    cmp.results.slice(1).forEach((r, k) => {
      const gain = Math.round(-r.delta.p80 * 10) / 10 + 0;
      if (gain >= 0.5) levers.push({ projectKey: sc.projectKey, label: cands[k].label, gainDays: gain, p80Date: r.finishDate.p80 });
    });
  });
  levers.sort((a, b) => b.gainDays - a.gainDays || a.projectKey.localeCompare(b.projectKey) || a.label.localeCompare(b.label));
  const projects: LeadershipSummary['projects'] = forecasts.map((pf) => ({
    projectKey: pf.projectKey,
    name: pf.planName,
    finishDate: { p50: pf.forecast.finishDate.p50, p80: pf.forecast.finishDate.p80, p95: pf.forecast.finishDate.p95 },
    ...(pf.forecast.due ? { due: { date: pf.forecast.due.date, probability: pf.forecast.due.probability } } : {}),
    drivers: pf.forecast.drivers.slice(0, 3).map((d) => ({ id: d.id, summary: pf.issues.find((x) => x.key === d.id)?.summary ?? d.name ?? '', criticality: d.criticality })),
    pools: (pf.forecast.resources ?? []).filter((r) => r.criticality >= 0.05).sort((a, b) => b.criticality - a.criticality).map((r) => ({ id: r.id, ...(r.name ? { name: r.name } : {}), criticality: r.criticality })),
  }));
  const summary: LeadershipSummary = {
    generatedAt: today(s), seed, iterations: Math.min(...forecasts.map((f) => f.forecast.iterations)),
    headline: headline(projects), projects, levers: levers.slice(0, 5),
  };
  // The page's whole scope: the earliest start; the finish of the project that finishes last (P80).
  const last = forecasts.reduce((a, b) => (b.forecast.finishDays.p80 > a.forecast.finishDays.p80 ? b : a));
  const whole: PageWhole = {
    start: scopes.map((sc) => sc.plan.start).sort()[0],
    forecast: { p50Date: last.forecast.finishDate.p50, p80Date: last.forecast.finishDate.p80, p95Date: last.forecast.finishDate.p95, p50Days: last.forecast.finishDays.p50, p80Days: last.forecast.finishDays.p80 },
  };
  return { html: leadershipHtml(summary, whole), summary };
}
