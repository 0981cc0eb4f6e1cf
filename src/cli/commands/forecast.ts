/**
 * `converge forecast FILE|- [--iterations N] [--seed S] [--due YYYY-MM-DD] [--workers N] [--json] [--jira]`
 *
 * Monte Carlo forecast of a plan: finish-date percentiles, the chance of meeting
 * the due date (plan.due or --due), criticality, sensitivity and risk drivers.
 * With resources, iterations follow the resource-aware forward pass built from
 * the deterministic schedule. `--workers N` spreads the batches over N worker
 * threads; the result is byte-identical for any N. Invalid input: every problem
 * on stderr (`error [code] task X field F: message`), exit 2, nothing on stdout.
 * `--calibrate HISTORY.json [--runs FILE]` forecasts the plan with its estimates calibrated by
 * the team's completed work (and training runs), as `converge calibrate --plan` shows; the
 * header says so and --json carries the changes in `calibration`.
 */
import { availableParallelism } from 'node:os';
import { compilePlan, CycleError } from '../../engine/compile-plan';
import { DEFAULT_BATCH_SIZE } from '../../engine/monte-carlo';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIO, type Command } from '../io';
import { dateFlag, parseCommand, usageError, wholeNumber } from '../command-args';
import { loadPlan, printIssues } from '../load-plan';
import { formatForecast } from '../format-forecast';
import { runForecast, startForecastWorkers, type ForecastWorkerPool } from '../forecast-workers';
import { calibratePlan, loadCalibration } from './calibrate';
import { writeJson } from '../write-json';

const USAGE = `usage: converge forecast FILE|- [--iterations N] [--seed S] [--due YYYY-MM-DD] [--workers N] [--json] [--jira]
  FILE              a plan file (docs/plan-format.md) or '-' for standard input
  --iterations N    Monte Carlo iterations (default 10000)
  --seed S          seed of the random streams (default '1'); same seed, same output
  --due DATE        due date of the whole plan (default: the plan's "due")
  --workers N       worker threads (default 1; 'auto' = available cores); does not change the result
  --batch-size N    iterations per batch (default ${DEFAULT_BATCH_SIZE}; part of the seed's identity)
  --json            print the forecast report as JSON
  --jira            FILE is a Jira issue-search export, not a plan file
  --calibrate HISTORY.json  calibrate the estimates by a Jira history export first (see converge calibrate)
  --runs FILE       with --calibrate: an MLflow / W&B runs export fitting the training tasks
  --settings FILE   with --calibrate: mapping settings of the history export
`;

function usage(io: CliIO, message: string): number {
  return usageError(io, 'forecast', USAGE, message);
}

export const run: Command = async (args, io) => {
  const parsed = parseCommand(args, io, {
    name: 'forecast', usage: USAGE,
    options: {
      iterations: { type: 'string' }, seed: { type: 'string' }, due: { type: 'string' }, workers: { type: 'string' },
      'batch-size': { type: 'string' }, json: { type: 'boolean' }, jira: { type: 'boolean' },
      calibrate: { type: 'string' }, runs: { type: 'string' }, settings: { type: 'string' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const iterations = wholeNumber(values.iterations, '--iterations', 10_000);
  if (typeof iterations === 'string') return usage(io, iterations);
  const batchSize = wholeNumber(values['batch-size'], '--batch-size', DEFAULT_BATCH_SIZE);
  if (typeof batchSize === 'string') return usage(io, batchSize);
  const workers = values.workers === 'auto' ? availableParallelism() : wholeNumber(values.workers, '--workers', 1);
  if (typeof workers === 'string') return usage(io, workers);
  const due = dateFlag(values.due, '--due');
  if (typeof due === 'string') return usage(io, due);
  const seed = values.seed ?? '1';
  if ((values.runs !== undefined || values.settings !== undefined) && values.calibrate === undefined) return usage(io, '--runs and --settings need --calibrate');

  // The worker threads start now: their start overlaps reading and compiling the plan.
  let pool: ForecastWorkerPool | undefined;
  try {
    pool = startForecastWorkers(workers);
  } catch (err) {
    io.stderr(`converge forecast: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_FAILURE;
  }
  try {
    return await forecastFile(io, { file: positionals[0], values, iterations, batchSize, workers, due: due.date, seed }, pool);
  } finally {
    await pool?.close();
  }
};

interface ForecastRequest {
  file: string;
  values: { jira?: boolean; json?: boolean; calibrate?: string; runs?: string; settings?: string };
  iterations: number;
  batchSize: number;
  workers: number;
  due: string | undefined;
  seed: string;
}

async function forecastFile(io: CliIO, req: ForecastRequest, pool: ForecastWorkerPool | undefined): Promise<number> {
  const { values, iterations, batchSize, workers, seed } = req;
  const loaded = loadPlan(req.file, io, { jira: values.jira, onText: pool && !values.jira ? pool.planText : undefined });
  if (!loaded.ok) {
    printIssues(io, loaded.issues);
    return EXIT_USAGE;
  }
  let plan = loaded.plan;
  let calibration: { history: string; runs?: string; changes: ReturnType<typeof calibratePlan>['changes'] } | undefined;
  if (values.calibrate !== undefined) {
    const model = loadCalibration(io, 'forecast', values.calibrate, { runs: values.runs, settings: values.settings });
    if (typeof model === 'number') return model;
    const applied = calibratePlan(plan, model.model);
    plan = applied.plan;
    calibration = { history: values.calibrate, ...(values.runs !== undefined ? { runs: values.runs } : {}), changes: applied.changes };
  }
  let cp;
  try {
    cp = compilePlan(plan);
  } catch (err) {
    if (err instanceof CycleError) {
      printIssues(io, [{ code: 'cycle', task: err.cycle[0], message: err.message }]);
      return EXIT_USAGE;
    }
    throw err;
  }
  let report;
  try {
    report = await runForecast(cp, { iterations, seed, due: req.due, batchSize, workers }, pool);
  } catch (err) {
    const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
    io.stderr(`converge forecast: ${code ? `[${code}] ` : ''}${err instanceof Error ? err.message : String(err)}\n`);
    return code === 'unschedulable' ? EXIT_USAGE : EXIT_FAILURE;
  }
  if (values.json) {
    // How many threads ran is left out, so the output is the same bytes for any --workers.
    const { workers: _workers, ...batches } = report.batches;
    const json = { ...report, warnings: [...loaded.warnings, ...report.warnings], batches, ...(calibration ? { calibration } : {}) };
    writeJson(json, io.stdout);
  } else {
    const header = calibration
      ? `Calibrated by ${calibration.history}${calibration.runs ? ` and ${calibration.runs}` : ''}: ${calibration.changes.length} task estimate(s) changed (converge calibrate --plan lists them)\n`
      : '';
    io.stdout(header + formatForecast(report, { name: loaded.plan.name, start: loaded.plan.start, parseWarnings: loaded.warnings }));
  }
  return EXIT_OK;
}
