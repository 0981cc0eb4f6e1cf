#!/usr/bin/env node
/**
 * `npm start`: runs the local workspace and prints the URL to open.
 * Environment: PORT (default 3000); JIRA_SITE + JIRA_EMAIL + JIRA_API_TOKEN to use a real
 * Jira Cloud site instead of the embedded sample; CONVERGE_DB (SQLite file, default
 * .converge/workspace.sqlite); CONVERGE_TODAY (the sample site's today, YYYY-MM-DD);
 * CONVERGE_LOG=1 to log every resolver and Jira call.
 */
import { startWorkspace, type WorkspaceOptions } from './workspace';

async function main(env: NodeJS.ProcessEnv): Promise<number> {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a port number, not ${JSON.stringify(env.PORT)}`);
    return 2;
  }
  const options: WorkspaceOptions = { port, sqlitePath: env.CONVERGE_DB || undefined, today: env.CONVERGE_TODAY || undefined };
  const given = ['JIRA_SITE', 'JIRA_EMAIL', 'JIRA_API_TOKEN'].filter((k) => env[k]);
  if (given.length === 3) options.jira = { site: env.JIRA_SITE as string, email: env.JIRA_EMAIL as string, apiToken: env.JIRA_API_TOKEN as string };
  else if (given.length > 0) {
    const missing = ['JIRA_SITE', 'JIRA_EMAIL', 'JIRA_API_TOKEN'].filter((k) => !env[k]);
    console.error(`To use a real Jira site set JIRA_SITE, JIRA_EMAIL and JIRA_API_TOKEN; missing: ${missing.join(', ')}`);
    return 2;
  }
  if (env.CONVERGE_LOG === '1') options.log = (line) => console.log(line);

  const ws = await startWorkspace(options);
  console.log('');
  console.log(`  Converge workspace: ${ws.url}`);
  console.log(`  Jira:      ${options.jira ? ws.jiraUrl : `embedded sample site (emulator at ${ws.jiraUrl})`}`);
  console.log(`  Storage:   ${ws.sqlitePath}`);
  console.log(`  Signed in: ${ws.user.displayName}`);
  console.log('');
  console.log('  Press Ctrl+C to stop.');
  const stop = () => {
    ws.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

main(process.env).then(
  (code) => { if (code >= 0) process.exit(code); },
  (err: unknown) => {
    const e = err as { code?: string; message?: string };
    if (e.code === 'EADDRINUSE') console.error('The port is taken: set PORT to another number (e.g. PORT=3001 npm start).');
    else console.error(`The workspace could not start: ${e.message ?? String(err)}`);
    process.exit(1);
  },
);
