/**
 * Every storage key Converge uses, and the typed helpers over them: the one module that knows
 * the key layout, so a change of layout happens here only.
 *
 *   settings                                   the app settings (admin page)
 *   cache:generation                           bumped by Jira triggers; older cached pointers are stale
 *   fc:latest:<projectKey>:<scopeHash>         {inputHash, generation}: the last forecast of a scope
 *   fc:data:<inputHash>                        a computed forecast, keyed by the hash of plan + settings + options
 *   project:<projectKey>                       projects that were forecast (the weekly snapshot visits them)
 *   snap:<projectKey>:<takenAt>:<id>           forecast snapshots, in time order
 *   job:<jobId>                                a queued forecast job's state
 *   jobplan:<jobId>                            its input (the plan and the issue metadata)
 *   jobbatch:<jobId>:<batch>                   a mergeable result of batches from <batch> on (one queue event's)
 *   jobdone:<jobId>:<batch>                    a tiny marker per finished batch (progress = count)
 *   jobresult:<jobId>                          the merged result
 *   snapplan:<projectKey>:<takenAt>:<id>       a snapshot's compact plan copy (why-it-moved); dropped first by retention
 *   baseline:<projectKey>:<savedAt>:<id>       named baselines (summary + per-issue P80 and planned finish)
 *   flags:<projectKey>                         the latest re-planning flags of a project
 *   work:<projectKey>:<day>:<hash>             completed work fetched for calibration, cached for the day
 *   pfjob:<jobId>                              a queued shared-pools (portfolio) forecast job's state
 *   pfjobin:<jobId>                            its input
 *   pfjobpart:<jobId>:<event>                  one queue event's part of it
 *   training-runs                              imported training-run durations (admin page; the Calibrated switch)
 *
 * Value types are parameters so this layer does not depend on the resolver contract above it.
 */
import type { Storage } from './storage';

export interface CachePointer {
  inputHash: string;
  generation: string;
}

export interface ProjectRecord {
  projectKey: string;
  jql?: string;
  lastForecastAt: string;
}

const pad = (i: number) => String(i).padStart(6, '0');
/** ISO time with characters KVS accepts and that sort in time order. */
const keyTime = (iso: string) => iso.replace(/[^0-9TZ.]/g, '');

export const StoreKeys = {
  settings: 'settings',
  generation: 'cache:generation',
  latest: (projectKey: string, scopeHash: string) => `fc:latest:${projectKey}:${scopeHash}`,
  forecast: (inputHash: string) => `fc:data:${inputHash}`,
  project: (projectKey: string) => `project:${projectKey}`,
  projects: 'project:',
  snapshot: (projectKey: string, takenAt: string, id: string) => `snap:${projectKey}:${keyTime(takenAt)}:${id}`,
  snapshots: (projectKey: string) => `snap:${projectKey}:`,
  job: (jobId: string) => `job:${jobId}`,
  jobPlan: (jobId: string) => `jobplan:${jobId}`,
  jobBatch: (jobId: string, batch: number) => `jobbatch:${jobId}:${pad(batch)}`,
  jobBatches: (jobId: string) => `jobbatch:${jobId}:`,
  jobDone: (jobId: string, batch: number) => `jobdone:${jobId}:${pad(batch)}`,
  jobDones: (jobId: string) => `jobdone:${jobId}:`,
  jobResult: (jobId: string) => `jobresult:${jobId}`,
  snapshotPlan: (projectKey: string, takenAt: string, id: string) => `snapplan:${projectKey}:${keyTime(takenAt)}:${id}`,
  baseline: (projectKey: string, savedAt: string, id: string) => `baseline:${projectKey}:${keyTime(savedAt)}:${id}`,
  baselines: (projectKey: string) => `baseline:${projectKey}:`,
  flags: (projectKey: string) => `flags:${projectKey}`,
  allFlags: 'flags:',
  completedWork: (projectKey: string, day: string, hash: string) => `work:${projectKey}:${day}:${hash}`,
  completedWorkOf: (projectKey: string) => `work:${projectKey}:`,
  portfolioJob: (jobId: string) => `pfjob:${jobId}`,
  portfolioJobInput: (jobId: string) => `pfjobin:${jobId}`,
  portfolioJobPart: (jobId: string, event: number) => `pfjobpart:${jobId}:${pad(event)}`,
  portfolioJobParts: (jobId: string) => `pfjobpart:${jobId}:`,
  trainingRuns: 'training-runs',
} as const;

export class ConvergeStore<TSettings = unknown, TForecast = unknown, TSnapshot = unknown, TJob = unknown, TJobInput = unknown, TBatch = unknown> {
  constructor(readonly storage: Storage) {}

  getSettings(): Promise<TSettings | undefined> {
    return this.storage.get<TSettings>(StoreKeys.settings);
  }
  saveSettings(s: TSettings): Promise<void> {
    return this.storage.set(StoreKeys.settings, s);
  }

  /** The current cache generation ('0' before any trigger fired). */
  async generation(): Promise<string> {
    return (await this.storage.get<string>(StoreKeys.generation)) ?? '0';
  }
  /** Marks every cached forecast stale (Jira data changed). Unique tokens, so racing triggers are fine. */
  bumpGeneration(token: string): Promise<void> {
    return this.storage.set(StoreKeys.generation, token);
  }

  getLatest(projectKey: string, scopeHash: string): Promise<CachePointer | undefined> {
    return this.storage.get<CachePointer>(StoreKeys.latest(projectKey, scopeHash));
  }
  setLatest(projectKey: string, scopeHash: string, p: CachePointer): Promise<void> {
    return this.storage.set(StoreKeys.latest(projectKey, scopeHash), p);
  }
  getForecast(hash: string): Promise<TForecast | undefined> {
    return this.storage.get<TForecast>(StoreKeys.forecast(hash));
  }
  saveForecast(hash: string, f: TForecast): Promise<void> {
    return this.storage.set(StoreKeys.forecast(hash), f);
  }
  deleteForecast(hash: string): Promise<void> {
    return this.storage.delete(StoreKeys.forecast(hash));
  }

  rememberProject(p: ProjectRecord): Promise<void> {
    return this.storage.set(StoreKeys.project(p.projectKey), p);
  }
  async projects(): Promise<ProjectRecord[]> {
    return (await this.storage.list<ProjectRecord>(StoreKeys.projects)).map((e) => e.value);
  }

  saveSnapshot(projectKey: string, takenAt: string, id: string, s: TSnapshot): Promise<void> {
    return this.storage.set(StoreKeys.snapshot(projectKey, takenAt, id), s);
  }
  /** Snapshots of a project, oldest first. */
  async snapshots(projectKey: string): Promise<TSnapshot[]> {
    return (await this.storage.list<TSnapshot>(StoreKeys.snapshots(projectKey))).map((e) => e.value);
  }
  /** Snapshots with their storage keys, oldest first (retention deletes by key). */
  snapshotEntries(projectKey: string): Promise<Array<{ key: string; value: TSnapshot }>> {
    return this.storage.list<TSnapshot>(StoreKeys.snapshots(projectKey));
  }
  /** Replaces a snapshot's summary (e.g. hasPlan cleared by retention). */
  putSnapshotAt(key: string, s: TSnapshot): Promise<void> {
    if (!key.startsWith('snap:')) throw new RangeError(`not a snapshot key: ${key}`);
    return this.storage.set(key, s);
  }
  /** Deletes a snapshot and its plan copy. */
  async deleteSnapshot(projectKey: string, takenAt: string, id: string): Promise<void> {
    await this.storage.delete(StoreKeys.snapshotPlan(projectKey, takenAt, id));
    await this.storage.delete(StoreKeys.snapshot(projectKey, takenAt, id));
  }
  saveSnapshotPlan<P>(projectKey: string, takenAt: string, id: string, plan: P): Promise<void> {
    return this.storage.set(StoreKeys.snapshotPlan(projectKey, takenAt, id), plan);
  }
  getSnapshotPlan<P>(projectKey: string, takenAt: string, id: string): Promise<P | undefined> {
    return this.storage.get<P>(StoreKeys.snapshotPlan(projectKey, takenAt, id));
  }
  deleteSnapshotPlan(projectKey: string, takenAt: string, id: string): Promise<void> {
    return this.storage.delete(StoreKeys.snapshotPlan(projectKey, takenAt, id));
  }

  saveBaseline<B>(projectKey: string, savedAt: string, id: string, b: B): Promise<void> {
    return this.storage.set(StoreKeys.baseline(projectKey, savedAt, id), b);
  }
  /** Baselines of a project, oldest first. */
  async baselines<B>(projectKey: string): Promise<B[]> {
    return (await this.storage.list<B>(StoreKeys.baselines(projectKey))).map((e) => e.value);
  }

  saveFlags<F>(projectKey: string, f: F): Promise<void> {
    return this.storage.set(StoreKeys.flags(projectKey), f);
  }
  getFlags<F>(projectKey: string): Promise<F | undefined> {
    return this.storage.get<F>(StoreKeys.flags(projectKey));
  }
  async allFlags<F>(): Promise<F[]> {
    return (await this.storage.list<F>(StoreKeys.allFlags)).map((e) => e.value);
  }

  getCompletedWork<W>(projectKey: string, day: string, hash: string): Promise<W | undefined> {
    return this.storage.get<W>(StoreKeys.completedWork(projectKey, day, hash));
  }
  /** Stores today's fetch and drops the project's earlier days (one day's cache is kept). */
  async saveCompletedWork<W>(projectKey: string, day: string, hash: string, w: W): Promise<void> {
    const keep = StoreKeys.completedWork(projectKey, day, hash);
    await this.storage.set(keep, w);
    for (const { key } of await this.storage.list(StoreKeys.completedWorkOf(projectKey))) if (key !== keep && !key.includes(`:${day}:`)) await this.storage.delete(key);
  }

  getJob(jobId: string): Promise<TJob | undefined> {
    return this.storage.get<TJob>(StoreKeys.job(jobId));
  }
  saveJob(jobId: string, j: TJob): Promise<void> {
    return this.storage.set(StoreKeys.job(jobId), j);
  }
  getJobInput(jobId: string): Promise<TJobInput | undefined> {
    return this.storage.get<TJobInput>(StoreKeys.jobPlan(jobId));
  }
  saveJobInput(jobId: string, input: TJobInput): Promise<void> {
    return this.storage.set(StoreKeys.jobPlan(jobId), input);
  }
  /**
   * Stores the mergeable result of some batches (keyed by the first), then one marker per batch:
   * a counted batch always has its data.
   */
  async saveJobBatches(jobId: string, batches: number[], result: TBatch): Promise<void> {
    if (batches.length === 0) return;
    await this.storage.set(StoreKeys.jobBatch(jobId, Math.min(...batches)), result);
    for (const b of batches) await this.storage.set(StoreKeys.jobDone(jobId, b), 1);
  }
  async jobBatchesDone(jobId: string): Promise<number> {
    return (await this.storage.list(StoreKeys.jobDones(jobId))).length;
  }
  /** Every stored batch result, in batch order. */
  async jobBatches(jobId: string): Promise<TBatch[]> {
    return (await this.storage.list<TBatch>(StoreKeys.jobBatches(jobId))).map((e) => e.value);
  }
  getJobResult<R>(jobId: string): Promise<R | undefined> {
    return this.storage.get<R>(StoreKeys.jobResult(jobId));
  }
  saveJobResult(jobId: string, r: unknown): Promise<void> {
    return this.storage.set(StoreKeys.jobResult(jobId), r);
  }
  /** Frees the bulky per-batch data once merged (markers stay for progress). */
  async dropJobBatches(jobId: string): Promise<void> {
    for (const { key } of await this.storage.list(StoreKeys.jobBatches(jobId))) await this.storage.delete(key);
    await this.storage.delete(StoreKeys.jobPlan(jobId));
  }

  // Portfolio jobs (W2, issue #8): a shared-pools forecast run as queue batches. Plain JSON values
  // under their own keys: the job, its input, one part per event, and the result.
  getPortfolioJob<J>(jobId: string): Promise<J | undefined> {
    return this.storage.get<J>(StoreKeys.portfolioJob(jobId));
  }
  savePortfolioJob(jobId: string, job: unknown): Promise<void> {
    return this.storage.set(StoreKeys.portfolioJob(jobId), job);
  }
  getPortfolioJobInput<I>(jobId: string): Promise<I | undefined> {
    return this.storage.get<I>(StoreKeys.portfolioJobInput(jobId));
  }
  savePortfolioJobInput(jobId: string, input: unknown): Promise<void> {
    return this.storage.set(StoreKeys.portfolioJobInput(jobId), input);
  }
  savePortfolioJobPart(jobId: string, event: number, part: unknown): Promise<void> {
    return this.storage.set(StoreKeys.portfolioJobPart(jobId, event), part);
  }
  async portfolioJobParts<P>(jobId: string): Promise<P[]> {
    return (await this.storage.list<P>(StoreKeys.portfolioJobParts(jobId))).map((e) => e.value);
  }
  async portfolioJobPartsDone(jobId: string): Promise<number> {
    return (await this.storage.list(StoreKeys.portfolioJobParts(jobId))).length;
  }
  /** Frees the parts and the input once the result is stored. */
  async dropPortfolioJobParts(jobId: string): Promise<void> {
    for (const { key } of await this.storage.list(StoreKeys.portfolioJobParts(jobId))) await this.storage.delete(key);
    await this.storage.delete(StoreKeys.portfolioJobInput(jobId));
  }

  // Training-run durations (K5, issue #7): the admin's imported MLflow / W&B runs, durations only.
  getTrainingRuns<T>(): Promise<T | undefined> {
    return this.storage.get<T>(StoreKeys.trainingRuns);
  }
  saveTrainingRuns(runs: unknown): Promise<void> {
    return this.storage.set(StoreKeys.trainingRuns, runs);
  }
}
