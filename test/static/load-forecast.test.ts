/**
 * How the Forecast page loads a forecast (static/forecast-page/src/api.ts): one call for
 * a normal run; a queued job with progress when the run is long or the server says the
 * scope is too large for one call; a failed job becomes an error with its code.
 * The bridge is replaced at its module boundary.
 */
const invoke = jest.fn();
jest.mock('@forge/bridge', () => ({ invoke: (...args: unknown[]) => invoke(...args), router: {}, view: {} }));

import { JOB_THRESHOLD, loadForecast } from '../../static/forecast-page/src/api';
import { CallError } from '../../static/shared/src/api';

const pf = { projectKey: 'ML' };

beforeEach(() => {
  invoke.mockReset();
  jest.useFakeTimers();
});
afterEach(() => jest.useRealTimers());

async function run<T>(p: Promise<T>): Promise<T> {
  // Let the polling timers fire.
  for (let i = 0; i < 20; i++) await jest.advanceTimersByTimeAsync(1000);
  return p;
}

test('a failed job rejects with the job\'s error code', async () => {
  invoke.mockImplementation(async (key: string) => {
    if (key === 'startProjectForecastJob') return { ok: true, data: { jobId: 'j1', done: 0, total: 10, state: 'queued' } };
    return { ok: true, data: { jobId: 'j1', done: 3, total: 10, state: 'failed', error: { code: 'cycle', message: 'ML-1 -> ML-2 -> ML-1' } } };
  });
  const err = await run(loadForecast({ projectKey: 'ML', iterations: 100_000 }, () => undefined).catch((e: unknown) => e));
  expect(err).toBeInstanceOf(CallError);
  expect((err as CallError).code).toBe('cycle');
});

test('a normal run is one getProjectForecast call', async () => {
  invoke.mockResolvedValue({ ok: true, data: pf });
  await expect(loadForecast({ projectKey: 'ML', iterations: 10_000 }, () => undefined)).resolves.toEqual(pf);
  expect(invoke.mock.calls.map((c) => c[0])).toEqual(['getProjectForecast']);
});

test('a long run goes through the queue and reports progress until done', async () => {
  let polls = 0;
  invoke.mockImplementation(async (key: string) => {
    if (key === 'startProjectForecastJob') return { ok: true, data: { jobId: 'j1', done: 0, total: 10, state: 'queued' } };
    polls++;
    return polls < 3
      ? { ok: true, data: { jobId: 'j1', done: polls * 4, total: 10, state: 'running' } }
      : { ok: true, data: { jobId: 'j1', done: 10, total: 10, state: 'done', result: pf } };
  });
  const progress: number[] = [];
  const result = await run(loadForecast({ projectKey: 'ML', iterations: JOB_THRESHOLD + 1 }, (d) => progress.push(d)));
  expect(result).toEqual(pf);
  expect(progress).toEqual([0, 4, 8, 10]);
  expect(invoke.mock.calls[0][0]).toBe('startProjectForecastJob');
});

test('"too-large" from the one-call path falls back to a job', async () => {
  invoke.mockImplementation(async (key: string) => {
    if (key === 'getProjectForecast') return { ok: false, error: { code: 'too-large', message: 'split it' } };
    if (key === 'startProjectForecastJob') return { ok: true, data: { jobId: 'j2', done: 10, total: 10, state: 'done', result: pf } };
    throw new Error(`unexpected ${key}`);
  });
  await expect(run(loadForecast({ projectKey: 'ML' }, () => undefined))).resolves.toEqual(pf);
});

test('other errors are not retried as jobs', async () => {
  invoke.mockResolvedValue({ ok: false, error: { code: 'jira-error', message: 'Jira answered 503' } });
  await expect(loadForecast({ projectKey: 'ML' }, () => undefined)).rejects.toMatchObject({ code: 'jira-error' });
  expect(invoke).toHaveBeenCalledTimes(1);
});
