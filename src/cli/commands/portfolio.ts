/**
 * `converge portfolio PLAN... [--priority A,B,...] [--iterations N] [--seed S]
 *   [--prefix-ids] [--no-attribution] [--json]`
 *
 * Several initiatives (one plan file each; the key is the file name without its
 * directory and .json) merged under shared pools (same pool id = same pool) and
 * forecast together with a priority order (--priority: keys, highest first; default
 * the order given): per initiative the finish alone and in the portfolio, the slip,
 * and the pool that causes it. Method: docs/scenarios.md. Invalid input: `error
 * [code] ...` on stderr, exit 2.
 */
import { forecastPortfolio, DEFAULT_PORTFOLIO_ITERATIONS, type PortfolioForecast } from '../../engine/portfolio';
import { EXIT_OK, type Command } from '../io';
import { parseCommand, usageError, wholeNumber } from '../command-args';
import { loadPortfolio, printEngineError } from './scenario-input';

const USAGE = `usage: converge portfolio PLAN... [--priority A,B,...] [--iterations N] [--seed S] [--prefix-ids] [--no-attribution] [--json]
  PLAN...           two or more plan files; each file name (without .json) is the initiative's key
  --priority A,B    initiative keys, highest priority first (default: the order given)
  --iterations N    iterations (default ${DEFAULT_PORTFOLIO_ITERATIONS})
  --seed S          seed of the common random numbers (default '1')
  --prefix-ids      prefix task ids with KEY/ (when plans reuse ids)
  --no-attribution  skip the per-pool slip attribution (one run less per shared pool)
  --json            print the portfolio forecast as JSON
`;

export const run: Command = async (args, io) => {
  const parsed = parseCommand(args, io, {
    name: 'portfolio', usage: USAGE,
    options: {
      priority: { type: 'string' }, iterations: { type: 'string' }, seed: { type: 'string' },
      'prefix-ids': { type: 'boolean' }, 'no-attribution': { type: 'boolean' }, json: { type: 'boolean' },
    },
    positionals: { min: 1, what: 'PLAN...' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (message: string) => usageError(io, 'portfolio', USAGE, message);
  const iterations = wholeNumber(values.iterations, '--iterations', DEFAULT_PORTFOLIO_ITERATIONS);
  if (typeof iterations === 'string') return usage(iterations);
  const merged = loadPortfolio(io, positionals, { priority: values.priority, prefixIds: values['prefix-ids'] });
  if (typeof merged === 'number') return merged;
  let report: PortfolioForecast;
  try {
    report = forecastPortfolio(merged, { iterations, seed: values.seed ?? '1', attribute: !values['no-attribution'] });
  } catch (err) {
    return printEngineError(io, 'portfolio', err);
  }
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatPortfolio(report));
  return EXIT_OK;
};

const d1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

export function formatPortfolio(r: PortfolioForecast): string {
  const lines = [
    `Portfolio of ${r.initiatives.length} initiatives (${r.iterations} iterations, seed ${r.seed}); shared pools: ${r.sharedPools.join(', ') || 'none'}`,
    `Whole portfolio: P50 ${r.portfolio.p50Date}, P80 ${r.portfolio.p80Date}, P95 ${r.portfolio.p95Date}`,
    '',
    ['#'.padEnd(3), 'initiative'.padEnd(24), 'alone P80'.padStart(12), 'shared P80'.padStart(12), 'slip P80'.padStart(9), '  main pool'].join(' '),
  ];
  for (const x of r.initiatives) {
    const top = x.byPool[0] && x.byPool[0].p80Days >= 0.5 ? `${x.byPool[0].name ?? x.byPool[0].pool} (${d1(x.byPool[0].p80Days)} d)` : '-';
    lines.push([String(x.rank + 1).padEnd(3), (x.name ?? x.key).padEnd(24), x.alone.p80Date.padStart(12), x.shared.p80Date.padStart(12), d1(x.slip.p80).padStart(9), `  ${top}`].join(' '));
  }
  lines.push('');
  for (const x of r.initiatives) lines.push(x.explanation);
  for (const x of r.initiatives) if (x.due) lines.push(`${x.name ?? x.key}: P(by ${x.due.date}) ${Math.round(x.due.alone * 100)}% alone, ${Math.round(x.due.shared * 100)}% in the portfolio`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}
