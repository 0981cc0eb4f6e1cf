/**
 * Inputs shared by `converge whatif`, `converge portfolio` and `converge summary` (not a
 * subcommand itself): the scenario file, several plan files merged into a portfolio, and
 * the engine errors these commands report. Each helper returns its value, or the exit
 * status after printing `error [code] ...` on stderr (nothing on stdout), so a command
 * stops at the first bad input with the same message whichever command read it.
 */
import { basename } from 'node:path';
import { parseJson } from '../../engine/parse-plan';
import { mergePortfolio, PortfolioError, type Initiative, type MergedPortfolio } from '../../engine/portfolio';
import { parseScenarios, ScenarioError, type Scenario } from '../../engine/scenarios';
import { EXIT_USAGE, type CliIO } from '../io';
import { loadPlan, printIssues, type IssueLike } from '../load-plan';

/** A scenario error as a printable issue: `error [cycle] task B field scenario x changes[0]: ...`. */
export function scenarioIssue(err: ScenarioError): IssueLike {
  return {
    code: err.code, message: err.message,
    ...(err.task !== undefined ? { task: err.task } : {}),
    field: [err.scenario !== undefined ? `scenario ${err.scenario}` : '', err.op !== undefined ? `changes[${err.op}]` : '', err.pool !== undefined ? `pool ${err.pool}` : ''].filter(Boolean).join(' ') || undefined,
  };
}

/** The scenarios of a file (docs/scenarios.md), or the exit status after printing why not. */
export function readScenarios(io: CliIO, path: string): Scenario[] | number {
  let text: string;
  try {
    text = io.readInput(path);
  } catch (err) {
    printIssues(io, [{ code: 'read-error', field: 'file', message: `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}` }]);
    return EXIT_USAGE;
  }
  const json = parseJson(text);
  if (!json.ok) { printIssues(io, [json.issue]); return EXIT_USAGE; }
  try {
    return parseScenarios(json.value);
  } catch (err) {
    if (err instanceof ScenarioError) { printIssues(io, [scenarioIssue(err)]); return EXIT_USAGE; }
    throw err;
  }
}

/** An initiative's key: its plan file's name without the directory and .json. */
export const keyOf = (path: string) => basename(path).replace(/\.json$/i, '');

export interface PortfolioFiles {
  /** --priority: initiative keys, highest first; the others follow in the order given. */
  priority?: string;
  prefixIds?: boolean;
  jira?: boolean;
}

/** Several plan files merged under shared pools (engine mergePortfolio), or the exit status after printing why not. */
export function loadPortfolio(io: CliIO, paths: string[], opts: PortfolioFiles): MergedPortfolio | number {
  const keys = paths.map(keyOf);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  const order = opts.priority ? opts.priority.split(',').map((k) => k.trim()).filter(Boolean) : keys;
  const unknown = order.find((k) => !keys.includes(k));
  if (dup !== undefined) {
    printIssues(io, [{ code: 'duplicate-initiative', field: 'PLAN', message: `two plan files have the key '${dup}'` }]);
    return EXIT_USAGE;
  }
  if (unknown !== undefined) {
    printIssues(io, [{ code: 'unknown-initiative', field: '--priority', message: `--priority names ${unknown}, which is none of ${keys.join(', ')}` }]);
    return EXIT_USAGE;
  }
  const initiatives: Initiative[] = [];
  for (const [k, path] of paths.entries()) {
    const loaded = loadPlan(path, io, { jira: opts.jira });
    if (!loaded.ok) {
      printIssues(io, loaded.issues.map((i) => ({ ...i, message: `${keys[k]}: ${i.message}` })));
      return EXIT_USAGE;
    }
    const rank = order.indexOf(keys[k]);
    initiatives.push({ key: keys[k], ...(loaded.plan.name ? { name: loaded.plan.name } : {}), plan: loaded.plan, priority: rank < 0 ? order.length + k : rank });
  }
  try {
    return mergePortfolio(initiatives, { prefixIds: opts.prefixIds });
  } catch (err) {
    if (err instanceof PortfolioError) return printEngineError(io, 'portfolio', err);
    throw err;
  }
}

/**
 * Prints an engine error these commands expect (a bad scenario, a portfolio that cannot be
 * merged, a plan no schedule can fit) and returns the usage exit status; rethrows anything else.
 */
export function printEngineError(io: CliIO, command: string, err: unknown): number {
  if (err instanceof ScenarioError) { printIssues(io, [scenarioIssue(err)]); return EXIT_USAGE; }
  if (err instanceof PortfolioError) {
    printIssues(io, [{ code: err.code, message: err.message + (err.code === 'duplicate-task' ? ' (use --prefix-ids)' : ''), ...(err.task ? { task: err.task } : {}), ...(err.pool ? { field: `pool ${err.pool}` } : {}) }]);
    return EXIT_USAGE;
  }
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  if (code === 'unschedulable') { io.stderr(`converge ${command}: [${code}] ${(err as Error).message}\n`); return EXIT_USAGE; }
  throw err;
}
