/**
 * `converge whatif PLAN [SCENARIOS.json] [--iterations N] [--seed S] [--due DATE]
 *   [--date DATE,...] [--capacity POOL=C1,C2,...] [--scope S1,S2,...] [--replan] [--json] [--jira]`
 *
 * What-if scenarios side by side with the plan as is (docs/scenarios.md): P50/P80
 * and their change in working days, P(due) and P(finish by each date), from common
 * random numbers; optionally trade-off curves of P80 against a pool's capacity and
 * against cut scope. Never writes anything back. Invalid input (plan, scenario file,
 * a change naming an unknown task or closing a cycle): `error [code] ...` on stderr,
 * exit 2, nothing on stdout.
 */
import { compareScenarios, capacityCurve, DEFAULT_WHATIF_ITERATIONS, scopeCurve, type ScenarioComparison, type TradeoffCurve } from '../../engine/scenarios';
import { EXIT_OK, EXIT_USAGE, type Command } from '../io';
import { parseCommand, usageError, wholeNumber, dateFlag } from '../command-args';
import { loadPlan, printIssues } from '../load-plan';
import { printEngineError, readScenarios } from './scenario-input';

const USAGE = `usage: converge whatif PLAN [SCENARIOS.json] [--iterations N] [--seed S] [--due DATE] [--date D1,D2] [--capacity POOL=C1,C2,...] [--scope S1,S2,...] [--replan] [--json] [--jira]
  PLAN              a plan file (docs/plan-format.md) or '-' for standard input
  SCENARIOS.json    a list of scenarios {id, name?, changes: [...]} (docs/scenarios.md)
  --iterations N    iterations per scenario (default ${DEFAULT_WHATIF_ITERATIONS}; differences are paired, so few suffice)
  --replan          with pools, search a new schedule order per scenario (default: the plan's order for all)
  --seed S          seed of the common random numbers (default '1')
  --due DATE        committed date of the whole plan (default: the plan's "due")
  --date D1,D2      more dates to give P(finish by date) for
  --capacity P=C,.. trade-off curve: P80 against pool P's capacity C
  --scope S,..      trade-off curve: P80 against cutting a share S (0..1) of open scope
  --json            print the comparison (and curves) as JSON
  --jira            PLAN is a Jira issue-search export
`;

export const run: Command = async (args, io) => {
  const parsed = parseCommand(args, io, {
    name: 'whatif', usage: USAGE,
    options: {
      iterations: { type: 'string' }, seed: { type: 'string' }, due: { type: 'string' }, date: { type: 'string' },
      capacity: { type: 'string' }, scope: { type: 'string' }, json: { type: 'boolean' }, jira: { type: 'boolean' }, replan: { type: 'boolean' },
    },
    positionals: { min: 1, max: 2, what: 'PLAN [SCENARIOS.json]' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (message: string) => usageError(io, 'whatif', USAGE, message);
  const iterations = wholeNumber(values.iterations, '--iterations', DEFAULT_WHATIF_ITERATIONS);
  if (typeof iterations === 'string') return usage(iterations);
  const due = dateFlag(values.due, '--due');
  if (typeof due === 'string') return usage(due);
  const dates = values.date ? values.date.split(',').map((d) => d.trim()) : [];
  for (const d of dates) { const ok = dateFlag(d, '--date'); if (typeof ok === 'string') return usage(ok); }
  let capacity: { pool: string; values: number[] } | undefined;
  if (values.capacity !== undefined) {
    const m = /^([^=]+)=(.+)$/.exec(values.capacity);
    const nums = m ? m[2].split(',').map(Number) : [];
    if (!m || nums.some((x) => !Number.isFinite(x) || x < 0)) return usage(`--capacity must be POOL=C1,C2,... with capacities >= 0, not '${values.capacity}'`);
    capacity = { pool: m[1], values: nums };
  }
  let scope: number[] | undefined;
  if (values.scope !== undefined) {
    scope = values.scope.split(',').map(Number);
    if (scope.some((x) => !(x >= 0 && x <= 1))) return usage(`--scope must be shares between 0 and 1, not '${values.scope}'`);
  }
  const seed = values.seed ?? '1';

  const loaded = loadPlan(positionals[0], io, { jira: values.jira });
  if (!loaded.ok) {
    printIssues(io, loaded.issues);
    return EXIT_USAGE;
  }
  const scenarios = positionals[1] !== undefined ? readScenarios(io, positionals[1]) : [];
  if (typeof scenarios === 'number') return scenarios;

  let comparison: ScenarioComparison;
  const curves: TradeoffCurve[] = [];
  try {
    const opts = { iterations, seed, ...(due.date ? { due: due.date } : {}) };
    comparison = compareScenarios(loaded.plan, scenarios, { ...opts, dates, replan: values.replan });
    if (capacity) curves.push(capacityCurve(loaded.plan, capacity.pool, capacity.values, opts));
    if (scope) curves.push(scopeCurve(loaded.plan, scope, opts));
  } catch (err) {
    return printEngineError(io, 'whatif', err);
  }
  comparison.warnings.unshift(...loaded.warnings);
  if (values.json) io.stdout(`${JSON.stringify({ ...comparison, ...(curves.length ? { curves } : {}) }, null, 2)}\n`);
  else io.stdout(formatWhatIf(comparison, curves, loaded.plan.name));
  return EXIT_OK;
};

const d1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1);
const signed = (x: number) => (Math.abs(x) < 0.05 ? '0.0' : `${x > 0 ? '+' : ''}${d1(x)}`);
const pct = (p: number) => `${Math.round(p * 100)}%`;

export function formatWhatIf(c: ScenarioComparison, curves: TradeoffCurve[], name?: string): string {
  const lines: string[] = [];
  lines.push(`What-if${name ? `: ${name}` : ''} (${c.iterations} iterations, seed ${c.seed}; common random numbers)`);
  const dates = c.results[0].byDate.map((d) => d.date);
  const header = ['scenario'.padEnd(22), 'P50'.padStart(7), 'ΔP50'.padStart(7), 'P80'.padStart(7), 'ΔP80'.padStart(7), '  P80 date  ', ...dates.map((d) => `≤${d}`.padStart(12))];
  lines.push(header.join(' '));
  for (const r of c.results) {
    lines.push([
      r.id.padEnd(22), d1(r.finishDays.p50).padStart(7), (r.id === 'baseline' ? '' : signed(r.delta.p50)).padStart(7),
      d1(r.finishDays.p80).padStart(7), (r.id === 'baseline' ? '' : signed(r.delta.p80)).padStart(7), `  ${r.finishDate.p80}`,
      ...r.byDate.map((d) => pct(d.probability).padStart(12)),
    ].join(' '));
  }
  lines.push('(working days after the plan start; Δ = scenario minus the plan as is)');
  const noted = c.results.filter((r) => r.notes.length);
  if (noted.length) {
    lines.push('', 'changes:');
    for (const r of noted) for (const n of r.notes) lines.push(`  ${r.id}: ${n.message}`);
  }
  for (const cv of curves) {
    lines.push('', cv.kind === 'capacity' ? `P80 against ${cv.pool} capacity:` : 'P80 against cut scope:');
    for (const p of cv.points) lines.push(`  ${p.label.padEnd(52)} P80 ${d1(p.p80).padStart(7)} (${p.p80Date}) ${p.current ? ' (now)' : signed(p.deltaP80).padStart(7)}${p.dueProbability !== undefined ? `  P(due) ${pct(p.dueProbability)}` : ''}`);
  }
  for (const w of c.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

