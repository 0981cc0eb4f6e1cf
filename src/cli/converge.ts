#!/usr/bin/env node
/** `converge`: the command line. Each subcommand lives in ./commands/<name>.ts. */
import { processIO, EXIT_USAGE, type CliIO, type Command } from './io';

const USAGE = `converge — critical path, resources and Monte Carlo forecasts for AI programs

usage:
  converge forecast FILE|- [--iterations N] [--seed S] [--due YYYY-MM-DD] [--workers N|auto] [--batch-size N] [--json] [--jira] [--calibrate HISTORY.json [--runs FILE]]
  converge schedule FILE|- [--json] [--jira] [--schedules N] [--seed S]     (FILE may be a PSPLIB .sm file)
  converge check FILE|- [--as-of YYYY-MM-DD] [--json] [--jira]   (health checks; exit 1 when a finding is an error)
  converge whatif PLAN [SCENARIOS.json] [--iterations N] [--seed S] [--capacity POOL=C1,C2] [--scope S1,S2] [--json]
                                                 (what-if scenarios side by side; docs/scenarios.md)
  converge portfolio PLAN... [--priority A,B,...] [--iterations N] [--seed S] [--json]   (shared pools: who slips, why)
  converge summary PLAN... [--scenarios FILE] [--html OUT.html] [--seed S]   (leadership summary; several PLANs: a portfolio)
  converge backtest HISTORY.json [--at D1,D2 | --every 2w] [--iterations N] [--seed S] [--json]   (past forecasts scored; docs/history.md)
  converge calibrate HISTORY.json [--runs FILE] [--min-samples N] [--plan PLAN.json [--out FILE]] [--json]   (actual / estimate per team and type)
  converge throughput HISTORY.json --items N [--split-rate X] [--growth X] [--json]   (when will N items be done)
  converge fetch --site URL (--jql "..." | --project KEY) [--start YYYY-MM-DD] [--settings FILE] [--name NAME]
                                                 (JIRA_EMAIL and JIRA_API_TOKEN from the environment)
  converge help

Plan format: docs/plan-format.md. Exit status: 0 ok, 1 run-time failure, 2 invalid input.
`;

const commands: Record<string, () => Promise<Command>> = {
  forecast: async () => (await import('./commands/forecast')).run,
  schedule: async () => (await import('./commands/schedule')).run,
  fetch: async () => (await import('./commands/fetch')).run,
  check: async () => (await import('./commands/check')).run,
  backtest: async () => (await import('./commands/backtest')).run,
  calibrate: async () => (await import('./commands/calibrate')).run,
  throughput: async () => (await import('./commands/throughput')).run,
  whatif: async () => (await import('./commands/whatif')).run,
  portfolio: async () => (await import('./commands/portfolio')).run,
  summary: async () => (await import('./commands/summary')).run,
};

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(USAGE);
    return name ? 0 : EXIT_USAGE;
  }
  const load = commands[name];
  if (!load) {
    io.stderr(`converge: unknown command '${name}'\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  return (await load())(rest, io);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err) => { process.stderr.write(`converge: ${err instanceof Error ? err.message : String(err)}\n`); process.exitCode = 1; },
  );
}
