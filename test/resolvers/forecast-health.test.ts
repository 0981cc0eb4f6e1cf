/**
 * Issue 6 in the resolvers, on the sample site (emulated Jira on 127.0.0.1): gate rules from
 * settings become plan rules, expansion adds placeholder gates, health findings reach the
 * project and issue forecasts, windows are enforced or flagged, and out-of-scope
 * predecessors are loaded transitively.
 */
import { createResolvers } from '../../src/resolvers';
import type { Envelope, ResolverDefs, ResolverKey, Settings } from '../../src/resolvers/contract';
import { createHttpsJiraClient } from '../../src/jira/https-jira-client';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { ConvergeStore } from '../../src/storage/converge-store';
import { createJiraEmulator } from '../../src/local/jira-emulator';
import { sampleSite, SAMPLE_TODAY } from '../../src/local/sample-site/sample-site';
import { sampleSettings } from '../../src/local/sample-site/sample-settings';

type Call = <K extends ResolverKey>(key: K, payload: unknown) => Promise<Envelope<ResolverDefs[K]['result']>>;

describe('health, gates and windows in the resolvers (sample site)', () => {
  const site = sampleSite({ today: SAMPLE_TODAY });
  let url: string;
  let close: () => Promise<void>;
  const appWith = async (settings: Settings): Promise<Call> => {
    const client = createHttpsJiraClient({ site: url, email: 'test@converge.local', apiToken: 'test' });
    const storage = new MemoryStorage();
    await new ConvergeStore(storage).saveSettings(settings);
    const app = createResolvers({ jira: () => client, storage, now: () => new Date(`${SAMPLE_TODAY}T12:00:00Z`) });
    return async (key, payload) => (await app.definitions[key]({ payload, context: { accountId: 'acc-test' } })) as never;
  };
  let call: Call;
  const data = async <K extends ResolverKey>(key: K, payload: unknown) => {
    const r = await call(key, payload);
    if (!r.ok) throw new Error(`${key} failed: ${r.error.code} ${r.error.message}`);
    return r.data;
  };

  beforeAll(async () => {
    const listening = await createJiraEmulator(site).listen(0, '127.0.0.1');
    url = listening.url;
    close = () => listening.close();
    call = await appWith(sampleSettings(site));
  });
  afterAll(() => close());

  it('answers a gate rule whose board never sits with an error envelope naming the rule', async () => {
    const settings = sampleSettings(site);
    settings.gates[0] = { ...settings.gates[0], id: 'stale-board', cadence: { dates: ['2026-06-04'] } };
    const r = await (await appWith(settings))('getProjectForecast', { projectKey: 'FRAUD', iterations: 500 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('no-sitting');
      expect(r.error.culprits).toContain('stale-board');
    }
  });

  it('adds a placeholder security gate before the FRAUD release and flags it with the issue key', async () => {
    const pf = await data('getProjectForecast', { projectKey: 'FRAUD', iterations: 1000 });
    const prod = pf.issues.find((i) => i.summary.startsWith('Production deployment'))!;
    const missing = pf.health!.find((f) => f.id === 'HC-MISSING-GATE')!;
    expect(missing).toMatchObject({ severity: 'error', tasks: [prod.key, 'GATE-security'], rule: 'security' });
    const placeholder = pf.issues.find((i) => i.placeholder)!;
    expect(placeholder).toMatchObject({ key: 'GATE-security', gate: 'security-review', issueType: 'Review Gate' });
    expect(prod.predecessors).toContain('GATE-security');
    expect(pf.schedule.tasks.some((t) => t.id === 'GATE-security')).toBe(true);
    // The bias audit (gate:bias-audit) and model-risk sign-off (gate:compliance alias) satisfy their rules.
    expect(pf.health!.filter((f) => f.id === 'HC-MISSING-GATE').map((f) => f.rule)).toEqual(['security']);
    // Errors first.
    const order = pf.health!.map((f) => ['error', 'warning', 'info'].indexOf(f.severity));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('lands the production deployment in its March window or flags HC-OUTSIDE-WINDOW', async () => {
    const pf = await data('getProjectForecast', { projectKey: 'FRAUD', iterations: 1000 });
    const prod = pf.issues.find((i) => i.summary.startsWith('Production deployment'))!;
    const window = pf.windows!.find((w) => w.source === prod.key)!;
    expect(window).toMatchObject({ from: '2027-03-15', to: '2027-03-19', kind: 'deployment' });
    const finish = pf.schedule.tasks.find((t) => t.id === prod.key)!.finishDate;
    const inside = window.from <= finish && finish <= window.to;
    const flagged = pf.health!.find((f) => f.id === 'HC-OUTSIDE-WINDOW' && f.tasks.includes(prod.key));
    expect(inside || flagged !== undefined).toBe(true);
    // With the sample as built it is missed (GPU maintenance and the missing gate, which now waits for the
    // release's own predecessors): flagged, either by the levelled schedule's date or, when even the
    // precedence-only schedule cannot make it, as a dropped window (forecast-plan.ts).
    if (!inside) expect(flagged).toMatchObject({ severity: 'error', message: expect.stringMatching(new RegExp(`${finish}|cannot finish inside its deployment window`)) });
  });

  it('gives the issue panel the findings of its issue', async () => {
    const pf = await data('getProjectForecast', { projectKey: 'FRAUD', iterations: 1000 });
    const prod = pf.issues.find((i) => i.summary.startsWith('Production deployment'))!;
    const f = await data('getIssueForecast', { issueKey: prod.key });
    expect(f.health?.map((h) => h.id)).toContain('HC-MISSING-GATE');
    expect(f.warnings.map((w) => w.code)).toContain('HC-MISSING-GATE');
    const other = pf.issues.find((i) => !i.placeholder && !i.external && i.status !== 'done' && !(pf.health ?? []).some((h) => h.tasks.includes(i.key)) && !i.predecessors.includes('GATE-security'))!;
    const g = await data('getIssueForecast', { issueKey: other.key });
    expect(g.health).toBeUndefined();
  });

  it('previews a much longer upstream estimate: the release then misses its own window, flagged rather than failing', async () => {
    // FRAUD-21 (the full training run) precedes the release; 20/30/45 days pushes the release past 19 March,
    // which as a hard window would leave it no allowed finish at all (no-allowed-finish).
    const r = await call('previewEstimate', { issueKey: 'FRAUD-21', estimate: { optimistic: 20, mostLikely: 30, pessimistic: 45, distribution: 'pert' } });
    expect(r).toMatchObject({ ok: true });
  });

  it('loads the PLAT upstream of LLM transitively: an H100 dependency waits for its own chain', async () => {
    const pf = await data('getProjectForecast', { projectKey: 'LLM', iterations: 500 });
    const externals = new Map(pf.issues.filter((i) => i.external).map((i) => [i.key, i] as const));
    // PLAT-40 (H100 node delivery) is a predecessor of a predecessor: fetched, with its own predecessors.
    const delivery = [...externals.values()].find((i) => i.summary.startsWith('H100 node delivery'))!;
    expect(delivery).toBeDefined();
    expect(delivery.predecessors.every((k) => externals.has(k))).toBe(true);
    expect(delivery.predecessors.length).toBeGreaterThan(0);
    const dependent = [...externals.values()].find((i) => i.predecessors.includes(delivery.key));
    expect(dependent).toBeDefined();
  });
});
