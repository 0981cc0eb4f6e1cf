/**
 * `converge calibrate HISTORY.json [--settings FILE] [--min-samples N] [--runs FILE] [--json]`
 *
 * The calibration table from an exported Jira history (issues with changelog.histories):
 * per team and issue type, the ratio of working days in progress to the estimate at the
 * start of the work (src/jira/work-history.ts, src/engine/history/calibration.ts). With
 * `--runs FILE` (an MLflow or W&B runs export, CSV or JSON), also a lognormal fit of the
 * finished runs' durations (src/engine/history/fit-lognormal.ts), as a plan estimate in
 * days of wall-clock time (runs go on through nights and weekends: hours / 24).
 * Malformed input: the culprit on stderr, exit 2, nothing on stdout.
 */
import { fitCalibration, withTrainingFit, type CalibrationGroup, type CalibrationModel } from '../../engine/history/calibration';
import { parseExperimentRuns, type ParsedRuns } from '../../engine/history/experiment-runs';
import { fitLognormal, type LognormalFit } from '../../engine/history/fit-lognormal';
import { HistoryError } from '../../engine/history/history-error';
import { completedWorkFromIssues } from '../../jira/work-history';
import { parseCommand, usageError, wholeNumber } from '../command-args';
import { EXIT_OK, EXIT_USAGE, type Command } from '../io';
import { loadHistory } from './backtest';

const USAGE = `usage: converge calibrate HISTORY.json [--settings FILE] [--min-samples N] [--runs FILE] [--json]
  HISTORY.json      exported Jira issues with changelog.histories (an array, or a search response {"issues": [...]})
  --settings FILE   mapping settings (JSON: estimate fields such as storyPoints or team, calendar...)
  --min-samples N   items a team / issue type needs before it gets its own ratio (default 5)
  --runs FILE       an MLflow (UI CSV, search_runs CSV or JSON) or Weights & Biases (runs CSV) export: fit training durations
  --json            print the result as JSON
`;

const f2 = (x: number) => x.toFixed(2);

function groupLine(g: CalibrationGroup, label: string): string {
  return `${label.padEnd(32)} ${String(g.samples).padStart(7)}  ${f2(g.ratio).padStart(6)}  ${f2(g.p10).padStart(6)}  ${f2(g.p50).padStart(6)}  ${f2(g.p90).padStart(6)}`;
}

function formatCalibration(model: CalibrationModel, count: number, warnings: string[], runs?: { parsed: ParsedRuns; fit: LognormalFit }): string {
  const lines = [`Calibration from ${count} completed issue(s) (${model.skipped ?? 0} without an estimate); groups need ${model.minSamples} items`, ''];
  lines.push(`${'group'.padEnd(32)} ${'samples'.padStart(7)}  ${'ratio'.padStart(6)}  ${'p10'.padStart(6)}  ${'p50'.padStart(6)}  ${'p90'.padStart(6)}`);
  lines.push(groupLine(model.overall, 'overall'));
  for (const g of model.groups) lines.push(groupLine(g, [g.team !== undefined ? `team ${g.team}` : '', g.kind !== undefined ? `${g.kind}` : ''].filter(Boolean).join(', ')));
  lines.push('', 'ratio = geometric mean of actual / estimate (working days in progress / estimate at start); groups shrunk toward their team / overall.');
  if (model.overall.samples < model.minSamples) lines.push(`Too little history (${model.overall.samples} < ${model.minSamples}): nothing would be calibrated.`);
  if (runs) {
    const { fit, parsed } = runs;
    const skipped = Object.entries(parsed.skipped).map(([k, v]) => `${v} ${k}`).join(', ');
    lines.push('', `Training runs (${parsed.format}): ${fit.samples} finished${skipped ? `; left out: ${skipped}` : ''}`);
    lines.push(`  lognormal fit: P5 ${f2(fit.p5)} h, P50 ${f2(fit.p50)} h, P95 ${f2(fit.p95)} h (mu ${f2(fit.mu)}, sigma ${f2(fit.sigma)} in ln hours)`);
    lines.push(`  ${(100 * fit.belowP5).toFixed(0)}% of runs below the fitted P5, ${(100 * fit.aboveP95).toFixed(0)}% above the P95 (5% each if the fit is good)`);
    lines.push(`  as an estimate (days): {"optimistic": ${f2(fit.p5 / 24)}, "mostLikely": ${f2(fit.p50 / 24)}, "pessimistic": ${f2(fit.p95 / 24)}, "distribution": "lognormal"}`);
  }
  for (const w of warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

export const run: Command = async (args, io) => {
  const parsed = parseCommand(args, io, {
    name: 'calibrate', usage: USAGE,
    options: { settings: { type: 'string' }, 'min-samples': { type: 'string' }, runs: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const minSamples = wholeNumber(values['min-samples'], '--min-samples', 5);
  if (typeof minSamples === 'string') return usageError(io, 'calibrate', USAGE, minSamples);
  const history = loadHistory(positionals[0], values.settings, io, 'calibrate', { needChangelog: true });
  if (typeof history === 'number') return history;
  try {
    const done = completedWorkFromIssues(history.issues, { settings: history.settings, calendar: history.settings.calendar });
    const model = fitCalibration(done.work, { minSamples });
    let runs: { parsed: ParsedRuns; fit: LognormalFit } | undefined;
    if (values.runs !== undefined) {
      let text: string;
      try {
        text = io.readInput(values.runs);
      } catch (err) {
        io.stderr(`converge calibrate: error [read-error] cannot read ${values.runs}: ${err instanceof Error ? err.message : String(err)}\n`);
        return EXIT_USAGE;
      }
      const p = parseExperimentRuns(text);
      runs = { parsed: p, fit: fitLognormal(p.runs.map((r) => r.hours)) };
    }
    if (values.json) {
      // With runs, the model carries the training fit in days, ready for applyCalibration.
      const full = runs ? withTrainingFit(model, { ...runs.fit.estimate, optimistic: runs.fit.p5 / 24, mostLikely: runs.fit.p50 / 24, pessimistic: runs.fit.p95 / 24 }, runs.fit.samples) : model;
      const json = {
        model: full, work: done.work, warnings: done.warnings,
        ...(runs ? { runs: { format: runs.parsed.format, finished: runs.parsed.runs.length, skipped: runs.parsed.skipped, fitHours: runs.fit, estimateDays: { ...runs.fit.estimate, optimistic: runs.fit.p5 / 24, mostLikely: runs.fit.p50 / 24, pessimistic: runs.fit.p95 / 24 } } } : {}),
      };
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      io.stdout(formatCalibration(model, done.work.length, done.warnings, runs));
    }
    return EXIT_OK;
  } catch (err) {
    if (err instanceof HistoryError) {
      const where = err.line !== undefined ? ` ${values.runs} line ${err.line} column ${err.column}` : err.culprit ? ` ${err.culprit}` : '';
      io.stderr(`converge calibrate: error [${err.code}]${where}: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
};
