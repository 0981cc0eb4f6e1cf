import { createResolvers } from '../../src/resolvers';
import type { Envelope, ResolverDefs, ResolverKey } from '../../src/resolvers/contract';
import { ConvergeStore } from '../../src/storage/converge-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { createHttpsJiraClient } from '../../src/jira/https-jira-client';
import { createJiraEmulator } from '../../src/local/jira-emulator';
import { sampleSite, SAMPLE_TODAY } from '../../src/local/sample-site/sample-site';
import { sampleSettings } from '../../src/local/sample-site/sample-settings';
import type { SampleSite } from '../../src/local/sample-site/sample-site-types';

/**
 * The resolvers over the sample site behind the Jira emulator on 127.0.0.1 (port 0), with the
 * sample settings in a memory store and the clock at the sample's today. `edit` may change the
 * site before it is served. `call` answers the envelope; `data` throws on an error envelope.
 */
export async function startSampleSiteApp(edit?: (site: SampleSite) => void) {
  const site = sampleSite({ today: SAMPLE_TODAY });
  edit?.(site);
  const listening = await createJiraEmulator(site).listen(0, '127.0.0.1');
  const client = createHttpsJiraClient({ site: listening.url, email: 'test@converge.local', apiToken: 'test' });
  const storage = new MemoryStorage();
  await new ConvergeStore(storage).saveSettings(sampleSettings(site));
  const app = createResolvers({ jira: () => client, storage, now: () => new Date(`${SAMPLE_TODAY}T12:00:00Z`) });
  const call = async <K extends ResolverKey>(key: K, payload: unknown) =>
    (await app.definitions[key]({ payload, context: { accountId: 'acc-test' } })) as Envelope<ResolverDefs[K]['result']>;
  const data = async <K extends ResolverKey>(key: K, payload: unknown) => {
    const r = await call(key, payload);
    if (!r.ok) throw new Error(`${key} failed: ${r.error.code} ${r.error.message}`);
    return r.data;
  };
  return { site, app, storage, call, data, close: () => listening.close() };
}
