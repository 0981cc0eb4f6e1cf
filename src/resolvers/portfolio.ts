/**
 * The portfolio (global page): several projects' forecasts in one call. The in-call budget is
 * shared between them, so each project may run fewer iterations (said in its warnings).
 *
 * With `sharedPools` (issue #8) the projects are also forecast together under their shared
 * pools, in `priority` order, by the engine (portfolio/portfolio-forecast.ts): per initiative
 * its finish alone (its pools to itself, still waiting for the other projects' issues it
 * depends on) and in the portfolio, the slip, and the slip
 * attributed to each shared pool (that pool split into private copies), all with common
 * random numbers keyed by task id. This file decides which project each task belongs to
 * (mergeScopes: an issue several projects load, a cross-project predecessor, is one task, its
 * own project's when that is in the portfolio; placeholder gates and retraining cycles are
 * per project, prefixed with the project key), and shapes the reply.
 * Cost: the project forecasts, then (2 + shared pools) runs of the merged plan at reduced
 * iterations (2,000 by default) to fit the in-call budget (forecast-budget.ts).
 */
import type { Plan, Task, FinishWindow, GateRule } from '../engine/plan';
import { INITIATIVE_META, INITIATIVE_RANK_META, PortfolioError, type FinishPercentiles, type MergedPortfolio } from '../engine/portfolio/portfolio';
import { mergePortfolio } from '../engine/portfolio/merge-portfolio';
import { DEFAULT_PORTFOLIO_ITERATIONS, portfolioFromBatches, runPortfolioBatch, type PortfolioBatch } from '../engine/portfolio/portfolio-forecast';
import { plainDate } from '../engine/summary/leadership-summary';
import type { InitiativeContention, ProjectForecast, ResolverDefs, SharedPoolsForecast } from './contract';
import { invalidPayload, ResolverFailure } from './errors';
import { loadScope, loadSettings, projectForecast, projectForecastCached, type ForecastRequest, type LoadedScope } from './project-forecast';
import { jiraFor, type CallContext, type Services } from './services';
import { ISSUE_KEY, forecastOptions, projectKey, type Raw } from './validate-payload';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

/** Iterations of what-if and trade-off runs unless asked (several runs share one call). */
export const ANALYSIS_ITERATIONS = 2000;

export function projectKeys(p: Raw, max: number): string[] {
  if (p.projectKeys === undefined && p.projectKey !== undefined) return [projectKey(p)];
  const keys = p.projectKeys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > max) throw invalidPayload(`projectKeys must list 1 to ${max} project keys`, 'projectKeys');
  return [...new Set(keys.map((k, i) => projectKey({ [`projectKeys.${i}`]: k }, `projectKeys.${i}`)))];
}

/** Project keys in priority order: those in `priority` first (as listed), the rest as given. */
export function priorityOrder(keys: readonly string[], raw: unknown): string[] {
  if (raw === undefined || raw === null) return [...keys];
  if (!Array.isArray(raw) || raw.length > 50) throw invalidPayload('priority must list project keys, highest priority first', 'priority');
  const listed: string[] = [];
  raw.forEach((k, i) => {
    const key = projectKey({ [`priority.${i}`]: k }, `priority.${i}`);
    if (!keys.includes(key)) throw invalidPayload(`priority.${i}: ${key} is not one of projectKeys`, `priority.${i}`);
    if (!listed.includes(key)) listed.push(key);
  });
  return [...listed, ...keys.filter((k) => !listed.includes(k))];
}

export async function loadScopes(s: Services, ctx: CallContext, keys: readonly string[]): Promise<LoadedScope[]> {
  const settings = await loadSettings(s);
  const client = jiraFor(s, ctx);
  const out: LoadedScope[] = [];
  for (const key of keys) out.push(await loadScope(s, client, { projectKey: key }, settings));
  return out;
}

/** The projects' forecasts in this call (`share`'s budget each; over it, fewer iterations). */
export async function projectForecasts(share: Services, ctx: CallContext, reqs: readonly ForecastRequest[]): Promise<ProjectForecast[]> {
  const out: ProjectForecast[] = [];
  for (const req of reqs) out.push(await projectForecast(share, ctx, req, { overBudget: 'reduce' }));
  return out;
}

/**
 * The projects' forecasts (as projectForecasts) and their scopes, in request order: a scope a
 * forecast had to load is reused, so only projects answered from the cache are searched again.
 */
export async function forecastsWithScopes(s: Services, share: Services, ctx: CallContext, reqs: readonly ForecastRequest[]): Promise<{ projects: ProjectForecast[]; scopes: LoadedScope[] }> {
  const projects: ProjectForecast[] = [];
  const loaded = new Map<string, LoadedScope>();
  for (const req of reqs) {
    const got = await projectForecastCached(share, ctx, req, { overBudget: 'reduce' });
    projects.push(got.pf);
    if (got.scope) loaded.set(req.projectKey, got.scope);
  }
  const missing = reqs.map((r) => r.projectKey).filter((k) => !loaded.has(k));
  const more = missing.length ? await loadScopes(s, ctx, missing) : [];
  missing.forEach((k, i) => loaded.set(k, more[i]));
  return { projects, scopes: reqs.map((r) => loaded.get(r.projectKey)!) };
}

export interface MergedPlan {
  plan: Plan;
  /** Task id -> the initiative (project key) whose work it is. */
  owner: Map<string, string>;
  /** Initiative keys in the order given. */
  keys: string[];
}

/**
 * One plan from several projects' (expanded) plans. An issue loaded by several projects (a
 * cross-project predecessor) is one task, taken from its own project when that is in the
 * portfolio. Tasks that are not Jira issues (placeholder gates, retraining cycles) are
 * per-project: with more than one project their ids get the project key as prefix.
 */
export function mergeScopes(scopes: ReadonlyArray<Pick<LoadedScope, 'projectKey' | 'plan'>>, opts: { order?: readonly string[]; prefix?: boolean } = {}): MergedPlan {
  const keys = scopes.map((sc) => sc.projectKey);
  const order = opts.order ?? keys;
  const inPortfolio = new Set(keys);
  const rename = (key: string, id: string) => ((scopes.length > 1 || opts.prefix) && !ISSUE_KEY.test(id) ? `${key}/${id}` : id);
  const ownerOf = (key: string, id: string) => {
    const m = ISSUE_KEY.exec(id);
    return m && inPortfolio.has(m[1]) ? m[1] : key;
  };
  const owner = new Map<string, string>();
  const tasks: Task[] = [];
  const taken = new Set<string>();
  // Own tasks first, so an issue comes from its own project's plan; then everything else once.
  for (const pass of [0, 1]) {
    for (const sc of scopes) {
      for (const t of sc.plan.tasks) {
        const id = rename(sc.projectKey, t.id);
        const own = ownerOf(sc.projectKey, id);
        if (taken.has(id) || (pass === 0 && own !== sc.projectKey)) continue;
        taken.add(id);
        owner.set(id, own);
        tasks.push({ ...structuredClone(t), id, after: t.after.map((a) => rename(sc.projectKey, a)) });
      }
    }
  }
  const first = scopes[0].plan;
  const windows = new Map<string, FinishWindow>();
  const rules = new Map<string, GateRule>();
  for (const sc of scopes) {
    for (const w of sc.plan.windows ?? []) {
      const ids = w.appliesTo.ids?.map((i) => rename(sc.projectKey, i));
      const prev = windows.get(w.id);
      const merged = prev?.appliesTo.ids && ids ? [...new Set([...prev.appliesTo.ids, ...ids])] : ids;
      windows.set(w.id, { ...structuredClone(w), appliesTo: { ...w.appliesTo, ...(merged ? { ids: merged } : {}) } });
    }
    for (const r of sc.plan.gateRules ?? []) {
      const ids = r.guards.ids?.map((i) => rename(sc.projectKey, i));
      const prev = rules.get(r.id);
      const merged = prev?.guards.ids && ids ? [...new Set([...prev.guards.ids, ...ids])] : ids ?? prev?.guards.ids;
      rules.set(r.id, { ...structuredClone(r), guards: { ...r.guards, ...(merged ? { ids: merged } : {}) } });
    }
  }
  // Several initiatives: each task carries its initiative and rank (engine portfolio meta), which
  // the engine's activity order (scenarios/activity-order.ts) reads and a what-if's set-priority rewrites.
  if (keys.length > 1) {
    for (const t of tasks) {
      const key = owner.get(t.id)!;
      const r = order.indexOf(key);
      t.meta = { ...t.meta, [INITIATIVE_META]: key, [INITIATIVE_RANK_META]: r < 0 ? order.length : r };
    }
  }
  const plan: Plan = { ...structuredClone(first), name: keys.join(' + '), tasks };
  delete plan.due;
  if (windows.size) plan.windows = [...windows.values()]; else delete plan.windows;
  if (rules.size) plan.gateRules = [...rules.values()]; else delete plan.gateRules;
  return { plan, owner, keys };
}

/** Iterations for runs of `taskRuns` tasks in total in one call: at most `wanted`, whole batches, at least one batch. */
export function sharedIterations(s: Services, taskRuns: number, wanted: number): number {
  const fit = Math.floor(s.limits.inCallTaskSamples / Math.max(1, taskRuns));
  return Math.max(Math.min(wanted, s.limits.batchSize), Math.min(wanted, Math.floor(fit / s.limits.batchSize) * s.limits.batchSize));
}

/**
 * The engine's portfolio of these scopes: each initiative its own tasks (mergeScopes decides
 * whose), due and rank; the engine keeps the gate rules (review-board cadences) and windows.
 */
export function portfolioOf(scopes: readonly LoadedScope[], order: readonly string[], due?: string): MergedPortfolio {
  const m = mergeScopes(scopes, { order });
  return engineCall(() => mergePortfolio(scopes.map((sc) => {
    const d = due ?? sc.due;
    const plan: Plan = { ...m.plan, name: sc.projectKey, tasks: m.plan.tasks.filter((t) => m.owner.get(t.id) === sc.projectKey) };
    if (d) plan.due = d; else delete plan.due;
    return { key: sc.projectKey, plan, priority: order.indexOf(sc.projectKey) };
  })));
}

function engineCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PortfolioError) throw new ResolverFailure(e.code, e.message, [...e.initiatives, ...[e.task, e.pool].filter((x): x is string => !!x)]);
    throw e;
  }
}

const pctDates = (f: FinishPercentiles) => ({ p50: f.p50Date, p80: f.p80Date, p50Days: f.p50, p80Days: f.p80 });
const days = (x: number) => Math.round(x * 10) / 10 + 0;
/** Iterations of a shared-pools forecast unless asked. */
export const SHARED_ITERATIONS = DEFAULT_PORTFOLIO_ITERATIONS;
/** A serial-SGS task-sample costs about 4 precedence ones (measured on the sample and generated plans): the in-call budget is divided by it. */
export const SGS_COST = 4;

/**
 * Everything a shared-pools forecast needs, plain JSON (a queue job stores it). Alone, a
 * project runs its own issues and the other projects' issues they wait for (the engine's
 * `alone: 'with-predecessors'`), on the portfolio's activity list: alone and together differ
 * by the contention only, not by a dependency or two different plans of the same work.
 */
export interface SharedPoolsInput {
  merged: MergedPortfolio;
  order: string[];
  seed: string;
  iterations: number;
  /** Tasks simulated per iteration over all runs (the work of one iteration). */
  taskRuns: number;
}

const ALONE = 'with-predecessors' as const;

export function sharedPoolsInput(scopes: readonly LoadedScope[], order: string[], opts: { iterations?: number; seed?: string; due?: string }): SharedPoolsInput {
  const merged = portfolioOf(scopes, order, opts.due);
  // Shared + one run per shared pool made private + the alone runs (about one portfolio's worth).
  const taskRuns = merged.plan.tasks.length * (2 + merged.sharedPools.length);
  return { merged, order, seed: opts.seed ?? '1', iterations: opts.iterations ?? SHARED_ITERATIONS, taskRuns };
}

/** Iterations [from, from + count) of the engine's portfolio run (plain JSON). */
export type SharedPoolsBatch = PortfolioBatch;

export function runSharedPoolsBatch(input: SharedPoolsInput, from: number, count: number): SharedPoolsBatch {
  return engineCall(() => runPortfolioBatch(input.merged, { seed: input.seed, from, count, alone: ALONE }));
}

/** The reply from batches covering iterations [0, N) once each, in any order. */
export function sharedPoolsFromBatches(input: SharedPoolsInput, batches: SharedPoolsBatch[]): SharedPoolsForecast {
  const f = engineCall(() => portfolioFromBatches(input.merged, batches));
  const initiatives: InitiativeContention[] = f.initiatives.map((x) => {
    const out: InitiativeContention = {
      projectKey: x.key, rank: x.rank + 1,
      alone: pctDates(x.alone),
      shared: pctDates(x.shared),
      slipDays: { p50: days(x.shared.p50 - x.alone.p50), p80: days(x.shared.p80 - x.alone.p80) },
      pools: x.byPool.map((b) => ({ id: b.pool, ...(b.name ? { name: b.name } : {}), slipDays: days(b.p80Days) })),
      sentence: '',
    };
    if (x.due) out.dueProbability = { alone: x.due.alone, shared: x.due.shared, date: x.due.date };
    out.sentence = contentionSentence(out);
    return out;
  });
  return {
    start: input.merged.plan.start, seed: f.seed, iterations: f.iterations, priority: input.order,
    finishDate: { p50: f.portfolio.p50Date, p80: f.portfolio.p80Date, p95: f.portfolio.p95Date },
    initiatives: initiatives.sort((x, y) => x.rank - y.rank),
    method: f.method,
    warnings: f.warnings.map((message) => ({ code: 'portfolio', message })),
  };
}

/**
 * The shared-pools forecast in this call: iterations reduced to fit the in-call budget (at
 * least 1,000 unless fewer were asked for); beyond that, 'too-large' (start a portfolio job).
 */
export function sharedPoolsForecast(s: Services, scopes: LoadedScope[], order: string[], opts: { iterations?: number; seed?: string; due?: string }): SharedPoolsForecast {
  const input = sharedPoolsInput(scopes, order, opts);
  const budget = Math.floor(s.limits.inCallTaskSamples / SGS_COST);
  const floor = Math.min(input.iterations, s.limits.batchSize);
  if (input.taskRuns * floor > budget) {
    throw new ResolverFailure('too-large', `${input.merged.plan.tasks.length} issues under shared pools need more than one call can simulate; start a portfolio job instead`, input.order);
  }
  const iterations = Math.max(floor, Math.min(input.iterations, Math.floor(budget / input.taskRuns / s.limits.batchSize) * s.limits.batchSize));
  const out = sharedPoolsFromBatches({ ...input, iterations }, [runSharedPoolsBatch(input, 0, iterations)]);
  if (iterations < input.iterations) out.warnings.unshift({ code: 'reduced-iterations', message: `ran ${iterations} of the ${input.iterations} iterations asked for, to fit one call` });
  return out;
}

/** 2027-03-31 -> 31 Mar 2027 (no locale: the same bytes everywhere; the engine summary's). */
export const longDate = plainDate;

export function contentionSentence(c: InitiativeContention): string {
  const n = (d: number) => `${d} working day${d === 1 ? '' : 's'}`;
  if (c.slipDays.p80 < 0.5) return `${c.projectKey} is not delayed by the other projects (P80 ${longDate(c.shared.p80)}).`;
  const top = c.pools.filter((p) => p.slipDays >= 0.5);
  const slip = `${c.projectKey} slips ${n(c.slipDays.p80)} (P80 ${longDate(c.alone.p80)} → ${longDate(c.shared.p80)})`;
  if (top.length) return `${slip} because of contention for the ${top.map((p) => `${p.name ?? p.id} (${n(p.slipDays)})`).join(' and the ')}.`;
  return `${slip}: no single pool explains it (pools interact, or the other projects' work it waits for is delayed).`;
}

export async function getPortfolioForecast(s: Services, ctx: CallContext, p: Raw): Promise<R<'getPortfolioForecast'>> {
  const unique = projectKeys({ projectKeys: p.projectKeys }, s.limits.portfolioProjects);
  const { iterations, seed, due } = forecastOptions(p);
  if (p.sharedPools !== undefined && typeof p.sharedPools !== 'boolean') throw invalidPayload('sharedPools must be true or false', 'sharedPools');
  if (p.sharedOnly !== undefined && typeof p.sharedOnly !== 'boolean') throw invalidPayload('sharedOnly must be true or false', 'sharedOnly');
  const order = priorityOrder(unique, p.priority);
  if (p.sharedPools && p.sharedOnly) return { projects: [], shared: sharedPoolsForecast(s, await loadScopes(s, ctx, unique), order, { iterations, seed, due }) };
  const shareOf = p.sharedPools ? 2 : 1;
  const share: Services = { ...s, limits: { ...s.limits, inCallTaskSamples: Math.floor(s.limits.inCallTaskSamples / (unique.length * shareOf)) } };
  const reqs = unique.map((key) => ({ projectKey: key, iterations, seed, due }));
  if (!p.sharedPools) return { projects: await projectForecasts(share, ctx, reqs) };
  const { projects, scopes } = await forecastsWithScopes(s, share, ctx, reqs);
  const half: Services = { ...s, limits: { ...s.limits, inCallTaskSamples: Math.floor(s.limits.inCallTaskSamples / 2) } };
  return { projects, shared: sharedPoolsForecast(half, scopes, order, { iterations, seed, due }) };
}
