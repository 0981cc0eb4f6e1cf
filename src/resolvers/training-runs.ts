/**
 * Training-run history on the admin page: an admin pastes (or chooses) an MLflow UI CSV, an
 * MLflow search_runs JSON or a W&B runs CSV; `previewTrainingRuns` parses it and fits a
 * lognormal to the finished runs' durations (src/engine/history/experiment-runs.ts,
 * fit-lognormal.ts), `saveTrainingRuns` (Jira ADMINISTER, checked on the server as for
 * saveSettings) stores the durations only, never the file, and `getTrainingRuns` reads back
 * what is stored. The Calibrated switch (calibration.ts) applies the fit to open training
 * issues whose estimate is assumed.
 *
 * Runs go on through nights and weekends: the plan estimate is hours / 24 days.
 * Malformed exports fail with 'invalid-payload' naming `text` and the line and column.
 * Cost: O(size of the export); the stored record is about 20 bytes a run (at most MAX_RUNS).
 */
import { withTrainingFit, type CalibrationModel } from '../engine/history/calibration';
import { parseExperimentRuns, type ParsedRuns, type RunsFormat } from '../engine/history/experiment-runs';
import { fitLognormal } from '../engine/history/fit-lognormal';
import { HistoryError } from '../engine/history/history-error';
import { parseJson } from '../engine/parse-plan';
import type { ResolverDefs, ThreePointEstimate, TrainingRunsSummary } from './contract';
import { requireJiraAdmin } from './admin-page';
import { invalidPayload } from './errors';
import type { CallContext, Services } from './services';
import type { Raw } from './validate-payload';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

/** An export is at most this long (characters): one KVS-sized call, and far more runs than a fit needs. */
export const MAX_EXPORT_CHARS = 4_000_000;
/** Durations kept (the newest in file order when an export has more): the record stays well under the KVS value limit. */
export const MAX_RUNS = 5000;

/** What the store keeps: durations in hours, and where they came from. */
export interface StoredTrainingRuns {
  format: RunsFormat;
  hours: number[];
  skipped: Record<string, number>;
  savedAt: string;
  savedBy?: string;
}

const FORMATS: readonly RunsFormat[] = ['mlflow-csv', 'mlflow-json', 'wandb-csv'];

function exportText(p: Raw): { text: string; format?: RunsFormat } {
  const text = p.text;
  if (typeof text !== 'string' || !text.trim()) throw invalidPayload('text must be the runs export (MLflow CSV / JSON or W&B CSV)', 'text');
  if (text.length > MAX_EXPORT_CHARS) throw invalidPayload(`the runs export is longer than ${MAX_EXPORT_CHARS} characters; export fewer runs`, 'text');
  const format = p.format;
  if (format !== undefined && (typeof format !== 'string' || !FORMATS.includes(format as RunsFormat))) throw invalidPayload(`format must be one of ${FORMATS.join(', ')}`, 'format');
  return { text, ...(format !== undefined ? { format: format as RunsFormat } : {}) };
}

/** parseExperimentRuns, its errors as 'invalid-payload' naming the line and column (JSON syntax errors too). */
export function parseRunsExport(text: string, format?: RunsFormat): ParsedRuns {
  try {
    return parseExperimentRuns(text, format ? { format } : {});
  } catch (err) {
    if (!(err instanceof HistoryError)) throw err;
    let line = err.line, column = err.column;
    if (line === undefined) {
      const json = parseJson(text);
      if (!json.ok && json.issue.line !== undefined) ({ line, column } = { line: json.issue.line, column: json.issue.column ?? 1 });
    }
    const where = line !== undefined ? `line ${line} column ${column ?? 1}` : undefined;
    const message = where && !err.message.includes(where) ? `${where}: ${err.message}` : err.message;
    throw invalidPayload(message, 'text', ...(where ? [where] : []));
  }
}

/** The plan estimate (days) of a lognormal fit in hours. */
const daysOf = (h: { p5: number; p50: number; p95: number; sigma: number }): ThreePointEstimate => ({
  optimistic: h.p5 / 24, mostLikely: h.p50 / 24, pessimistic: h.p95 / 24, distribution: h.sigma > 0 ? 'lognormal' : 'fixed',
});

/** The summary the page shows: counts and, with at least 2 runs, the fit in hours and as an estimate in days. */
export function summarize(r: Pick<StoredTrainingRuns, 'format' | 'hours' | 'skipped'> & { savedAt?: string }): TrainingRunsSummary {
  const out: TrainingRunsSummary = { format: r.format, count: r.hours.length, skipped: { ...r.skipped }, ...(r.savedAt ? { savedAt: r.savedAt } : {}) };
  if (r.hours.length >= 2) {
    const fit = fitLognormal(r.hours);
    out.fitHours = { p5: fit.p5, p50: fit.p50, p95: fit.p95, mu: fit.mu, sigma: fit.sigma };
    out.estimateDays = daysOf(fit);
  }
  return out;
}

function parsedToStored(parsed: ParsedRuns, savedAt: string, savedBy?: string): StoredTrainingRuns {
  const hours = parsed.runs.map((r) => r.hours);
  return { format: parsed.format, hours: hours.length > MAX_RUNS ? hours.slice(-MAX_RUNS) : hours, skipped: parsed.skipped, savedAt, ...(savedBy ? { savedBy } : {}) };
}

export async function previewTrainingRuns(_s: Services, _ctx: CallContext, p: Raw): Promise<R<'previewTrainingRuns'>> {
  const { text, format } = exportText(p);
  const parsed = parseRunsExport(text, format);
  return summarize(parsedToStored(parsed, ''));
}

export async function saveTrainingRuns(s: Services, ctx: CallContext, p: Raw): Promise<R<'saveTrainingRuns'>> {
  const { text, format } = exportText(p);
  const parsed = parseRunsExport(text, format);
  await requireJiraAdmin(s, ctx);
  if (parsed.runs.length < 2) throw invalidPayload(`the export has ${parsed.runs.length} finished run(s); a fit needs at least 2`, 'text');
  const stored = parsedToStored(parsed, s.deps.now().toISOString(), ctx.accountId);
  await s.store.saveTrainingRuns(stored);
  return summarize(stored);
}

export async function getTrainingRuns(s: Services, _ctx: CallContext, _p: Raw): Promise<R<'getTrainingRuns'>> {
  const stored = await loadTrainingRuns(s);
  return stored ? summarize(stored) : null;
}

export async function loadTrainingRuns(s: Services): Promise<StoredTrainingRuns | undefined> {
  const stored = await s.store.getTrainingRuns<StoredTrainingRuns>();
  return stored && Array.isArray(stored.hours) ? stored : undefined;
}

/** The model with the stored run fit (when there are at least 2 runs), for applyCalibration. */
export async function withStoredTrainingFit(s: Services, model: CalibrationModel): Promise<CalibrationModel> {
  const stored = await loadTrainingRuns(s);
  if (!stored || stored.hours.length < 2) return model;
  const fit = fitLognormal(stored.hours);
  return withTrainingFit(model, daysOf(fit), fit.samples);
}
