/**
 * The settings page's "Training-run history" section (static/admin-page/src/TrainingRuns.tsx) in
 * headless Chromium on the local workspace: a malformed export names its line and column, a
 * pasted W&B CSV previews its count and fit, saves, and the saved count survives a reload.
 */
import type { Frame, Page } from 'playwright-core';
import { answerResolver, useHarness } from './harness';

const h = useHarness();

const openAdmin = (page: Page): Promise<Frame> =>
  h.openPanel(page, { path: '/settings/apps/converge', app: 'admin-page', ready: '[data-testid="training-runs-stored"] p', timeout: 60_000 });

// W&B runs CSV (test/fixtures/ml-durations/wandb-runs.csv, trimmed): finished runs of 4 h, 8 h, 6 h; one crashed.
const CSV = [
  'Name,State,Runtime',
  'llama-ft-1,finished,14400',
  'llama-ft-2,finished,28800',
  'llama-ft-3,crashed,1800',
  'llama-ft-4,finished,21600',
].join('\n');

test('a malformed export shows its line and column and saves nothing', async () => {
  const page = await h.newPage();
  const frame = await openAdmin(page);
  const before = await h.invokeData('getTrainingRuns', {});
  await frame.fill('[data-testid="training-runs-text"]', 'Name,State,Runtime\nx,finished,ten');
  await frame.click('[data-testid="training-runs-preview"]');
  const error = frame.locator('[data-testid="training-runs-error"]');
  await error.waitFor();
  expect(await error.textContent()).toMatch(/line 2 column 12/);
  expect(await frame.getAttribute('[data-testid="training-runs-text"]', 'aria-invalid')).toBe('true');
  await frame.click('[data-testid="training-runs-save"]');
  await error.waitFor();
  expect(await h.invokeData('getTrainingRuns', {})).toEqual(before);
  await page.close();
});

test('paste a CSV, preview the count and fit, save; a reload shows the saved count', async () => {
  const page = await h.newPage({ width: 1280, height: 1200 });
  let frame = await openAdmin(page);
  await frame.fill('[data-testid="training-runs-text"]', CSV);
  await frame.click('[data-testid="training-runs-preview"]');
  const preview = frame.locator('[data-testid="training-runs-preview-result"]');
  await preview.waitFor();
  // Lognormal fit of 4, 8, 6 h: P50 = 192^(1/3) = 5.8 h.
  expect(await preview.textContent()).toMatch(/3 finished runs \(wandb-csv\); left out: 1 crashed\. Duration P5 .* h, P50 5\.8 h, P95 .* h/);
  await frame.click('[data-testid="training-runs-save"]');
  await frame.locator('[data-testid="training-runs-status"]', { hasText: 'Saved.' }).waitFor();
  expect(await frame.textContent('[data-testid="training-runs-saved-count"]')).toBe('3');
  await h.screenshot(page, 'admin-page-training-runs');

  await page.reload();
  frame = await openAdmin(page);
  await frame.locator('[data-testid="training-runs-saved-count"]').waitFor();
  expect(await frame.textContent('[data-testid="training-runs-saved-count"]')).toBe('3');
  expect(page.errors).toEqual([]);
  await page.close();
});

test('a non-admin\'s save is refused with a clear message', async () => {
  const page = await h.newPage();
  await answerResolver(page, 'saveTrainingRuns', () => ({ ok: false, error: { code: 'forbidden', message: 'only Jira administrators may change Converge settings', culprits: ['ADMINISTER'] } }));
  const frame = await openAdmin(page);
  await frame.fill('[data-testid="training-runs-text"]', CSV);
  await frame.click('[data-testid="training-runs-save"]');
  const refused = frame.locator('[data-testid="training-runs-forbidden"]');
  await refused.waitFor();
  expect(await refused.textContent()).toMatch(/Only Jira administrators/);
  await page.close();
});
