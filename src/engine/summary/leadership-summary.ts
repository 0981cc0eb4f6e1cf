/**
 * The leadership summary: what a program's leadership asks, in plain words, from
 * the forecast and the what-if results: the chance of meeting each committed date,
 * what drives the risk (tasks and pools), and the best levers with their effect in
 * working days.
 *
 * Method: commitments are the plan's due date and every task's own due date, with
 * the forecast's probabilities (forecast.ts) and a verdict: on track (>= 80 %), at
 * risk (>= 50 %), unlikely (below). Drivers are the forecast's top drivers by
 * cruciality; pools those that held the finish back in some iteration. Levers are
 * the scenarios and trade-off points that bring the P80 finish forward, from paired
 * runs (compare-scenarios.ts, tradeoff-curve.ts), best first. `leadershipSummary`
 * runs all of it for a plan: the forecast, then automatic levers (double each pool
 * that ever held the finish back, reservations included; cut the 10 % lowest-priority open scope) beside
 * the caller's scenarios. With a portfolio forecast the summary also lists each
 * initiative (`initiatives`: its dates in the portfolio, its committed date, its own top
 * drivers), which summary-html.ts renders as the several-initiative page.
 * Reproducible: a pure function of (plan, seed, iterations, scenarios, generatedAt).
 * Cost: one forecast + (levers + 1) paired runs.
 */
import { compilePlan } from '../compile-plan';
import type { Plan } from '../plan';
import type { ForecastReport } from '../reports';
import { forecast } from '../forecast';
import { compareScenarios, DEFAULT_WHATIF_ITERATIONS } from '../scenarios/compare-scenarios';
import { scopeCutOrder, type TradeoffCurve } from '../scenarios/tradeoff-curve';
import { forecastSetup } from '../forecast-setup';
import type { Scenario, ScenarioComparison } from '../scenarios/scenario';
import { INITIATIVE_META, type MergedPortfolio, type PortfolioForecast } from '../portfolio/portfolio';
import { forecastPortfolio, DEFAULT_PORTFOLIO_ITERATIONS } from '../portfolio/portfolio-forecast';
import type { LeadershipSummary, SummaryCommitment, SummaryInitiative, SummaryLever, Verdict } from './summary';
import { renderSummaryHtml } from './summary-html';

export interface LeadershipSummaryInput {
  plan: Plan;
  /** The baseline forecast (forecast.ts) of the plan. */
  forecast: ForecastReport;
  comparison?: ScenarioComparison;
  curves?: TradeoffCurve[];
  portfolio?: PortfolioForecast;
  /** When the summary is made (shown as is, never read from a clock). */
  generatedAt: string;
  title?: string;
  /** How many drivers and levers to show (default 5 each). */
  maxDrivers?: number;
  maxLevers?: number;
}

export const ON_TRACK = 0.8;
export const AT_RISK = 0.5;

export function verdictOf(p: number): Verdict {
  return p >= ON_TRACK ? 'on track' : p >= AT_RISK ? 'at risk' : 'unlikely';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** 2027-03-10 -> "10 Mar 2027" (no locale, no time zone). */
export function plainDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : iso;
}
export const percent = (p: number) => `${Math.round(p * 100)}%`;
const days = (x: number) => {
  const r = Math.round(x * 10) / 10;
  return `${r} working day${r === 1 ? '' : 's'}`;
};
const round = (x: number) => Math.round(x * 1e6) / 1e6 + 0;

export function buildLeadershipSummary(input: LeadershipSummaryInput): LeadershipSummary {
  const { plan, forecast: f } = input;
  const maxDrivers = input.maxDrivers ?? 5, maxLevers = input.maxLevers ?? 5;
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));

  const commitments: SummaryCommitment[] = [];
  if (f.due) commitments.push({ label: plan.name ? `${plan.name} (whole plan)` : 'Whole plan', date: f.due.date, probability: f.due.probability, verdict: verdictOf(f.due.probability) });
  for (const t of f.tasks) {
    if (t.dueProbability === undefined) continue;
    const task = byId.get(t.id);
    if (!task?.due) continue;
    commitments.push({ label: t.name ?? t.id, task: t.id, date: task.due, probability: t.dueProbability, verdict: verdictOf(t.dueProbability) });
  }
  for (const x of input.portfolio?.initiatives ?? []) {
    if (x.due) commitments.push({ label: `${x.name ?? x.key} (in the portfolio)`, date: x.due.date, probability: x.due.shared, verdict: verdictOf(x.due.shared) });
  }

  const drivers = f.drivers.slice(0, maxDrivers).map((d) => ({ id: d.id, ...(d.name !== undefined ? { name: d.name } : {}), criticality: d.criticality, cruciality: d.cruciality }));
  const pools = (f.resources ?? [])
    .filter((p) => p.criticality > 0)
    .sort((a, b) => b.criticality - a.criticality || (a.id < b.id ? -1 : 1))
    .map((p) => ({ id: p.id, ...(p.name !== undefined ? { name: p.name } : {}), criticality: p.criticality }));

  const levers: SummaryLever[] = [];
  for (const r of input.comparison?.results.slice(1) ?? []) {
    if (!(r.delta.p80 < 0)) continue;
    levers.push({
      id: r.id, label: r.name ?? r.notes.map((n) => n.message).join('; '),
      p80Days: round(-r.delta.p80), p50Days: round(-r.delta.p50), p80Date: r.finishDate.p80,
      ...(r.due ? { dueDelta: r.due.delta } : {}),
    });
  }
  for (const c of input.curves ?? []) {
    const cur = c.points.find((p) => p.current);
    for (const p of c.points) {
      if (p.current || !(p.deltaP80 < 0)) continue;
      levers.push({
        id: `${c.kind}${c.pool ? `:${c.pool}` : ''}=${p.value}`, label: p.label, p80Days: round(-p.deltaP80),
        p50Days: round((cur?.p50 ?? p.p50) - p.p50), p80Date: p.p80Date,
        ...(p.dueProbability !== undefined && cur?.dueProbability !== undefined ? { dueDelta: round(p.dueProbability - cur.dueProbability) } : {}),
      });
    }
  }
  // Stable: on a tie the caller's scenarios (listed first) come before automatic levers and curves.
  levers.sort((a, b) => b.p80Days - a.p80Days);
  const top = levers.slice(0, maxLevers);

  const contention = (input.portfolio?.initiatives ?? []).filter((x) => x.slip.p80 >= 0.5).map((x) => x.explanation);
  // A portfolio: each initiative's finish in the portfolio and its own top drivers (tasks carry their initiative).
  const initiatives: SummaryInitiative[] | undefined = input.portfolio?.initiatives.map((x) => ({
    key: x.key, ...(x.name !== undefined ? { name: x.name } : {}),
    forecast: { p50Date: x.shared.p50Date, p80Date: x.shared.p80Date, p95Date: x.shared.p95Date },
    ...(x.due ? { due: { date: x.due.date, probability: x.due.shared, verdict: verdictOf(x.due.shared) } } : {}),
    drivers: f.drivers.filter((d) => byId.get(d.id)?.meta?.[INITIATIVE_META] === x.key).slice(0, 3)
      .map((d) => ({ id: d.id, ...(d.name !== undefined ? { name: d.name } : {}), criticality: d.criticality })),
    pools: [],
  }));

  const headline: string[] = [];
  const main = commitments[0];
  if (main) {
    headline.push(`${main.label}: ${percent(main.probability)} chance of meeting the committed date of ${plainDate(main.date)} (${main.verdict}).`);
  }
  headline.push(`We are 80% confident of finishing by ${plainDate(f.finishDate.p80)}; the even-odds date is ${plainDate(f.finishDate.p50)}.`);
  const late = commitments.slice(1).filter((c) => c.verdict !== 'on track');
  if (late.length) headline.push(`${late.length} other committed date${late.length === 1 ? ' is' : 's are'} at risk: ${late.slice(0, 3).map((c) => `${c.label} (${percent(c.probability)} by ${plainDate(c.date)})`).join(', ')}.`);
  if (drivers.length) headline.push(`The date is driven mostly by ${drivers.slice(0, 3).map((d) => d.name ?? d.id).join(', ')}.`);
  if (pools.length) headline.push(`${pools[0].name ?? pools[0].id} capacity holds the finish back in ${percent(pools[0].criticality)} of simulated outcomes.`);
  if (top.length) headline.push(`Best lever: ${top[0].label} brings the 80% date forward by ${days(top[0].p80Days)}, to ${plainDate(top[0].p80Date)}.`);
  else if (input.comparison || input.curves) headline.push('None of the options examined brings the 80% date forward.');
  headline.push(...contention);

  return {
    title: input.title ?? `${plan.name ?? 'Plan'}: delivery outlook`,
    generatedAt: input.generatedAt,
    seed: f.seed,
    iterations: f.iterations,
    start: plan.start,
    forecast: { p50Date: f.finishDate.p50, p80Date: f.finishDate.p80, p95Date: f.finishDate.p95, p50Days: f.finishDays.p50, p80Days: f.finishDays.p80 },
    commitments, drivers, pools, levers: top, contention, headline, ...(initiatives ? { initiatives } : {}),
    method: `Monte Carlo simulation of ${f.iterations} outcomes (seed ${f.seed}); levers compared on the same random outcomes (common random numbers), one schedule order for all options.`,
  };
}

export interface LeadershipSummaryOptions {
  seed?: string;
  iterations?: number;
  /** Iterations of each lever's paired run (default: the smaller of iterations and DEFAULT_WHATIF_ITERATIONS). */
  leverIterations?: number;
  generatedAt: string;
  scenarios?: Scenario[];
  /** Add the automatic levers (default true). */
  autoLevers?: boolean;
  title?: string;
  due?: string;
  /** The plan is this merged portfolio (merge-portfolio.ts): add who slips because of which pool. */
  portfolio?: MergedPortfolio;
}

/** Forecast, levers, summary and its HTML page for a plan (or a merged portfolio's plan), in one call. */
export function leadershipSummary(plan: Plan, opts: LeadershipSummaryOptions): { summary: LeadershipSummary; html: string; comparison: ScenarioComparison; forecast: ForecastReport; portfolio?: PortfolioForecast } {
  const seed = opts.seed ?? '1';
  const iterations = opts.iterations ?? 10_000;
  const cp = compilePlan(plan);
  const { schedule, resources } = forecastSetup(cp, seed);
  const report = forecast(cp, { iterations, seed, schedule, ...(resources ? { resources } : {}), ...(opts.due ? { due: opts.due } : {}) });
  const scenarios: Scenario[] = [...(opts.scenarios ?? [])];
  if (opts.autoLevers ?? true) {
    const taken = new Set(scenarios.map((s) => s.id));
    for (const p of report.resources ?? []) {
      const res = plan.resources.find((r) => r.id === p.id);
      if (!res || !(p.criticality > 0) || taken.has(`double-${p.id}`)) continue;
      // Reservation windows double too: "twice the pool" is twice its capacity at every date.
      const availability = res.availability?.map((w) => ({ ...w, capacity: w.capacity * 2 }));
      scenarios.push({
        id: `double-${p.id}`, name: `Double ${res.name ?? res.id} capacity (${res.capacity} -> ${res.capacity * 2}${availability ? ', reservations too' : ''})`,
        changes: [{ op: 'set-capacity', pool: res.id, capacity: res.capacity * 2, ...(availability ? { availability } : {}) }],
      });
    }
    const cut = scopeCutOrder(plan);
    const ids = cut.slice(0, Math.round(cut.length * 0.1));
    if (ids.length && !taken.has('cut-10')) scenarios.push({ id: 'cut-10', name: `Cut the 10% lowest-priority open work (${ids.length} item${ids.length === 1 ? '' : 's'})`, changes: [{ op: 'remove-tasks', ids }] });
  }
  const comparison = compareScenarios(plan, scenarios, { seed, iterations: opts.leverIterations ?? Math.min(iterations, DEFAULT_WHATIF_ITERATIONS), ...(opts.due ? { due: opts.due } : {}) });
  const portfolio = opts.portfolio ? forecastPortfolio(opts.portfolio, { seed, iterations: opts.leverIterations ?? Math.min(iterations, DEFAULT_PORTFOLIO_ITERATIONS) }) : undefined;
  const summary = buildLeadershipSummary({
    plan, forecast: report, comparison, generatedAt: opts.generatedAt, ...(opts.title ? { title: opts.title } : {}), ...(portfolio ? { portfolio } : {}),
  });
  return { summary, html: renderSummaryHtml(summary), comparison, forecast: report, ...(portfolio ? { portfolio } : {}) };
}
