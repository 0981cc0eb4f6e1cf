/**
 * `converge calibrate HISTORY.json [--settings FILE] [--min-samples N] [--runs FILE] [--plan PLAN.json [--out FILE]] [--json]`
 *
 * The calibration table from an exported Jira history (issues with changelog.histories):
 * per team and issue type, the ratio of working days in progress to the estimate at the
 * start of the work (src/jira/work-history.ts, src/engine/history/calibration.ts). With
 * `--runs FILE` (an MLflow or W&B runs export, CSV or JSON), also a lognormal fit of the
 * finished runs' durations (src/engine/history/fit-lognormal.ts), as a plan estimate in
 * days of wall-clock time (runs go on through nights and weekends: hours / 24).
 * With `--plan`, what the calibration changes in that plan (applyCalibration: per task, from
 * -> to estimate, ratio and group; open training tasks with an assumed estimate take the run
 * fit), and with `--out FILE` the calibrated plan written atomically (temp file + rename).
 * Malformed input: the culprit on stderr, exit 2, nothing on stdout and no file written.
 */
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { applyCalibration, fitCalibration, withTrainingFit, type CalibrationChange, type CalibrationGroup, type CalibrationModel } from '../../engine/history/calibration';
import type { Estimate, Plan } from '../../engine/plan';
import { parseJson } from '../../engine/parse-plan';
import { loadPlan, printIssues } from '../load-plan';
import type { CliIO } from '../io';
import { parseExperimentRuns, type ParsedRuns } from '../../engine/history/experiment-runs';
import { fitLognormal, type LognormalFit } from '../../engine/history/fit-lognormal';
import { HistoryError } from '../../engine/history/history-error';
import { completedWorkFromIssues } from '../../jira/work-history';
import { parseCommand, usageError, wholeNumber } from '../command-args';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Command } from '../io';
import { loadHistory } from './backtest';

const USAGE = `usage: converge calibrate HISTORY.json [--settings FILE] [--min-samples N] [--runs FILE] [--plan PLAN.json [--out FILE]] [--json]
  HISTORY.json      exported Jira issues with changelog.histories (an array, or a search response {"issues": [...]})
  --settings FILE   mapping settings (JSON: estimate fields such as storyPoints or team, calendar...)
  --min-samples N   items a team / issue type needs before it gets its own ratio (default 5)
  --runs FILE       an MLflow (UI CSV, search_runs CSV or JSON) or Weights & Biases (runs CSV) export: fit training durations
  --plan PLAN.json  show what the calibration changes in this plan (docs/plan-format.md)
  --out FILE        with --plan: write the calibrated plan to FILE
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

const fmtEstimate = (e: Estimate) => `${f2(e.optimistic)}/${f2(e.mostLikely)}/${f2(e.pessimistic)} ${e.distribution}`;

/** The per-task lines of what a calibration changed in a plan. */
export function formatChanges(changes: readonly CalibrationChange[]): string {
  if (!changes.length) return 'Calibration changes no estimate in this plan.\n';
  const lines = [`Calibrated estimates (${changes.length} task(s); optimistic/most likely/pessimistic in working days):`];
  const w = Math.max(4, ...changes.map((c) => c.id.length));
  for (const c of changes) lines.push(`  ${c.id.padEnd(w)}  ${fmtEstimate(c.from)} -> ${fmtEstimate(c.to)}  x${f2(c.ratio)}  (${c.group})`);
  return `${lines.join('\n')}\n`;
}

/** The model (with the training fit when runs were given) built from the CLI inputs. */
export interface LoadedCalibration {
  model: CalibrationModel;
  count: number;
  warnings: string[];
  work: ReturnType<typeof completedWorkFromIssues>['work'];
  runs?: { parsed: ParsedRuns; fit: LognormalFit };
}

/** The training fit in plan units: runs go on through nights and weekends, so days = hours / 24. */
function trainingEstimateDays(fit: LognormalFit): Estimate {
  return { ...fit.estimate, optimistic: fit.p5 / 24, mostLikely: fit.p50 / 24, pessimistic: fit.p95 / 24 };
}

/**
 * Reads HISTORY (and the runs export) and fits the calibration; on bad input prints the culprit
 * (`converge COMMAND: error [code] ...`) and returns the exit status. Shared with `forecast --calibrate`.
 */
export function loadCalibration(io: CliIO, command: string, historyPath: string, opts: { settings?: string; runs?: string; minSamples?: number }): LoadedCalibration | number {
  const history = loadHistory(historyPath, opts.settings, io, command, { needChangelog: true });
  if (typeof history === 'number') return history;
  try {
    const done = completedWorkFromIssues(history.issues, { settings: history.settings, calendar: history.settings.calendar });
    let model = fitCalibration(done.work, { minSamples: opts.minSamples ?? 5 });
    let runs: LoadedCalibration['runs'];
    if (opts.runs !== undefined) {
      let text: string;
      try {
        text = io.readInput(opts.runs);
      } catch (err) {
        io.stderr(`converge ${command}: error [read-error] cannot read ${opts.runs}: ${err instanceof Error ? err.message : String(err)}\n`);
        return EXIT_USAGE;
      }
      const p = parseRunsText(text);
      runs = { parsed: p, fit: fitLognormal(p.runs.map((r) => r.hours)) };
      model = withTrainingFit(model, trainingEstimateDays(runs.fit), runs.fit.samples);
    }
    return { model, count: done.work.length, warnings: done.warnings, work: done.work, ...(runs ? { runs } : {}) };
  } catch (err) {
    if (err instanceof HistoryError) {
      const where = err.line !== undefined ? ` ${opts.runs} line ${err.line} column ${err.column}` : err.culprit ? ` ${err.culprit}` : '';
      io.stderr(`converge ${command}: error [${err.code}]${where}: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

/**
 * parseExperimentRuns, with a JSON syntax error placed at its line and column (the engine
 * reports only the parser's message; parse-plan.ts's parseJson finds the place).
 */
export function parseRunsText(text: string): ParsedRuns {
  try {
    return parseExperimentRuns(text);
  } catch (err) {
    if (err instanceof HistoryError && err.code === 'invalid-runs' && err.line === undefined) {
      const json = parseJson(text.replace(/^\uFEFF/, ''));
      if (!json.ok && json.issue.line !== undefined) {
        throw new HistoryError('invalid-runs', json.issue.message, `line ${json.issue.line}`, json.issue.line, json.issue.column ?? 1);
      }
    }
    throw err;
  }
}

/**
 * applyCalibration, with tasks labelled `training` (and no kind) treated as training runs:
 * the engine matches kind 'training' only; the output keeps each task's own kind.
 */
export function calibratePlan(plan: Plan, model: CalibrationModel): { plan: Plan; changes: CalibrationChange[] } {
  const relabelled = new Set<string>();
  const view: Plan = {
    ...plan,
    tasks: plan.tasks.map((t) => {
      if (t.kind === undefined && t.labels?.some((l) => l.toLowerCase() === 'training')) {
        relabelled.add(t.id);
        return { ...t, kind: 'training' };
      }
      return t;
    }),
  };
  const applied = applyCalibration(view, model);
  if (!relabelled.size) return applied;
  const tasks = applied.plan.tasks.map((t) => {
    if (!relabelled.has(t.id)) return t;
    const { kind: _kind, ...rest } = t;
    return rest;
  });
  return { plan: { ...applied.plan, tasks }, changes: applied.changes };
}

/** Writes `text` to `path` through a temp file in the same directory and a rename: all or nothing. */
export function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing was written, or it is already gone.
    }
    throw err;
  }
}

export const run: Command = async (args, io) => {
  const parsed = parseCommand(args, io, {
    name: 'calibrate', usage: USAGE,
    options: {
      settings: { type: 'string' }, 'min-samples': { type: 'string' }, runs: { type: 'string' }, json: { type: 'boolean' },
      plan: { type: 'string' }, out: { type: 'string' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const minSamples = wholeNumber(values['min-samples'], '--min-samples', 5);
  if (typeof minSamples === 'string') return usageError(io, 'calibrate', USAGE, minSamples);
  if (values.out !== undefined && values.plan === undefined) return usageError(io, 'calibrate', USAGE, '--out needs --plan');
  const loaded = loadCalibration(io, 'calibrate', positionals[0], { settings: values.settings, runs: values.runs, minSamples });
  if (typeof loaded === 'number') return loaded;
  let calibrated: { plan: Plan; changes: CalibrationChange[]; warnings: string[] } | undefined;
  if (values.plan !== undefined) {
    const plan = loadPlan(values.plan, io);
    if (!plan.ok) {
      printIssues(io, plan.issues);
      return EXIT_USAGE;
    }
    calibrated = { ...calibratePlan(plan.plan, loaded.model), warnings: plan.warnings };
  }
  const { model, runs } = loaded;
  if (calibrated && values.out !== undefined) {
    try {
      writeAtomically(values.out, `${JSON.stringify(calibrated.plan, null, 2)}\n`);
    } catch (err) {
      io.stderr(`converge calibrate: error [write-error] cannot write ${values.out}: ${err instanceof Error ? err.message : String(err)}\n`);
      return EXIT_FAILURE;
    }
  }
  if (values.json) {
    // With runs, the model carries the training fit in days, ready for applyCalibration.
    const json = {
      model, work: loaded.work, warnings: loaded.warnings,
      ...(runs ? { runs: { format: runs.parsed.format, finished: runs.parsed.runs.length, skipped: runs.parsed.skipped, fitHours: runs.fit, estimateDays: trainingEstimateDays(runs.fit) } } : {}),
      ...(calibrated ? { changes: calibrated.changes } : {}),
    };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    // The table shows the history's own ratios; the training fit is listed with the runs.
    const { training: _training, ...table } = model;
    let text = formatCalibration(table, loaded.count, loaded.warnings, runs);
    if (calibrated) {
      text += `\n${formatChanges(calibrated.changes)}`;
      for (const w of calibrated.warnings) text += `warning: ${w}\n`;
      if (values.out !== undefined) text += `Calibrated plan written to ${values.out}\n`;
    }
    io.stdout(text);
  }
  return EXIT_OK;
};
