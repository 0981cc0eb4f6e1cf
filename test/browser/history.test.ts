/**
 * The Forecast page's History tab in headless Chromium, hosted by the local workspace on the
 * sample site's FRAUD project: the trend chart is drawn (snapshots + now), "Snapshot now" adds
 * a row, "why it moved" between a snapshot and now gives one row per category whose P80 deltas
 * sum to the total, a named baseline is saved and its variance shown; the calibrated switch
 * shows what it changed. Expected values come from the resolvers through the same bridge.
 */
import type { Frame, Page } from 'playwright-core';
import type { ProjectForecast, SnapshotSummary } from '../../src/resolvers/contract';
import { openTab, useHarness } from './harness';

const h = useHarness();
const FRAUD = { project: { key: 'FRAUD' } };

beforeAll(async () => {
  // One stored snapshot before the page opens, so the trend has a past point.
  await h.invokeData<SnapshotSummary>('takeSnapshot', { projectKey: 'FRAUD' }, FRAUD);
}, 180_000);

const openForecast = (page: Page): Promise<Frame> =>
  h.openPanel(page, { path: '/projects/FRAUD/forecast', app: 'forecast-page', ready: '[data-testid="forecast-page"]', timeout: 90_000 });
const openHistory = async (page: Page): Promise<Frame> => openTab(await openForecast(page), '#fp-tab-history', '[data-testid="history-tab"]', 30_000);

test('draws the trend, snapshots now, explains the move and saves a baseline', async () => {
  const page = await h.newPage({ width: 1280, height: 1400 });
  const frame = await openHistory(page);

  // Trend: P50/P80/P95 lines through the stored snapshot and now.
  await frame.waitForSelector('svg.fp-trend');
  expect(await frame.locator('svg.fp-trend .fp-trend-p80 circle').count()).toBe(2);
  expect(await frame.locator('svg.fp-trend .fp-trend-p50 path').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
  expect(await frame.locator('svg.fp-trend .fp-trend-due').count()).toBe(1); // FRAUD has a due date (its epics')
  expect(await frame.locator('[data-testid="snapshot-row"]').count()).toBe(1);

  // Snapshot now: a second row and a third point.
  await frame.click('[data-testid="snapshot-now"]');
  await frame.waitForFunction(() => document.querySelectorAll('[data-testid="snapshot-row"]').length === 2, undefined, { timeout: 60_000 });
  expect(await frame.locator('svg.fp-trend .fp-trend-p80 circle').count()).toBe(3);

  // Why it moved: from the newest snapshot (selected by default) to now.
  await frame.click('[data-testid="explain"]');
  await frame.waitForSelector('[data-testid="why-moved"]', { timeout: 90_000 });
  const rows = frame.locator('[data-testid="why-row"]');
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-category')))).toEqual(['scope', 'estimates', 'dependencies', 'progress', 'resources', 'other']);
  const deltas = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-p80'))));
  // Nothing changed between the snapshot and now (same day, same data): every category 0.
  expect(deltas).toEqual([0, 0, 0, 0, 0, 0]);
  expect(await frame.textContent('[data-testid="why-total-p80"]')).toBe('0');

  // Baseline: saved by name, then the variance against it (0 right after saving).
  await frame.fill('[data-testid="baseline-name"]', 'Q1 commitment');
  await frame.click('[data-testid="save-baseline"]');
  await frame.waitForSelector('[data-testid="baseline-variance"]', { timeout: 60_000 });
  expect(await frame.getAttribute('[data-testid="baseline-variance"]', 'data-p80-days')).toBe('0');
  expect(await frame.textContent('[data-testid="variance-p80"]')).toContain('Q1 commitment');
  expect(await frame.locator('[data-testid="baseline-select"] option').allTextContents()).toEqual([expect.stringMatching(/^Q1 commitment \(/)]);
  await h.screenshot(page, 'forecast-page-history');
  expect(page.errors).toEqual([]);
  await page.close();
}, 240_000);

test('why it moved names the estimate that grew since the snapshot', async () => {
  // Grow an open critical issue's estimate by 5 working days on every point, as the issue panel would save it.
  const data = await h.invokeData<ProjectForecast>('getProjectForecast', { projectKey: 'FRAUD' }, FRAUD);
  const critical = data.schedule.tasks.find((t) => t.critical && t.status !== 'done' && data.issues.some((i) => i.key === t.id && i.estimate && !i.placeholder))!;
  const est = data.issues.find((i) => i.key === critical.id)!.estimate!;
  const grown = { ...est, optimistic: est.optimistic + 5, mostLikely: est.mostLikely + 5, pessimistic: est.pessimistic + 5 };
  await h.invokeData('saveEstimate', { issueKey: critical.id, estimate: grown }, { issue: { key: critical.id } });

  const page = await h.newPage({ width: 1280, height: 1400 });
  const frame = await openHistory(page);
  await frame.click('[data-testid="explain"]');
  await frame.waitForSelector('[data-testid="why-moved"]', { timeout: 90_000 });
  const estimates = frame.locator('[data-testid="why-row"][data-category="estimates"]');
  expect(await estimates.textContent()).toContain(critical.id);
  // On the critical path of a resource-levelled plan the P80 moves by about the 5 days added (not exactly: pools and other paths).
  expect(Number(await estimates.getAttribute('data-p80'))).toBeGreaterThan(0);
  const deltas = await frame.locator('[data-testid="why-row"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-p80'))));
  const total = deltas.reduce((a, b) => a + b, 0);
  expect(await frame.textContent('[data-testid="why-total-p80"]')).toBe(total === 0 ? '0' : `${total > 0 ? '+' : '−'}${Math.abs(Math.round(total * 10) / 10)} d`);
  await h.screenshot(page, 'forecast-page-why-moved');
  expect(page.errors).toEqual([]);
  await page.close();
}, 240_000);

test('the calibrated switch shows the calibrated figures and what changed', async () => {
  const page = await h.newPage();
  const frame = await openForecast(page);
  const plainP80 = await frame.getAttribute('[data-testid="fig-p80"]', 'data-value');
  await frame.click('[data-testid="calibrated-toggle"]');
  await frame.waitForSelector('[data-testid="calibration"]', { timeout: 90_000 });
  const calibrated = await h.invokeData<{ calibration: { changes: unknown[] }; forecast: { finishDate: { p80: string } } }>('getProjectForecast', { projectKey: 'FRAUD', iterations: 10000, calibrated: true }, FRAUD);
  expect(await frame.getAttribute('[data-testid="fig-p80"]', 'data-value')).toBe(calibrated.forecast.finishDate.p80);
  expect(await frame.textContent('[data-testid="calibration"]')).toContain(`${calibrated.calibration.changes.length} estimates changed`);
  expect(plainP80).not.toBeNull();
  expect(page.errors).toEqual([]);
  await page.close();
}, 240_000);
