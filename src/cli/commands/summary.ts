/**
 * `converge summary PLAN... [--scenarios FILE] [--html OUT.html] [--iterations N]
 *   [--seed S] [--due DATE] [--generated-at TEXT] [--title TEXT] [--priority A,B]
 *   [--prefix-ids] [--json] [--jira]`
 *
 * Several PLANs are a portfolio (as `converge portfolio`: keys are file names, pools
 * shared by id, --priority order): the summary then also says which initiative
 * slips because of which pool.
 * The leadership summary (engine/summary): chance of meeting each committed date,
 * what drives the risk, the best levers in working days (automatic ones: double each
 * pool that holds the finish back, cut 10 % of the lowest-priority open work; plus
 * the scenarios of FILE). Prints the plain-language text (or JSON); --html writes the
 * one-page HTML report. The page is byte-identical for the same inputs, seed and
 * --generated-at (default: today's UTC date, read here at the edge).
 */
import { writeFileSync } from 'node:fs';
import { leadershipSummary, plainDate, type LeadershipSummary } from '../../engine/summary';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Command } from '../io';
import { parseCommand, usageError, wholeNumber, dateFlag } from '../command-args';
import { loadPlan, printIssues } from '../load-plan';
import type { MergedPortfolio } from '../../engine/portfolio';
import type { Plan } from '../../engine/plan';
import { loadPortfolio, printEngineError, readScenarios } from './scenario-input';

const USAGE = `usage: converge summary PLAN... [--scenarios FILE] [--html OUT.html] [--iterations N] [--seed S] [--due DATE] [--generated-at TEXT] [--title TEXT] [--priority A,B] [--prefix-ids] [--json] [--jira]
  PLAN...            a plan file (docs/plan-format.md) or '-' for standard input; several: a portfolio
  --priority A,B     portfolio: initiative keys (file names), highest priority first
  --prefix-ids       portfolio: prefix task ids with KEY/ (when plans reuse ids)
  --scenarios FILE   what-if scenarios to weigh as levers (docs/scenarios.md)
  --html OUT.html    write the one-page HTML report (self-contained; print it to PDF)
  --iterations N     iterations (default 10000)
  --seed S           seed (default '1'); same inputs and seed, same report
  --due DATE         committed date of the whole plan (default: the plan's "due")
  --generated-at T   the "as of" text on the report (default: today's UTC date)
  --title TEXT       the report's title
  --json             print the summary as JSON
  --jira             PLAN is a Jira issue-search export
`;

export const run: Command = async (args, io) => {
  const parsed = parseCommand(args, io, {
    name: 'summary', usage: USAGE,
    options: {
      scenarios: { type: 'string' }, html: { type: 'string' }, iterations: { type: 'string' }, seed: { type: 'string' }, due: { type: 'string' },
      'generated-at': { type: 'string' }, title: { type: 'string' }, json: { type: 'boolean' }, jira: { type: 'boolean' },
      priority: { type: 'string' }, 'prefix-ids': { type: 'boolean' },
    },
    positionals: { min: 1, what: 'PLAN...' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (message: string) => usageError(io, 'summary', USAGE, message);
  const iterations = wholeNumber(values.iterations, '--iterations', 10_000);
  if (typeof iterations === 'string') return usage(iterations);
  const due = dateFlag(values.due, '--due');
  if (typeof due === 'string') return usage(due);

  let plan: Plan;
  let merged: MergedPortfolio | undefined;
  if (positionals.length === 1) {
    const loaded = loadPlan(positionals[0], io, { jira: values.jira });
    if (!loaded.ok) {
      printIssues(io, loaded.issues);
      return EXIT_USAGE;
    }
    plan = loaded.plan;
  } else {
    const m = loadPortfolio(io, positionals, { priority: values.priority, prefixIds: values['prefix-ids'], jira: values.jira });
    if (typeof m === 'number') return m;
    merged = m;
    plan = m.plan;
  }
  const scenarios = values.scenarios !== undefined ? readScenarios(io, values.scenarios) : [];
  if (typeof scenarios === 'number') return scenarios;
  const generatedAt = values['generated-at'] ?? new Date().toISOString().slice(0, 10);
  let result;
  try {
    result = leadershipSummary(plan, {
      seed: values.seed ?? '1', iterations, generatedAt, scenarios, ...(merged ? { portfolio: merged } : {}),
      ...(due.date ? { due: due.date } : {}), ...(values.title ? { title: values.title } : {}),
    });
  } catch (err) {
    return printEngineError(io, 'summary', err);
  }
  if (values.html !== undefined) {
    try {
      writeFileSync(values.html, result.html);
    } catch (err) {
      io.stderr(`converge summary: cannot write ${values.html}: ${err instanceof Error ? err.message : String(err)}\n`);
      return EXIT_FAILURE;
    }
  }
  io.stdout(values.json ? `${JSON.stringify(result.summary, null, 2)}\n` : formatSummary(result.summary));
  return EXIT_OK;
};

export function formatSummary(s: LeadershipSummary): string {
  const lines = [s.title, `As of ${s.generatedAt}`, '', ...s.headline, ''];
  if (s.commitments.length) {
    lines.push('Committed dates:');
    for (const c of s.commitments) lines.push(`  ${c.label}: ${plainDate(c.date)}: ${Math.round(c.probability * 100)}% (${c.verdict})`);
  }
  if (s.contention.length) lines.push('Shared capacity:', ...s.contention.map((c) => `  ${c}`));
  if (s.levers.length) {
    lines.push('Best levers (80% date):');
    for (const l of s.levers) lines.push(`  ${l.label}: ${Math.round(l.p80Days * 10) / 10} working days earlier (${plainDate(l.p80Date)})`);
  }
  lines.push('', s.method);
  return `${lines.join('\n')}\n`;
}
