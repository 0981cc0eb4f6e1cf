/**
 * Resolvers of the admin page. Saving requires the Jira ADMINISTER global permission, checked
 * here on the server with the caller's own credentials (GET /rest/api/3/mypermissions): the
 * page hiding its Save button is a convenience, not a control. A save must name the version
 * it started from, so two admins cannot silently overwrite each other.
 */
import type { ResolverDefs } from './contract';
import { getMyPermissions } from '../jira/my-permissions';
import { ResolverFailure, invalidPayload } from './errors';
import { loadSettings } from './project-forecast';
import { validateSettings } from './settings';
import { jiraFor, type CallContext, type Services } from './services';
import type { Raw } from './validate-payload';

type R<K extends keyof ResolverDefs> = ResolverDefs[K]['result'];

export async function getSettings(s: Services, _ctx: CallContext, _p: Raw): Promise<R<'getSettings'>> {
  return loadSettings(s);
}

export async function requireJiraAdmin(s: Services, ctx: CallContext): Promise<void> {
  if (ctx.asApp || !ctx.accountId) throw new ResolverFailure('forbidden', 'saving settings needs a signed-in Jira administrator', ['ADMINISTER']);
  const perms = await getMyPermissions(jiraFor(s, ctx), { permissions: ['ADMINISTER'] });
  if (!perms.ADMINISTER) throw new ResolverFailure('forbidden', 'only Jira administrators may change Converge settings', ['ADMINISTER']);
}

export async function saveSettings(s: Services, ctx: CallContext, p: Raw): Promise<R<'saveSettings'>> {
  if (p.settings === undefined) throw invalidPayload('settings is required', 'settings');
  const next = validateSettings(p.settings);
  await requireJiraAdmin(s, ctx);
  const current = await loadSettings(s);
  if (next.version !== current.version) {
    throw new ResolverFailure('conflict', `the settings changed since they were loaded (version ${next.version}, now ${current.version}); reload and try again`, ['settings.version']);
  }
  const saved = { ...next, version: current.version + 1 };
  await s.store.saveSettings(saved);
  return saved;
}
