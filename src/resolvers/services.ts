/**
 * What every resolver module shares: the injected dependencies, the typed store, the limits,
 * and the call context (who is asking). Built once by createResolvers.
 */
import type { JiraClient } from '../jira/jira-client';
import type { Storage } from '../storage/storage';
import { ConvergeStore } from '../storage/converge-store';
import type { BatchResult } from '../engine/monte-carlo';
import type { Plan } from '../engine/plan';
import type { ProjectForecast, ResolverError, Settings, SnapshotSummary } from './contract';
import { DEFAULT_LIMITS, type ForecastLimits } from './forecast-budget';
import type { RunSpec } from './run-forecast';
import type { ForecastBase } from './project-forecast';

/** A queue event body: which batches of which job to run. */
export interface ForecastBatchEvent {
  [key: string]: unknown;
  jobId: string;
  batches: number[];
}

export interface ResolverDeps {
  /** A Jira client acting as the calling user (panels) or as the app (triggers, consumers). */
  jira: (ctx: { asApp: boolean; accountId?: string }) => JiraClient;
  storage: Storage;
  now: () => Date;
  /** The async queue (Forge `Queue.push`); absent = run queued work inline (local workspace, tests). */
  queue?: { push(events: ForecastBatchEvent[]): Promise<void> };
  /** Overrides of the simulation budgets (tests use small ones to force splitting). */
  limits?: Partial<ForecastLimits>;
  /** Unique ids for jobs and snapshots (default crypto.randomUUID). */
  newId?: () => string;
}

/** A stored snapshot: the contract summary plus the numbers calibration will need. */
export type SnapshotRecord = SnapshotSummary;

export interface JobState {
  jobId: string;
  projectKey: string;
  accountId?: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  /** Batches of the run, and how they were grouped into queue events. */
  total: number;
  events: number;
  spec: RunSpec;
  inputHash: string;
  createdAt: string;
  finishedAt?: string;
  error?: ResolverError;
}

/** What a job's consumers need: the loaded plan and what the report is built with. */
export interface JobInput {
  plan: Plan;
  base: ForecastBase;
}

export type AppStore = ConvergeStore<Settings, ProjectForecast, SnapshotRecord, JobState, JobInput, BatchResult>;

export interface Services {
  deps: ResolverDeps;
  store: AppStore;
  limits: ForecastLimits;
  newId: () => string;
}

export interface CallContext {
  accountId?: string;
  asApp: boolean;
}

export function makeServices(deps: ResolverDeps, newId: () => string): Services {
  return { deps, store: new ConvergeStore(deps.storage), limits: { ...DEFAULT_LIMITS, ...deps.limits }, newId };
}

export function jiraFor(s: Services, ctx: CallContext): JiraClient {
  return s.deps.jira({ asApp: ctx.asApp, accountId: ctx.accountId });
}

/** Today as YYYY-MM-DD (UTC): the plan's day 0. */
export function today(s: Services): string {
  return s.deps.now().toISOString().slice(0, 10);
}
