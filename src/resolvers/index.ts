/**
 * The resolvers, platform-free: `createResolvers(deps)` gives the `@forge/resolver` handler
 * (every contract key defined on one Resolver), the same functions as plain definitions (the
 * local workspace's bridge shim calls these), and the trigger and consumer handlers. Forge
 * wiring lives in src/index.ts; tests and the workspace pass their own deps.
 */
import { randomUUID } from 'node:crypto';
import Resolver from '@forge/resolver';
import type { Envelope, ResolverDefs, ResolverKey } from './contract';
import { enveloped } from './errors';
import { getSettings, saveSettings } from './admin-page';
import { getProjectForecast } from './forecast-page';
import { getForecastJob, getPortfolioForecastJob, runForecastEvent, startPortfolioForecastJob, startProjectForecastJob } from './forecast-job';
import { getIssueForecast, previewEstimate, saveEstimate } from './issue-panel';
import { getPortfolioForecast } from './portfolio';
import { getTradeoffCurve, runWhatIf } from './what-if';
import { getLeadershipSummary } from './leadership';
import { explainForecastShift, listSnapshots, takeSnapshot } from './snapshots';
import { getBaselineVariance, listBaselines, saveBaseline } from './baselines';
import { listReplanningFlags } from './replanning';
import { getAccuracyRetrospective } from './accuracy';
import { getTrainingRuns, previewTrainingRuns, saveTrainingRuns } from './training-runs';
import { getSprintEstimation } from './sprint-estimation';
import { invalidateForecasts, weeklySnapshot, type WeeklySnapshotOutcome } from './triggers';
import { makeServices, type CallContext, type ResolverDeps, type Services } from './services';
import { objectPayload, type Raw } from './validate-payload';

export type { ResolverDeps, ForecastBatchEvent } from './services';
export { DEFAULT_LIMITS, type ForecastLimits } from './forecast-budget';

/** The queue consumer's queue (manifest.yml `consumer.queue`). */
export const FORECAST_QUEUE = 'converge-forecast-batches';

type Impl = (s: Services, ctx: CallContext, payload: Raw) => Promise<unknown>;

const IMPLEMENTATIONS: { [K in ResolverKey]: Impl } = {
  getIssueForecast,
  getProjectForecast,
  startProjectForecastJob,
  getForecastJob,
  getPortfolioForecast,
  runWhatIf,
  getTradeoffCurve,
  getLeadershipSummary,
  startPortfolioForecastJob,
  getPortfolioForecastJob,
  saveEstimate,
  previewEstimate,
  getSprintEstimation,
  getSettings,
  saveSettings,
  listSnapshots,
  takeSnapshot,
  explainForecastShift,
  saveBaseline,
  listBaselines,
  getBaselineVariance,
  listReplanningFlags,
  getAccuracyRetrospective,
  previewTrainingRuns,
  saveTrainingRuns,
  getTrainingRuns,
};

/** What a resolver function receives: @forge/resolver's request ({ payload, context }). */
export interface ResolverRequest {
  payload?: unknown;
  context?: { accountId?: string; [k: string]: unknown };
}

export type Definitions = { [K in ResolverKey]: (req: ResolverRequest) => Promise<Envelope<ResolverDefs[K]['result']>> };

export interface ConvergeResolvers {
  /** The Forge function handler of every UI module (`new Resolver().define(...).getDefinitions()`). */
  handler: ReturnType<Resolver['getDefinitions']>;
  definitions: Definitions;
  /** Product trigger: issue / link changes. */
  invalidateForecasts: (event: unknown, context?: unknown) => Promise<void>;
  /** Scheduled trigger (week). */
  weeklySnapshot: (event?: unknown, context?: unknown) => Promise<WeeklySnapshotOutcome>;
  /** Queue consumer: receives `{ body: ForecastBatchEvent }` (an @forge/events AsyncEvent). */
  forecastConsumer: (event: { body?: unknown }, context?: unknown) => Promise<void>;
}

export function createResolvers(deps: ResolverDeps): ConvergeResolvers {
  const services = makeServices(deps, deps.newId ?? randomUUID);
  const resolver = new Resolver();
  const definitions = {} as Record<ResolverKey, (req: ResolverRequest) => Promise<Envelope<unknown>>>;
  for (const key of Object.keys(IMPLEMENTATIONS) as ResolverKey[]) {
    const impl = IMPLEMENTATIONS[key];
    const fn = (req: ResolverRequest) =>
      enveloped(async () => {
        const ctx: CallContext = { asApp: false, accountId: typeof req?.context?.accountId === 'string' ? req.context.accountId : undefined };
        return impl(services, ctx, objectPayload(req?.payload));
      });
    definitions[key] = fn;
    resolver.define(key, fn);
  }
  return {
    handler: resolver.getDefinitions(),
    definitions: definitions as Definitions,
    invalidateForecasts: (event) => invalidateForecasts(services, event),
    weeklySnapshot: () => weeklySnapshot(services),
    forecastConsumer: (event) => runForecastEvent(services, event?.body),
  };
}
