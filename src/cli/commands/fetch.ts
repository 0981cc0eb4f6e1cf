/**
 * `converge fetch --site URL (--jql "..." | --project KEY) [--start YYYY-MM-DD] [--settings FILE] [--name NAME]`
 *
 * Reads the scope from Jira with an API token (JIRA_EMAIL, JIRA_API_TOKEN), maps it
 * with the shared mapping and prints the plan JSON on stdout, ready for
 * `converge forecast -`. Warnings go to stderr. The plan is printed only when the
 * whole fetch succeeded and the plan passed the engine's validation.
 */
import { validatePlan } from '../../engine/validate-plan';
import { createHttpsJiraClient } from '../../jira/https-jira-client';
import { JiraError } from '../../jira/jira-error';
import { loadPlanFromJira } from '../../jira/load-plan-from-jira';
import { scopeJql, type MappingSettings } from '../../jira/mapping-settings';
import { MappingError } from '../../jira/mapping-warning';
import { todayIso } from '../../jira/plan-from-jira-export';
import { isIsoDate } from '../../engine/working-calendar';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliIO, type Command } from '../io';
import { readSettings } from '../read-settings';

const USAGE = `usage: converge fetch --site URL (--jql "JQL" | --project KEY) [--start YYYY-MM-DD] [--settings FILE] [--name NAME] [--max-issues N]
  credentials: JIRA_EMAIL and JIRA_API_TOKEN (an Atlassian API token); --site may come from JIRA_SITE
  prints the plan JSON on stdout; warnings on stderr
`;

interface FetchArgs {
  site?: string;
  jql?: string;
  project?: string;
  start?: string;
  settings?: string;
  name?: string;
  maxIssues?: number;
}

function parseArgs(args: string[]): FetchArgs {
  const out: FetchArgs = {};
  const flags: Record<string, keyof FetchArgs> = {
    '--site': 'site', '--jql': 'jql', '--project': 'project', '--start': 'start', '--settings': 'settings', '--name': 'name', '--max-issues': 'maxIssues',
  };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith('--') && args[i].includes('=') ? [args[i].slice(0, args[i].indexOf('=')), args[i].slice(args[i].indexOf('=') + 1)] : [args[i], undefined];
    const key = flags[flag];
    if (!key) throw new UsageError(`unknown argument '${args[i]}'`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (key === 'maxIssues') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--max-issues must be a positive whole number, got '${value}'`);
      out.maxIssues = n;
    } else out[key] = value;
  }
  return out;
}

export const run: Command = async (args, io) => {
  let parsed: FetchArgs;
  let settings: MappingSettings;
  let jql: string;
  try {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    parsed = parseArgs(args);
    parsed.site ??= io.env.JIRA_SITE;
    if (!parsed.site) throw new UsageError('--site URL is required (or set JIRA_SITE)');
    if (!parsed.jql && !parsed.project) throw new UsageError('give --jql "..." or --project KEY');
    if (parsed.start !== undefined && !isIsoDate(parsed.start)) throw new UsageError(`--start must be a date YYYY-MM-DD, got '${parsed.start}'`);
    settings = readSettings(parsed.settings, io);
    try {
      jql = parsed.jql ?? scopeJql(parsed.project!, settings);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    for (const name of ['JIRA_EMAIL', 'JIRA_API_TOKEN'] as const) {
      if (!io.env[name]) throw new UsageError(`${name} is not set: export ${name}=${name === 'JIRA_EMAIL' ? 'you@example.com' : '<API token from id.atlassian.com>'}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`converge fetch: ${e.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    throw e;
  }

  try {
    const client = createHttpsJiraClient({ site: parsed.site, email: io.env.JIRA_EMAIL!, apiToken: io.env.JIRA_API_TOKEN! });
    const loaded = await loadPlanFromJira(client, { jql, settings, start: parsed.start ?? todayIso(), name: parsed.name, maxIssues: parsed.maxIssues });
    const checked = validatePlan(loaded.plan);
    if (!checked.ok) {
      for (const issue of checked.issues) io.stderr(`converge fetch: invalid plan [${issue.code}] ${issue.message}\n`);
      return EXIT_FAILURE;
    }
    for (const w of loaded.warnings) io.stderr(`warning [${w.code}]: ${w.message}\n`);
    for (const w of checked.warnings) io.stderr(`warning: ${w}\n`);
    io.stderr(`converge fetch: ${loaded.counts.scope} issues, ${loaded.counts.externalsFetched}/${loaded.counts.externalsRequested} external predecessors fetched\n`);
    io.stdout(`${JSON.stringify(loaded.plan, null, 2)}\n`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof JiraError) {
      io.stderr(`converge fetch: [${e.code}] ${e.message}\n`);
      return e.code === 'invalid-config' ? EXIT_USAGE : EXIT_FAILURE;
    }
    if (e instanceof MappingError) {
      io.stderr(`converge fetch: [${e.code}] ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
};
