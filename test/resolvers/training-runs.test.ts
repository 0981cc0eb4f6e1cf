/**
 * Training-run history (src/resolvers/training-runs.ts) and its use by the Calibrated switch
 * (src/resolvers/calibration.ts): payload and permission checks with the fake Jira, the switch
 * on the sample site behind the Jira emulator with one training run left unestimated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createResolvers } from '../../src/resolvers';
import type { Envelope, ResolverDefs, ResolverKey } from '../../src/resolvers/contract';
import { ConvergeStore } from '../../src/storage/converge-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { FakeJira } from './fake-jira';
import { startSampleSiteApp } from './sample-site-app';

// Source: test/fixtures/ml-durations/wandb-runs.csv: finished runs of 4 h, 8 h and 6 h (one crashed, one running).
const WANDB = readFileSync(join(__dirname, '../fixtures/ml-durations/wandb-runs.csv'), 'utf8');
// The fit of 4, 8, 6 h: P50 = exp(mean ln) = 192^(1/3) h.
const P50_HOURS = Math.cbrt(192);

function fakeSetup() {
  const jira = new FakeJira({ admins: ['acc-admin'] });
  const storage = new MemoryStorage();
  const app = createResolvers({ jira: jira.client, storage, now: () => new Date('2027-01-04T09:00:00Z') });
  const call = async <K extends ResolverKey>(key: K, payload: unknown, accountId = 'acc-user') =>
    (await app.definitions[key]({ payload, context: { accountId } })) as Envelope<ResolverDefs[K]['result']>;
  return { jira, storage, call };
}

describe('training-run history resolvers', () => {
  it('reject bad payloads and malformed exports, naming line and column', async () => {
    const { call } = fakeSetup();
    expect(await call('previewTrainingRuns', {})).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['text'] } });
    expect(await call('previewTrainingRuns', { text: 'x', format: 'csv' })).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['format'] } });
    const bad = await call('previewTrainingRuns', { text: 'Name,State,Runtime\nx,finished,ten\n' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['text', 'line 2 column 12'] } });
    const json = await call('previewTrainingRuns', { text: '[\n  {"info": }\n]' });
    expect(json).toMatchObject({ ok: false, error: { code: 'invalid-payload', culprits: ['text', 'line 2 column 12'] } });
    if (!json.ok) expect(json.error.message).toMatch(/line 2 column 12/);
  });

  it('preview fits without storing; saving is for Jira administrators only, checked on the server', async () => {
    const { jira, storage, call } = fakeSetup();
    const preview = await call('previewTrainingRuns', { text: WANDB });
    expect(preview).toMatchObject({ ok: true, data: { format: 'wandb-csv', count: 3, skipped: { crashed: 1, running: 1 } } });
    if (preview.ok) {
      expect(preview.data.fitHours!.p50).toBeCloseTo(P50_HOURS, 9);
      expect(preview.data.estimateDays!.mostLikely).toBeCloseTo(P50_HOURS / 24, 9);
      expect(preview.data.savedAt).toBeUndefined();
    }
    expect(await storage.list('training-runs')).toHaveLength(0);
    expect(await call('saveTrainingRuns', { text: WANDB })).toMatchObject({ ok: false, error: { code: 'forbidden', culprits: ['ADMINISTER'] } });
    expect(jira.requests.some((r) => r.path === '/rest/api/3/mypermissions' && r.as === 'acc-user')).toBe(true);
    expect(await call('getTrainingRuns', {})).toEqual({ ok: true, data: null });
    const saved = await call('saveTrainingRuns', { text: WANDB }, 'acc-admin');
    expect(saved).toMatchObject({ ok: true, data: { count: 3, savedAt: '2027-01-04T09:00:00.000Z' } });
    const stored = await new ConvergeStore(storage).getTrainingRuns<{ hours: number[] }>();
    // Durations only: no run names, no file.
    expect(stored).toMatchObject({ format: 'wandb-csv', hours: [4, 8, 6] });
    expect(JSON.stringify(stored)).not.toContain('llama');
    expect(await call('getTrainingRuns', {})).toEqual(saved);
  });
});

describe('the Calibrated switch with saved training runs (sample site behind the Jira emulator)', () => {
  let sample: Awaited<ReturnType<typeof startSampleSiteApp>>;
  let unestimatedKey: string;
  const data: Awaited<ReturnType<typeof startSampleSiteApp>>['data'] = (key, payload) => sample.data(key, payload);

  beforeAll(async () => {
    sample = await startSampleSiteApp((site) => {
      // An open training run loses its estimate: the convergence default for training runs is assumed.
      const run = site.issues.find((i) => i.projectKey === 'FRAUD' && i.issueType === 'Training Run' && i.resolution === null)!;
      run.storyPoints = null;
      run.timetracking = null;
      delete run.properties['converge.estimate'];
      unestimatedKey = run.key;
    });
  });
  afterAll(() => sample.close());

  it('gives the unestimated training run the fitted estimate and lists it as changed', async () => {
    const before = await data('getProjectForecast', { projectKey: 'FRAUD', iterations: 1000, calibrated: true });
    expect(before.calibration!.changes.find((c) => c.key === unestimatedKey)).toBeUndefined();
    // The emulator grants every permission: acc-test is an administrator there.
    const saved = await data('saveTrainingRuns', { text: WANDB });
    const after = await data('getProjectForecast', { projectKey: 'FRAUD', iterations: 1000, calibrated: true });
    const change = after.calibration!.changes.find((c) => c.key === unestimatedKey)!;
    expect(change).toBeDefined();
    expect(change.group).toBe('training runs (3)');
    expect(change.to).toEqual(saved.estimateDays);
    expect(change.to.mostLikely).toBeCloseTo(P50_HOURS / 24, 9);
  });
});
