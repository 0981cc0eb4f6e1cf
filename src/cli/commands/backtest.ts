/**
 * `converge backtest HISTORY.json [--at D1,D2 | --every 2w] [--iterations N] [--seed S] [--settings FILE] [--json]`
 *
 * Replays forecasts at past dates on an exported Jira history (issues with
 * `changelog.histories`: GET issue?expand=changelog, or a search with expand=changelog)
 * and scores them against what happened. For each date D: the issues as they stood at
 * the end of D (src/jira/work-history.ts issuesAsOf: created later -> out, status and
 * estimates rewound), mapped to a plan starting the day after D, forecast; the actual
 * finish is the last resolution of that scope (a scope not yet finished is skipped).
 * Scores: src/engine/history/score-forecasts.ts. Malformed input: the culprit on stderr,
 * exit 2, nothing on stdout.
 */
import { parseJson } from '../../engine/parse-plan';
import { validatePlan } from '../../engine/validate-plan';
import { expandPlan } from '../../engine/gates/expand-plan';
import { backtest, type BacktestPoint, type BacktestResult } from '../../engine/history/backtest';
import { HistoryError } from '../../engine/history/history-error';
import { dayNumber, isIsoDate, isoFromDayNumber } from '../../engine/working-calendar';
import type { MappingSettings } from '../../jira/mapping-settings';
import { MappingError } from '../../jira/mapping-warning';
import { planFromJira } from '../../jira/plan-from-jira';
import {
  checkHistoryExport, issuesAsOf, parseInstant, resolvedAt, statusCategoryIndex, statusTimeline, type IssueWithHistory, type StatusCategoryIndex,
} from '../../jira/work-history';
import { parseCommand, usageError, wholeNumber } from '../command-args';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO, type Command } from '../io';
import { readSettings } from '../read-settings';

const USAGE = `usage: converge backtest HISTORY.json [--at YYYY-MM-DD,... | --every 2w] [--iterations N] [--seed S] [--settings FILE] [--json]
  HISTORY.json      exported Jira issues with changelog.histories (an array, or a search response {"issues": [...]})
  --at DATES        comma-separated dates to forecast at
  --every STEP      forecast every N days or weeks ('10d', '2w'; default 2w) from the first issue's creation
  --iterations N    Monte Carlo iterations per forecast (default 2000)
  --seed S          seed (default '1')
  --settings FILE   mapping settings (JSON: estimate fields, link types, calendar...)
  --json            print the result as JSON
`;

/** At most this many dates are replayed (each is a full forecast). */
export const MAX_BACKTEST_DATES = 200;

export interface LoadedHistory {
  issues: IssueWithHistory[];
  settings: MappingSettings;
  index: StatusCategoryIndex;
}

/** Reads a history export and optional settings for the history commands; a message (exit 2) when unusable. */
export function loadHistory(path: string, settingsPath: string | undefined, io: CliIO, command: string, opts: { needChangelog?: boolean } = {}): LoadedHistory | number {
  const fail = (message: string) => {
    io.stderr(`converge ${command}: ${message}\n`);
    return EXIT_USAGE;
  };
  let text: string;
  try {
    text = io.readInput(path);
  } catch (err) {
    const why = err instanceof Error && 'code' in err && err.code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
    return fail(`error [read-error] cannot read ${path}: ${why}`);
  }
  const json = parseJson(text);
  if (!json.ok) return fail(`error [invalid-history] ${path} line ${json.issue.line} column ${json.issue.column}: ${json.issue.message}`);
  const checked = checkHistoryExport(json.value);
  if (!checked.ok) return fail(`error [invalid-history] ${checked.culprit}: ${checked.message}`);
  if (opts.needChangelog && checked.issues.length && checked.withChangelog === 0) {
    return fail(`error [invalid-history] ${path}: no issue has changelog.histories; export the issues with expand=changelog`);
  }
  let settings: MappingSettings;
  try {
    settings = readSettings(settingsPath, io);
  } catch (err) {
    if (err instanceof UsageError) return fail(`error [invalid-settings] ${err.message}`);
    throw err;
  }
  return { issues: checked.issues, settings, index: statusCategoryIndex(checked.issues) };
}

/** Per issue (in order), the date it finished: resolved and still in a done status at the end of the export. */
export function finishDates(history: LoadedHistory): Array<string | undefined> {
  return history.issues.map((issue) => {
    const spans = statusTimeline(issue, history.index);
    const last = spans[spans.length - 1];
    return last && last.category === 'done' ? resolvedAt(issue, spans)?.date : undefined;
  });
}

/** Dates every `step` (e.g. '2w', '10d') from the first creation up to the day before the last resolution. */
export function everyDates(history: LoadedHistory, step: string): string[] | string {
  const m = /^(\d+)([dw])$/.exec(step);
  if (!m || Number(m[1]) < 1) return `--every must look like 10d or 2w, not '${step}'`;
  const days = Number(m[1]) * (m[2] === 'w' ? 7 : 1);
  let first = Infinity, last = -Infinity;
  for (const issue of history.issues) {
    const c = parseInstant(issue.fields.created);
    if (c) first = Math.min(first, dayNumber(c.date));
    const r = resolvedAt(issue, statusTimeline(issue, history.index));
    if (r) last = Math.max(last, dayNumber(r.date));
  }
  const out: string[] = [];
  for (let d = first; Number.isFinite(d) && d < last && out.length < MAX_BACKTEST_DATES; d += days) out.push(isoFromDayNumber(d));
  return out;
}

/**
 * The plan at the end of `at` and the date its scope finished (undefined while any of it is open).
 * `finished`: issue key -> finishDates' date, computed once for all the dates replayed.
 */
export function pointAt(history: LoadedHistory, at: string, finished: ReadonlyMap<string, string | undefined>): { point?: BacktestPoint; warnings: string[]; problem?: string } {
  const asOf = issuesAsOf(history.issues, at, history.settings, history.index);
  let actual: string | undefined = '';
  for (const x of asOf) {
    const date = finished.get(x.key);
    if (!date) { actual = undefined; break; }
    if (date > actual!) actual = date;
  }
  const start = isoFromDayNumber(dayNumber(at) + 1);
  try {
    const mapped = planFromJira(asOf, history.settings, { start, name: `as of ${at}` });
    const valid = validatePlan(mapped.plan);
    if (!valid.ok) return { warnings: [], problem: valid.issues.map((i) => `[${i.code}] ${i.message}`).join('; ') };
    const expanded = expandPlan(valid.plan);
    if (!expanded.ok) return { warnings: [], problem: expanded.issues.map((i) => `[${i.code}] ${i.message}`).join('; ') };
    return { point: { at, plan: expanded.plan, ...(actual ? { actual } : {}) }, warnings: mapped.warnings.map((w) => `${at}: ${w.code}: ${w.message}`) };
  } catch (err) {
    if (err instanceof MappingError) return { warnings: [], problem: `[${err.code}] ${err.message}` };
    throw err;
  }
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');

function formatBacktest(r: BacktestResult, warnings: string[]): string {
  const lines = [`Backtest: ${r.rows.length} forecast(s) scored, ${r.skipped.length} skipped; ${r.iterations} iterations each, seed ${r.seed}`, ''];
  if (r.rows.length) {
    lines.push('as of        open  P50 date    P80 date    P95 date    actual      P50 err  P80 hit');
    for (const row of r.rows) {
      lines.push(`${row.at}  ${String(row.openTasks).padStart(4)}  ${row.forecast.finishDate.p50}  ${row.forecast.finishDate.p80}  ${row.forecast.finishDate.p95}  ${row.actual}  ${f1(row.p50Error).padStart(7)}  ${row.hitP80 ? 'yes' : 'no'}`);
    }
    lines.push('');
  }
  if (r.score) {
    const s = r.score;
    lines.push(`P80 hit rate: ${(100 * s.p80HitRate).toFixed(0)}% (a calibrated forecast: 80%)`);
    lines.push(`P50 error (actual - P50, working days): mean ${f1(s.p50Error.mean)}, median ${f1(s.p50Error.median)}, mean absolute ${f1(s.p50Error.meanAbsolute)}`);
    lines.push(`calibration: ${s.calibration.map((c) => `P${Math.round(c.level * 100)} ${(100 * c.observed).toFixed(0)}%`).join(', ')} of actuals at or before`);
    if (s.interval) lines.push(`interval score (${s.interval.lower}-${s.interval.upper}, alpha ${s.interval.alpha}): ${f1(s.interval.mean)} working days (lower is better)`);
  }
  for (const s of r.skipped) lines.push(`skipped ${s.at}: ${s.reason}`);
  // Each date repeats the mapping's warnings; the first few say enough (--json has them all).
  for (const w of warnings.slice(0, 10)) lines.push(`warning: ${w}`);
  if (warnings.length > 10) lines.push(`... and ${warnings.length - 10} more warning(s) (--json lists them)`);
  return `${lines.join('\n')}\n`;
}

export const run: Command = async (args, io) => {
  const parsed = parseCommand(args, io, {
    name: 'backtest', usage: USAGE,
    options: { at: { type: 'string' }, every: { type: 'string' }, iterations: { type: 'string' }, seed: { type: 'string' }, settings: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (m: string) => usageError(io, 'backtest', USAGE, m);
  const iterations = wholeNumber(values.iterations, '--iterations', 2000);
  if (typeof iterations === 'string') return usage(iterations);
  if (values.at !== undefined && values.every !== undefined) return usage('give --at or --every, not both');
  let at: string[] | undefined;
  if (values.at !== undefined) {
    at = values.at.split(',').map((d) => d.trim()).filter(Boolean);
    const bad = at.find((d) => !isIsoDate(d));
    if (bad !== undefined || !at.length) return usage(`--at must be dates YYYY-MM-DD separated by commas, not '${bad ?? values.at}'`);
    if (at.length > MAX_BACKTEST_DATES) return usage(`--at takes at most ${MAX_BACKTEST_DATES} dates`);
  }
  const history = loadHistory(positionals[0], values.settings, io, 'backtest', { needChangelog: true });
  if (typeof history === 'number') return history;
  if (!at) {
    const dates = everyDates(history, values.every ?? '2w');
    if (typeof dates === 'string') return usage(dates);
    at = dates;
  }
  const warnings: string[] = [];
  const points: BacktestPoint[] = [];
  const skipped: BacktestResult['skipped'] = [];
  const done = finishDates(history);
  const finished = new Map(history.issues.map((issue, k) => [issue.key, done[k]] as const));
  for (const d of at) {
    const p = pointAt(history, d, finished);
    warnings.push(...p.warnings);
    if (p.point) points.push(p.point);
    else skipped.push({ at: d, reason: p.problem ?? 'no plan' });
  }
  let result: BacktestResult;
  try {
    result = backtest(points, { iterations, seed: values.seed ?? '1' });
  } catch (err) {
    if (err instanceof HistoryError) {
      io.stderr(`converge backtest: error [${err.code}]${err.culprit ? ` ${err.culprit}` : ''}: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
  result.skipped.push(...skipped);
  result.skipped.sort((x, y) => x.at.localeCompare(y.at));
  if (values.json) io.stdout(`${JSON.stringify({ ...result, warnings }, null, 2)}\n`);
  else io.stdout(formatBacktest(result, warnings));
  return EXIT_OK;
};
