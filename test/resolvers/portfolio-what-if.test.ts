/**
 * Issue #8, product side: the portfolio under shared pools, what-if scenarios, trade-off
 * curves and the leadership summary (src/resolvers/{portfolio,what-if,leadership}.ts).
 * Unit cases on hand plans first; then the real chain: resolvers -> HTTPS Jira client -> the
 * Jira emulator serving the sample site on 127.0.0.1 at its fixed today, with every Jira
 * request and every storage write recorded (a what-if must make neither).
 * The resolver functions are called directly (makeServices), as createResolvers would.
 */
import type { GateRule, Plan } from '../../src/engine/plan';
import { compareScenarios } from '../../src/engine/scenarios/compare-scenarios';
import { createHttpsJiraClient } from '../../src/jira/https-jira-client';
import type { HttpMethod, JiraClient, RequestOptions } from '../../src/jira/jira-client';
import type { JiraPath } from '../../src/jira/jira-path';
import { createJiraEmulator } from '../../src/local/jira-emulator';
import { sampleSite, SAMPLE_TODAY } from '../../src/local/sample-site/sample-site';
import { sampleSettings } from '../../src/local/sample-site/sample-settings';
import type { Settings } from '../../src/resolvers/contract';
import { enveloped, ResolverFailure } from '../../src/resolvers/errors';
import { escapeHtml, getLeadershipSummary, leadershipHtml, longDate, summaryPage } from '../../src/resolvers/leadership';
import { renderSummaryHtml } from '../../src/engine/summary';
import { getPortfolioForecast, mergeScopes, portfolioOf, priorityOrder } from '../../src/resolvers/portfolio';
import { makeServices, type Services } from '../../src/resolvers/services';
import { applyChanges, checkScenarios, engineChange, getTradeoffCurve, runWhatIf } from '../../src/resolvers/what-if';
import { getPortfolioForecastJob, iterationRanges, runForecastEvent, startPortfolioForecastJob } from '../../src/resolvers/forecast-job';
import type { ForecastBatchEvent } from '../../src/resolvers/services';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { ConvergeStore } from '../../src/storage/converge-store';

const fixed = (d: number) => ({ optimistic: d, mostLikely: d, pessimistic: d, distribution: 'fixed' as const });
const task = (id: string, d: number, extra: Partial<Plan['tasks'][number]> = {}): Plan['tasks'][number] => ({ id, duration: fixed(d), after: [], demand: {}, status: 'todo', ...extra });
const cal = { workdays: [1, 2, 3, 4, 5], holidays: [] };

/** Four independent 10-day training runs, each holding the whole 8-GPU pool: the pool is the only bottleneck. */
const bottleneckPlan = (): Plan => ({
  start: '2027-01-11', calendar: cal, resources: [{ id: 'gpu', name: 'GPU pool', capacity: 8 }],
  tasks: ['ML-1', 'ML-2', 'ML-3', 'ML-4'].map((id) => task(id, 10, { demand: { gpu: 8 } })),
});

const failure = (fn: () => unknown): ResolverFailure => {
  try { fn(); } catch (e) { if (e instanceof ResolverFailure) return e; throw e; }
  throw new Error('expected a ResolverFailure');
};

describe('scenario payloads (checked before anything is loaded)', () => {
  it('rejects malformed scenarios, naming the field', () => {
    expect(failure(() => checkScenarios(undefined)).culprits).toEqual(['scenarios']);
    expect(failure(() => checkScenarios([])).culprits).toEqual(['scenarios']);
    expect(failure(() => checkScenarios([{ name: '', changes: [] }])).culprits).toEqual(['scenarios.0.name']);
    expect(failure(() => checkScenarios([{ name: 'x', changes: [{ op: 'write-to-jira' }] }])).culprits).toEqual(['scenarios.0.changes.0.op']);
    expect(failure(() => checkScenarios([{ name: 'x', changes: [{ op: 'set-capacity', pool: 'gpu', capacity: -1 }] }])).culprits).toEqual(['scenarios.0.changes.0.capacity']);
    expect(failure(() => checkScenarios([{ name: 'x', changes: [{ op: 'move-due', date: '2027-02-30' }] }])).culprits).toEqual(['scenarios.0.changes.0.date']);
    const bad = failure(() => checkScenarios([{ name: 'x', changes: [{ op: 'set-estimate', id: 'ML-1', estimate: { optimistic: 5, mostLikely: 3, pessimistic: 8 } }] }]));
    expect(bad.code).toBe('invalid-payload');
    expect(bad.culprits).toEqual(['scenarios.0.changes.0.estimate']);
    expect(failure(() => checkScenarios(Array.from({ length: 7 }, (_, i) => ({ name: `s${i}`, changes: [] })))).culprits).toEqual(['scenarios']);
  });

  it('keeps valid changes of every op', () => {
    const est = { optimistic: 1, mostLikely: 2, pessimistic: 4, distribution: 'pert' as const };
    const changes = [
      { op: 'set-capacity', pool: 'gpu', capacity: 16 }, { op: 'move-due', date: '2027-03-31' }, { op: 'remove-tasks', ids: ['ML-1'] },
      { op: 'add-task', task: { id: 'ML-9', estimate: est, after: ['ML-2'], demand: { gpu: 8 } } }, { op: 'set-estimate', id: 'ML-3', estimate: est },
      { op: 'add-dependency', from: 'ML-2', to: 'ML-3' }, { op: 'remove-dependency', from: 'ML-2', to: 'ML-3' }, { op: 'set-priority', order: ['LLM'] },
    ];
    expect(checkScenarios([{ name: ' All ', changes }])).toEqual([{ name: 'All', changes }]);
  });
});

describe('applyChanges (the engine scenario, errors as resolver failures)', () => {
  it('never touches the plan it is given', () => {
    const plan = bottleneckPlan();
    const frozen = structuredClone(plan);
    const deepFreeze = (o: unknown): void => { if (o && typeof o === 'object') { Object.freeze(o); Object.values(o).forEach(deepFreeze); } };
    deepFreeze(plan);
    const out = applyChanges(plan, [{ op: 'set-capacity', pool: 'gpu', capacity: 16 }, { op: 'remove-tasks', ids: ['ML-4'] }, { op: 'add-dependency', from: 'ML-1', to: 'ML-2' }]);
    expect(plan).toEqual(frozen);
    expect(out.plan.resources[0].capacity).toBe(16);
    expect(out.plan.tasks.map((t) => t.id)).toEqual(['ML-1', 'ML-2', 'ML-3']);
    expect(out.notes).toHaveLength(3);
  });

  it('names the change and the culprit: unknown issue, unknown pool, a cycle', () => {
    const plan = bottleneckPlan();
    plan.tasks[1].after = ['ML-1'];
    const unknown = failure(() => applyChanges(plan, [{ op: 'set-estimate', id: 'ML-99', estimate: { ...fixed(3) } }], 'scenarios.0.changes'));
    expect(unknown.code).toBe('unknown-task');
    expect(unknown.culprits).toEqual(['ML-99', 'scenarios.0.changes.0']);
    expect(failure(() => applyChanges(plan, [{ op: 'set-capacity', pool: 'tpu', capacity: 4 }])).code).toBe('unknown-pool');
    const cycle = failure(() => applyChanges(plan, [{ op: 'add-dependency', from: 'ML-2', to: 'ML-1' }], 'scenarios.1.changes'));
    expect(cycle.code).toBe('cycle');
    expect(cycle.culprits).toEqual(expect.arrayContaining(['ML-1', 'ML-2', 'scenarios.1.changes.0']));
  });

  it('doubling the only bottleneck pool halves a fully serialised finish (known by construction)', () => {
    // 4 x 10 days, each holding all 8 GPUs: 40 working days in a row; with 16 GPUs two run at once: 20.
    const r = compareScenarios(bottleneckPlan(), [{ id: 's0', changes: [engineChange({ op: 'set-capacity', pool: 'gpu', capacity: 16 })] }], { iterations: 200, seed: '1' });
    expect(r.results[0].finishDays.p80).toBeCloseTo(40, 9);
    expect(r.results[1].finishDays.p80).toBeCloseTo(20, 9);
    expect(r.results[1].delta.p80).toBeCloseTo(-20, 9);
  });
});

describe('mergeScopes and priority', () => {
  const fraud: Plan = { start: '2027-01-11', calendar: cal, resources: [{ id: 'gpu', capacity: 8 }], tasks: [task('PLAT-1', 3), task('FRAUD-1', 5, { after: ['PLAT-1'], demand: { gpu: 8 } }), task('GATE-security', 2, { after: ['FRAUD-1'] })] };
  const plat: Plan = { start: '2027-01-11', calendar: cal, resources: [{ id: 'gpu', capacity: 8 }], tasks: [task('PLAT-1', 4), task('GATE-security', 2, { after: ['PLAT-1'] })] };

  it('makes an issue two projects load one task (its own project\'s), and keeps placeholders apart', () => {
    const m = mergeScopes([{ projectKey: 'FRAUD', plan: fraud }, { projectKey: 'PLAT', plan: plat }], { order: ['PLAT', 'FRAUD'] });
    expect(m.plan.tasks.map((t) => t.id).sort()).toEqual(['FRAUD-1', 'FRAUD/GATE-security', 'PLAT-1', 'PLAT/GATE-security']);
    // PLAT-1 comes from PLAT's own plan (4 days), not FRAUD's copy of it (3 days).
    expect(m.plan.tasks.find((t) => t.id === 'PLAT-1')!.duration.mostLikely).toBe(4);
    expect(m.owner.get('PLAT-1')).toBe('PLAT');
    expect(m.plan.tasks.find((t) => t.id === 'FRAUD/GATE-security')!.after).toEqual(['FRAUD-1']);
    expect(m.plan.tasks.find((t) => t.id === 'FRAUD-1')!.meta).toMatchObject({ initiative: 'FRAUD', initiativeRank: 1 });
    expect(fraud.tasks.map((t) => t.id)).toEqual(['PLAT-1', 'FRAUD-1', 'GATE-security']);
  });

  it('keeps the review boards\' cadences in the engine portfolio (no re-adding in the resolver)', () => {
    const rule: GateRule = { id: 'security', gate: 'security-review', guards: { kinds: ['deploy'] }, when: 'start', duration: 2, cadence: { dates: ['2027-01-22'] }, treatUnlinkedAsDependency: true };
    const withRule = (p: Plan): Plan => ({ ...p, gateRules: [rule] });
    const scopes = [{ projectKey: 'FRAUD', plan: withRule(fraud) }, { projectKey: 'PLAT', plan: withRule(plat) }] as unknown as Parameters<typeof portfolioOf>[0];
    const m = portfolioOf(scopes, ['PLAT', 'FRAUD']);
    expect(m.plan.gateRules!.map((r) => [r.id, r.cadence])).toEqual([['security', { dates: ['2027-01-22'] }]]);
  });

  it('orders initiatives: the listed ones first, the rest as given; an unknown key is refused', () => {
    expect(priorityOrder(['FRAUD', 'LLM', 'PLAT'], ['PLAT'])).toEqual(['PLAT', 'FRAUD', 'LLM']);
    expect(priorityOrder(['FRAUD', 'LLM'], undefined)).toEqual(['FRAUD', 'LLM']);
    expect(failure(() => priorityOrder(['FRAUD'], ['LLM'])).culprits).toEqual(['priority.0']);
  });
});

describe('leadership HTML', () => {
  const summary = {
    generatedAt: '2027-01-11', seed: '7', iterations: 2000, headline: 'All <b>fine</b> & on time.',
    projects: [{ projectKey: 'ML', name: 'R&D <script>', finishDate: { p50: '2027-03-01', p80: '2027-03-15', p95: '2027-04-01' }, due: { date: '2027-03-31', probability: 0.9 }, drivers: [], pools: [] }],
    levers: [{ projectKey: 'ML', label: 'Grow the "GPU" pool', gainDays: 4, p80Date: '2027-03-09' }],
  };
  const whole = { start: '2027-01-11', forecast: { p50Date: '2027-03-01', p80Date: '2027-03-15', p95Date: '2027-04-01', p50Days: 35, p80Days: 45 } };
  it('is the engine\'s page (self-contained, escaped, a pure function of the summary) with each project as an initiative', () => {
    const html = leadershipHtml(summary, whole);
    expect(html).toBe(leadershipHtml(structuredClone(summary), whole));
    expect(html).toBe(renderSummaryHtml(summaryPage(summary, whole)));
    expect(html).toContain('<th>Initiative</th>');
    expect(html).toContain(`ML: ${escapeHtml('Grow the "GPU" pool')}`);
    expect(html).not.toMatch(/<script|https?:\/\/|<link|<img/i);
    expect(html).toContain('R&amp;D &lt;script&gt;');
    expect(html).toContain(escapeHtml('Grow the "GPU" pool'));
    expect(html).toContain(longDate('2027-03-15'));
    expect(longDate('2027-03-05')).toBe('5 Mar 2027');
  });
});

describe('on the sample site (Jira emulator)', () => {
  const site = sampleSite({ today: SAMPLE_TODAY });
  let close: () => Promise<void>;
  let s: Services;
  let settings: Settings;
  const requests: Array<{ method: HttpMethod; path: string }> = [];
  const writes: string[] = [];
  const ctx = { asApp: false, accountId: 'acc-test' };
  const call = async <T>(fn: (s: Services, c: typeof ctx, p: Record<string, unknown>) => Promise<T>, payload: Record<string, unknown>, services = s) => enveloped(() => fn(services, ctx, payload));

  beforeAll(async () => {
    const listening = await createJiraEmulator(site).listen(0, '127.0.0.1');
    close = () => listening.close();
    const https = createHttpsJiraClient({ site: listening.url, email: 'test@converge.local', apiToken: 'test' });
    const client: JiraClient = {
      request<T>(method: HttpMethod, path: JiraPath, options?: RequestOptions) {
        requests.push({ method, path: path.text });
        return https.request<T>(method, path, options);
      },
    };
    const storage = new MemoryStorage();
    settings = sampleSettings(site);
    await new ConvergeStore(storage).saveSettings(settings);
    const recorded = Object.assign(Object.create(storage), {
      set: (k: string, v: unknown) => { writes.push(k); return storage.set(k, v); },
      delete: (k: string) => { writes.push(k); return storage.delete(k); },
    });
    s = makeServices({ jira: () => client, storage: recorded, now: () => new Date(`${SAMPLE_TODAY}T12:00:00Z`) }, () => 'job-00000001');
  });
  afterAll(() => close());

  it('rejects a bad what-if payload before calling Jira', async () => {
    requests.length = 0;
    expect(await call(runWhatIf, { projectKey: 'FRAUD' })).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['scenarios'] } });
    expect(await call(runWhatIf, { projectKey: 'fraud', scenarios: [{ name: 'x', changes: [] }] })).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['projectKey'] } });
    expect(await call(getTradeoffCurve, { projectKey: 'FRAUD', capacities: [8] })).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['pool'] } });
    expect(await call(getTradeoffCurve, { projectKey: 'FRAUD', pool: 'gpu-a100', capacities: [8], scopeCuts: [0.1] })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await call(getPortfolioForecast, { projectKeys: ['FRAUD'], priority: ['LLM'] })).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['priority.0'] } });
    expect(requests).toEqual([]);
  });

  it('runs scenarios side by side without writing to Jira, settings or the cache', async () => {
    requests.length = 0;
    writes.length = 0;
    const r = await call(runWhatIf, {
      projectKey: 'FRAUD',
      scenarios: [
        { name: 'Drop post-launch monitoring', changes: [{ op: 'remove-tasks', ids: ['FRAUD-36'] }] },
        { name: 'Later date', changes: [{ op: 'move-due', date: '2027-06-30' }] },
      ],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const w = r.data;
    expect(w.written).toBe(false);
    expect(w.iterations).toBe(2000);
    expect(w.baseline.deltaDays).toEqual({ p50: 0, p80: 0 });
    // Removing the last task of the critical chain cannot make the finish later (same keyed random numbers).
    expect(w.scenarios[0].deltaDays.p80).toBeLessThanOrEqual(0);
    // Moving the date changes no finish, only the chance of meeting the date, which can only grow.
    expect(w.scenarios[1].deltaDays).toEqual({ p50: 0, p80: 0 });
    expect(w.scenarios[1].due!.date).toBe('2027-06-30');
    expect(w.scenarios[1].due!.probability).toBeGreaterThanOrEqual(w.baseline.due!.probability);
    expect(w.baseline.dateProbabilities.map((d) => d.date)).toEqual([w.baseline.due!.date, '2027-06-30']);
    expect(requests.filter((q) => q.method !== 'GET' && !/\/search|\/bulkfetch/.test(q.path))).toEqual([]);
    expect(writes).toEqual([]);
    expect(await new ConvergeStore(s.deps.storage).getSettings()).toEqual(settings);
  }, 120_000);

  it('names an unknown issue in a scenario', async () => {
    const r = await call(runWhatIf, { projectKey: 'FRAUD', scenarios: [{ name: 'x', changes: [{ op: 'add-dependency', from: 'FRAUD-999', to: 'FRAUD-36' }] }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown-task', culprits: ['FRAUD-999', 'scenarios.0.changes.0'] } });
  }, 120_000);

  it('more GPU capacity never makes the trade-off curve later', async () => {
    writes.length = 0;
    const r = await call(getTradeoffCurve, { projectKeys: ['FRAUD', 'LLM'], pool: 'gpu-a100', capacities: [16, 24, 96] });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const c = r.data;
    expect(c.kind).toBe('capacity');
    expect(c.points.map((p) => p.x)).toEqual([16, 24, 48, 96]);
    expect(c.points.find((p) => p.current)!.x).toBe(48);
    for (let k = 1; k < c.points.length; k++) expect(c.points[k].finishDays.p80).toBeLessThanOrEqual(c.points[k - 1].finishDays.p80 + 1e-9);
    expect(writes).toEqual([]);
    // A capacity below some issue's demand is refused, naming the issue.
    expect(await call(getTradeoffCurve, { projectKey: 'FRAUD', pool: 'gpu-a100', capacities: [8] })).toMatchObject({ ok: false, error: { code: 'invalid-capacity', culprits: ['FRAUD-59', 'gpu-a100', 'capacities'] } });
  }, 180_000);

  it('doubling the bottleneck pool shortens the finish (every training run on a 16-GPU A100 pool)', async () => {
    // The sample with a tighter pool: every issue labelled "training" needs A100 GPUs (8 unless its GPUs field says
    // otherwise) from a 16-GPU pool, so FRAUD's and LLM's runs queue for it; 32 GPUs let two run side by side.
    const storage = new MemoryStorage();
    const tight = structuredClone(settings);
    tight.resources = tight.resources.map((r) => (r.id === 'gpu-a100' ? { ...r, capacity: 16, availability: [], match: { labels: ['training'], field: r.match?.field, units: 8 } } : r));
    await new ConvergeStore(storage).saveSettings(tight);
    const t = makeServices({ ...s.deps, storage }, () => 'job-00000003');
    const r = await call(runWhatIf, {
      projectKeys: ['FRAUD', 'LLM'],
      scenarios: [
        { name: 'Double the A100 pool', changes: [{ op: 'set-capacity', pool: 'gpu-a100', capacity: 32 }] },
        { name: 'LLM first', changes: [{ op: 'set-priority', order: ['LLM'] }] },
      ],
    }, t);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.data.projectKeys).toEqual(['FRAUD', 'LLM']);
    expect(r.data.scenarios[1].notes).toEqual(['priority order: LLM > FRAUD']);
    // A priority order needs several projects.
    expect(await call(runWhatIf, { projectKey: 'FRAUD', scenarios: [{ name: 'x', changes: [{ op: 'set-priority', order: ['FRAUD'] }] }] }, t))
      .toMatchObject({ ok: false, error: { code: 'not-a-portfolio', culprits: ['scenarios.0.changes.0'] } });
    expect(r.data.scenarios[0].notes).toEqual(['A100 pool: capacity 16 -> 32']);
    expect(r.data.scenarios[0].deltaDays.p80).toBeLessThan(-1);
    expect(r.data.scenarios[0].paired.later).toBeLessThan(0.05);
  }, 180_000);

  it('cuts only the project\'s own open issues on the scope curve', async () => {
    const r = await call(getTradeoffCurve, { projectKey: 'LLM', scopeCuts: [0.1, 0.3] });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.data.points.map((p) => p.x)).toEqual([0, 0.1, 0.3]);
    expect(r.data.points[0].current).toBe(true);
    expect(r.data.points[2].finishDays.p80).toBeLessThanOrEqual(r.data.points[0].finishDays.p80);
    expect(r.data.points[2].label).toMatch(/issues\)$/);
  }, 120_000);

  it('forecasts the projects together under shared pools, in priority order', async () => {
    const r = await call(getPortfolioForecast, { projectKeys: ['FRAUD', 'LLM', 'PLAT'], sharedPools: true, priority: ['LLM'] });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const sh = r.data.shared!;
    expect(r.data.projects.map((p) => p.projectKey)).toEqual(['FRAUD', 'LLM', 'PLAT']);
    expect(sh.priority).toEqual(['LLM', 'FRAUD', 'PLAT']);
    expect(sh.initiatives.map((i) => [i.projectKey, i.rank])).toEqual([['LLM', 1], ['FRAUD', 2], ['PLAT', 3]]);
    for (const i of sh.initiatives) {
      expect(i.sentence).toMatch(new RegExp(`^${i.projectKey} `));
      expect(i.slipDays.p80).toBeCloseTo(Math.round((i.shared.p80Days - i.alone.p80Days) * 10) / 10, 6);
      // Alone and together decode the same activity list and gate cadences: sharing never helps by more than noise.
      expect(i.slipDays.p80).toBeGreaterThan(-0.5);
    }
    // Without the flag the reply is as before.
    const plain = await call(getPortfolioForecast, { projectKeys: ['PLAT'] });
    expect(plain.ok && plain.data.shared).toBeUndefined();
  }, 240_000);

  it('runs a portfolio too large for one call as queue batches, in any order, to the one-call numbers', async () => {
    expect(iterationRanges(250, 100)).toEqual([{ from: 0, count: 100 }, { from: 100, count: 100 }, { from: 200, count: 50 }]);
    const payload = { projectKeys: ['FRAUD', 'LLM'], priority: ['LLM'], iterations: 300 };
    const inCall = await call(getPortfolioForecast, { ...payload, sharedPools: true, sharedOnly: true });
    if (!inCall.ok) throw new Error(JSON.stringify(inCall.error));
    expect(inCall.data.projects).toEqual([]);
    const pushed: ForecastBatchEvent[] = [];
    const big = makeServices({ ...s.deps, limits: { inCallTaskSamples: 10_000 }, queue: { push: async (events) => { pushed.push(...events); } } }, () => 'job-portfolio-1');
    expect(await call(getPortfolioForecast, { ...payload, sharedPools: true, sharedOnly: true }, big)).toMatchObject({ ok: false, error: { code: 'too-large' } });
    const started = await call(startPortfolioForecastJob, payload, big);
    expect(started).toMatchObject({ ok: true, data: { jobId: 'job-portfolio-1', done: 0, total: 3, state: 'queued' } });
    expect(pushed.map((e) => e.kind)).toEqual(['portfolio', 'portfolio', 'portfolio']);
    for (const [k, ev] of [...pushed].reverse().entries()) {
      await runForecastEvent(big, ev);
      const now = await call(getPortfolioForecastJob, { jobId: 'job-portfolio-1' }, big);
      expect(now).toMatchObject({ ok: true, data: { done: k + 1, total: 3, state: k === 2 ? 'done' : 'running' } });
    }
    const done = await call(getPortfolioForecastJob, { jobId: 'job-portfolio-1' }, big);
    if (!done.ok) throw new Error(JSON.stringify(done.error));
    expect(done.data.result).toEqual(inCall.data.shared);
    // Someone else's job is answered like a missing one.
    expect(await enveloped(() => getPortfolioForecastJob(big, { asApp: false, accountId: 'other' }, { jobId: 'job-portfolio-1' }))).toMatchObject({ ok: false, error: { code: 'not-found' } });
  }, 240_000);

  it('reduces what-if iterations to fit the call budget, and says so', async () => {
    const small = makeServices({ ...s.deps, limits: { inCallTaskSamples: 60_000 } }, () => 'job-00000002');
    const r = await call(runWhatIf, { projectKey: 'PLAT', iterations: 5000, scenarios: [{ name: 'same', changes: [] }] }, small);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.data.iterations).toBeLessThan(5000);
    expect(r.data.warnings.map((w) => w.code)).toContain('reduced-iterations');
  }, 120_000);

  it('exports a leadership summary with each P80 date and the top lever, the same bytes for the same seed', async () => {
    const a = await call(getLeadershipSummary, { projectKeys: ['FRAUD', 'LLM'], seed: '3' });
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    const { html, summary } = a.data;
    expect(summary.generatedAt).toBe(SAMPLE_TODAY);
    for (const p of summary.projects) expect(html).toContain(longDate(p.finishDate.p80));
    expect(summary.levers.length).toBeGreaterThan(0);
    expect(html).toContain(escapeHtml(summary.levers[0].label));
    for (let k = 1; k < summary.levers.length; k++) expect(summary.levers[k].gainDays).toBeLessThanOrEqual(summary.levers[k - 1].gainDays);
    const b = await call(getLeadershipSummary, { projectKeys: ['FRAUD', 'LLM'], seed: '3' });
    expect(b.ok && b.data.html).toBe(html);
    expect(await call(getLeadershipSummary, { projectKeys: 'FRAUD' })).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['projectKeys'] } });
  }, 240_000);
});
