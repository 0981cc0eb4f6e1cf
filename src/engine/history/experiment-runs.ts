/**
 * Training-run durations from experiment-tracker exports, so training tasks can be
 * calibrated from how long the team's runs really took.
 *
 * Formats (recognized from the header / shape, or forced with `format`):
 *   mlflow-csv   the MLflow UI's "Download CSV": `Start Time, Duration, Run ID, Name, Source Type,
 *                Source Name, User, Status, <params>, <metrics>`; Duration as the UI prints it
 *                ("500ms", "12.3s", "4.5min", "2.0h", "1.1d", or "HH:MM:SS"); a bare number is seconds.
 *                `mlflow.search_runs(...).to_csv()` (run_id, status, start_time, end_time) is read too:
 *                the duration is end_time - start_time.
 *   mlflow-json  `mlflow.search_runs(output_format="list")` / the REST `runs/search` answer: an array or
 *                {"runs": [...]} of runs, each flat or with `info`: run_id, run_name, status,
 *                start_time and end_time in epoch milliseconds (or ISO strings).
 *   wandb-csv    the Weights & Biases runs table "Export as CSV": `Name, State, Notes, User, Tags,
 *                Created, Runtime, Sweep, <config>, <summary>`; Runtime in seconds.
 * Only finished runs count (MLflow status FINISHED, W&B state finished); failed, killed,
 * crashed and running ones are counted in `skipped` by status. Durations are in hours.
 * A malformed duration or timestamp in a finished run is an error naming its line and
 * column (CSV) or the run's index (JSON): HistoryError 'invalid-runs'.
 * Cost: O(size of the export). Pure.
 */
import { parseCsv, type CsvRow } from './parse-csv';
import { HistoryError } from './history-error';

export type RunsFormat = 'mlflow-csv' | 'mlflow-json' | 'wandb-csv';

export interface ExperimentRun {
  id: string;
  name?: string;
  hours: number;
  started?: string;
}

export interface ParsedRuns {
  format: RunsFormat;
  /** Finished runs, in file order. */
  runs: ExperimentRun[];
  /** Runs left out, by status (lower case). */
  skipped: Record<string, number>;
}

const UNIT_HOURS: Record<string, number> = { ms: 1 / 3_600_000, s: 1 / 3600, sec: 1 / 3600, m: 1 / 60, min: 1 / 60, h: 1, hr: 1, d: 24 };

/** Hours from an MLflow UI duration ("4.5min", "2.0h", "01:02:03", "90" seconds), or undefined. */
export function durationHours(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const unit = /^(\d+(?:\.\d+)?)\s*(ms|sec|s|min|m|hr|h|d)$/.exec(t);
  if (unit) return Number(unit[1]) * UNIT_HOURS[unit[2]];
  const clock = /^(?:(\d+)\s*d(?:ays?)?[ ,]*)?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(t);
  if (clock) return Number(clock[1] ?? 0) * 24 + Number(clock[2]) + Number(clock[3]) / 60 + Number(clock[4]) / 3600;
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) / 3600;
  return undefined;
}

/** Epoch ms from epoch ms / s numbers or date-time text ("2024-01-15 10:23:45", ISO), or undefined. */
function timeMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value > 1e11 ? value : value * 1000;
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return timeMs(Number(v));
  // No zone given: read as UTC, so the result never depends on the machine (only differences are used).
  const iso = v.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(/[zZ]|[+-]\d{2}:\d{2}$/.test(iso) ? iso : `${iso}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

function columnIndex(header: string[], ...names: string[]): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const n of names) {
    const i = lower.indexOf(n.toLowerCase());
    if (i >= 0) return i;
  }
  return -1;
}

function bad(row: CsvRow, col: number, what: string, value: string): never {
  const column = row.columns[col] ?? 1;
  throw new HistoryError('invalid-runs', `line ${row.line} column ${column}: ${what} ${JSON.stringify(value)} is not readable`, `line ${row.line}`, row.line, column);
}

function fromCsv(text: string, forced?: RunsFormat): ParsedRuns {
  const rows = parseCsv(text, 'runs export');
  if (!rows.length) throw new HistoryError('invalid-runs', 'the runs export is empty', undefined, 1, 1);
  const header = rows[0].fields;
  const state = columnIndex(header, 'State');
  const runtime = columnIndex(header, 'Runtime');
  const status = columnIndex(header, 'Status', 'status');
  const isWandb = forced ? forced === 'wandb-csv' : state >= 0 && runtime >= 0;
  const format: RunsFormat = isWandb ? 'wandb-csv' : 'mlflow-csv';
  const runs: ExperimentRun[] = [];
  const skipped: Record<string, number> = {};
  const need = (i: number, name: string) => {
    if (i < 0) throw new HistoryError('invalid-runs', `line 1: the ${format} export has no "${name}" column (columns: ${header.join(', ')})`, name, 1, 1);
    return i;
  };
  const name = columnIndex(header, 'Name', 'run_name', 'tags.mlflow.runName');
  const id = columnIndex(header, 'Run ID', 'run_id', 'ID');
  const created = columnIndex(header, isWandb ? 'Created' : 'Start Time', 'start_time');
  const cols = isWandb
    ? { state: need(state, 'State'), runtime: need(runtime, 'Runtime') }
    : { status: need(status, 'Status'), duration: columnIndex(header, 'Duration'), start: columnIndex(header, 'start_time', 'Start Time'), end: columnIndex(header, 'end_time', 'End Time') };
  if (!isWandb && cols.duration! < 0 && (cols.start! < 0 || cols.end! < 0)) need(-1, 'Duration');
  for (const row of rows.slice(1)) {
    const cell = (i: number) => (i >= 0 ? row.fields[i] ?? '' : '');
    const st = cell(isWandb ? cols.state! : cols.status!).trim().toLowerCase();
    if (st !== 'finished') {
      skipped[st || 'unknown'] = (skipped[st || 'unknown'] ?? 0) + 1;
      continue;
    }
    let hours: number | undefined;
    if (isWandb) {
      const v = cell(cols.runtime!).trim();
      hours = /^\d+(\.\d+)?$/.test(v) ? Number(v) / 3600 : undefined;
      if (hours === undefined) bad(row, cols.runtime!, 'Runtime (seconds)', v);
    } else if (cols.duration! >= 0 && cell(cols.duration!).trim() !== '') {
      hours = durationHours(cell(cols.duration!));
      if (hours === undefined) bad(row, cols.duration!, 'Duration', cell(cols.duration!));
    } else {
      const s = timeMs(cell(cols.start!)), e = timeMs(cell(cols.end!));
      if (s === undefined) bad(row, cols.start!, 'start time', cell(cols.start!));
      if (e === undefined) bad(row, cols.end!, 'end time', cell(cols.end!));
      hours = (e! - s!) / 3_600_000;
      if (hours < 0) bad(row, cols.end!, 'end time before the start', cell(cols.end!));
    }
    const runId = cell(id).trim() || cell(name).trim() || `line ${row.line}`;
    runs.push({ id: runId, ...(cell(name).trim() ? { name: cell(name).trim() } : {}), hours: hours!, ...(cell(created).trim() ? { started: cell(created).trim() } : {}) });
  }
  return { format, runs, skipped };
}

function fromJson(json: unknown): ParsedRuns {
  const list = Array.isArray(json) ? json : json && typeof json === 'object' && Array.isArray((json as { runs?: unknown }).runs) ? (json as { runs: unknown[] }).runs : undefined;
  if (!list) throw new HistoryError('invalid-runs', 'an MLflow JSON export must be an array of runs or {"runs": [...]}');
  const runs: ExperimentRun[] = [];
  const skipped: Record<string, number> = {};
  list.forEach((raw, i) => {
    if (!raw || typeof raw !== 'object') throw new HistoryError('invalid-runs', `run ${i} is not an object`, `runs[${i}]`);
    const r = raw as Record<string, unknown>;
    const info = (r.info && typeof r.info === 'object' ? r.info : r) as Record<string, unknown>;
    const st = String(info.status ?? '').toLowerCase();
    if (st !== 'finished') {
      skipped[st || 'unknown'] = (skipped[st || 'unknown'] ?? 0) + 1;
      return;
    }
    const s = timeMs(info.start_time), e = timeMs(info.end_time);
    if (s === undefined || e === undefined || e < s) {
      throw new HistoryError('invalid-runs', `run ${i}: start_time ${JSON.stringify(info.start_time)} / end_time ${JSON.stringify(info.end_time)} do not give a duration`, `runs[${i}]`);
    }
    const id = String(info.run_id ?? info.run_uuid ?? `run ${i}`);
    const name = typeof info.run_name === 'string' && info.run_name ? info.run_name : undefined;
    runs.push({ id, ...(name ? { name } : {}), hours: (e - s) / 3_600_000, started: new Date(s).toISOString() });
  });
  return { format: 'mlflow-json', runs, skipped };
}

/** Finished runs of an MLflow or W&B export (CSV or JSON text). */
export function parseExperimentRuns(text: string, opts: { format?: RunsFormat } = {}): ParsedRuns {
  if (typeof text !== 'string') throw new HistoryError('invalid-runs', 'the runs export must be text');
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (opts.format === 'mlflow-json' || (!opts.format && (trimmed.startsWith('[') || trimmed.startsWith('{')))) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (err) {
      throw new HistoryError('invalid-runs', `the runs export is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    return fromJson(json);
  }
  return fromCsv(text, opts.format);
}
