/**
 * `converge throughput HISTORY.json --items N [--from D] [--to D] [--split-rate X] [--growth X] [--start D] [--iterations N] [--seed S] [--json]`
 *
 * "When will N more items be done?" from the team's daily throughput in an exported Jira
 * history (resolution dates of the finished issues, every working day of [from, to]
 * counted, idle days as 0: src/engine/history/daily-throughput.ts), by Monte Carlo
 * (src/engine/history/forecast-throughput.ts), with an allowance for items that split
 * and for scope that grows. Prints working days and dates from --start (default today)
 * and the lognormal estimate an unestimated epic of N items would get.
 * Malformed input: the culprit on stderr, exit 2, nothing on stdout.
 */
import seedrandom from 'seedrandom';
import { dailyThroughput } from '../../engine/history/daily-throughput';
import { throughputEstimate } from '../../engine/history/forecast-throughput';
import { HistoryError } from '../../engine/history/history-error';
import { WorkingCalendar } from '../../engine/working-calendar';
import { todayIso } from '../../jira/plan-from-jira-export';
import { dateFlag, nonNegative, parseCommand, usageError, wholeNumber } from '../command-args';
import { EXIT_OK, EXIT_USAGE, type Command } from '../io';
import { finishDates, loadHistory } from './backtest';

const USAGE = `usage: converge throughput HISTORY.json --items N [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--split-rate X] [--growth X]
                           [--start YYYY-MM-DD] [--iterations N] [--seed S] [--settings FILE] [--json]
  HISTORY.json      exported Jira issues (resolution dates are what counts)
  --items N         items left to do
  --from, --to      the history window (default: first to last resolution)
  --split-rate X    share of items that turn out to be two (0..1, default 0)
  --growth X        items added to the scope per working day (default 0)
  --start DATE      day 0 of the forecast (default today)
  --iterations N    Monte Carlo iterations (default 10000)
  --seed S          seed (default '1')
  --json            print the result as JSON
`;

export const run: Command = async (args, io) => {
  const parsed = parseCommand(args, io, {
    name: 'throughput', usage: USAGE,
    options: {
      items: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, 'split-rate': { type: 'string' }, growth: { type: 'string' },
      start: { type: 'string' }, iterations: { type: 'string' }, seed: { type: 'string' }, settings: { type: 'string' }, json: { type: 'boolean' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (m: string) => usageError(io, 'throughput', USAGE, m);
  if (values.items === undefined) return usage('--items is required');
  const items = wholeNumber(values.items, '--items', 0, 0);
  if (typeof items === 'string') return usage(items);
  const iterations = wholeNumber(values.iterations, '--iterations', 10_000);
  if (typeof iterations === 'string') return usage(iterations);
  const splitRate = nonNegative(values['split-rate'], '--split-rate', 0);
  if (typeof splitRate === 'string') return usage(splitRate);
  const growth = nonNegative(values.growth, '--growth', 0);
  if (typeof growth === 'string') return usage(growth);
  const from = dateFlag(values.from, '--from');
  if (typeof from === 'string') return usage(from);
  const to = dateFlag(values.to, '--to');
  if (typeof to === 'string') return usage(to);
  const start = dateFlag(values.start, '--start');
  if (typeof start === 'string') return usage(start);
  const history = loadHistory(positionals[0], values.settings, io, 'throughput');
  if (typeof history === 'number') return history;
  const seed = values.seed ?? '1';
  try {
    const resolved = finishDates(history).filter((d): d is string => d !== undefined);
    const daily = dailyThroughput(resolved, history.settings.calendar, { from: from.date, to: to.date });
    const est = throughputEstimate(daily, items, { iterations, rng: seedrandom(seed), splitRate, growth });
    const day0 = start.date ?? todayIso();
    const cal = new WorkingCalendar(day0, history.settings.calendar);
    const f = est.forecast;
    const dates = { p50: cal.finishDate(f.p50), p80: cal.finishDate(f.p80), p85: cal.finishDate(f.p85), p95: cal.finishDate(f.p95) };
    const historyDays = daily.length, done = daily.reduce((s, d) => s + d, 0);
    if (values.json) {
      io.stdout(`${JSON.stringify({ seed, start: day0, history: { workingDays: historyDays, items: done, perDay: done / Math.max(1, historyDays) }, forecast: f, finishDate: dates, estimate: est.estimate, assumed: true }, null, 2)}\n`);
    } else {
      io.stdout([
        `Throughput: ${done} item(s) finished in ${historyDays} working day(s) (${(done / Math.max(1, historyDays)).toFixed(2)} a day)`,
        `${items} item(s)${splitRate ? `, ${(100 * splitRate).toFixed(0)}% splitting` : ''}${growth ? `, +${growth}/day scope growth` : ''}, ${iterations} iterations, seed ${seed}, from ${day0}:`,
        `  P50 ${f.p50} working days (${dates.p50}), P80 ${f.p80} (${dates.p80}), P85 ${f.p85} (${dates.p85}), P95 ${f.p95} (${dates.p95}); mean ${f.mean.toFixed(1)}`,
        `  as an assumed estimate: ${JSON.stringify(est.estimate)}`,
        '',
      ].join('\n'));
    }
    return EXIT_OK;
  } catch (err) {
    if (err instanceof HistoryError) {
      io.stderr(`converge throughput: error [${err.code}]${err.culprit ? ` ${err.culprit}` : ''}: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
};
