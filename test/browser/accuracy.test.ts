/**
 * The History tab's Accuracy section in headless Chromium on the sample site's FRAUD project.
 * The workspace's SQLite file is seeded before it starts with one snapshot taken on 2 Nov 2026
 * (the sample site has no past snapshots: its six months of history are issues, not forecasts).
 * The snapshot forecast the FRAUD issues the sample site resolves after that day; their
 * percentiles are built around the real resolution dates so that 4 of every 5 finish by their
 * P80 (hit rate 0.8 by construction). The other figures are compared with the resolver's reply
 * through the same bridge.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccuracyRetrospective, SnapshotSummary } from '../../src/resolvers/contract';
import { sampleSite } from '../../src/local/sample-site/sample-site';
import { ConvergeStore } from '../../src/storage/converge-store';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { openTab, TODAY, useHarness } from './harness';

const TAKEN = '2026-11-02T09:00:00.000Z';
const dir = mkdtempSync(join(tmpdir(), 'converge-accuracy-'));
const sqlitePath = join(dir, 'workspace.sqlite');
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
let expectedHits = 0, expectedRecords = 0;

beforeAll(async () => {
  const site = sampleSite({ today: TODAY });
  const resolved = site.issues
    .filter((i) => i.projectKey === 'FRAUD' && i.resolutiondate && Date.parse(i.resolutiondate.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) > Date.parse(TAKEN))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const p50: Record<string, string> = {}, p80: Record<string, string> = {}, p95: Record<string, string> = {};
  let last = '';
  resolved.forEach((issue, k) => {
    const actual = issue.resolutiondate!.slice(0, 10);
    if (actual > last) last = actual;
    // Every 5th issue finished 3 days after its P80; the others 3 days before it (3 days: no time-zone edge can flip it).
    const miss = k % 5 === 4;
    p80[issue.key] = shift(actual, miss ? -3 : 3);
    p50[issue.key] = shift(p80[issue.key], -4);
    p95[issue.key] = shift(p80[issue.key], 5);
    if (!miss) expectedHits++;
  });
  expectedRecords = resolved.length;
  const snap: SnapshotSummary = {
    id: 'seeded-1', projectKey: 'FRAUD', takenAt: TAKEN, trigger: 'weekly', criticalPath: [], inputHash: 'seeded',
    finishDate: { p50: shift(last, -10), p80: shift(last, -2), p95: shift(last, 7) }, finishDateTails: { p10: shift(last, -20), p90: shift(last, 3) },
    issueP80: p80, issueP50: p50, issueP95: p95, issueCount: resolved.length,
  };
  const storage = new SqliteStorage(sqlitePath);
  await new ConvergeStore(storage).saveSnapshot('FRAUD', TAKEN, snap.id, snap);
  storage.close();
}, 60_000);

const h = useHarness({ sqlitePath });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FRAUD = { project: { key: 'FRAUD' } };

test('the Accuracy section shows the hit rate, the P50 error, the interval score and the calibration chart', async () => {
  expect(expectedRecords).toBeGreaterThanOrEqual(10); // the sample site resolves ~20 FRAUD issues after 2 Nov
  const r = await h.invokeData<AccuracyRetrospective>('getAccuracyRetrospective', { projectKey: 'FRAUD' }, FRAUD);
  expect(r.issues).toMatchObject({ records: expectedRecords, p80Hits: expectedHits });
  expect(r.program.records).toBe(1);

  const page = await h.newPage({ width: 1280, height: 1600 });
  const forecast = await h.openPanel(page, { path: '/projects/FRAUD/forecast', app: 'forecast-page', ready: '[data-testid="forecast-page"]', timeout: 90_000 });
  const frame = await openTab(forecast, '#fp-tab-history', '[data-testid="history-tab"]', 30_000);
  await frame.waitForSelector('[data-testid="accuracy"][data-records]', { timeout: 60_000 });

  expect(Number(await frame.getAttribute('[data-testid="accuracy-hit-rate"]', 'data-value'))).toBeCloseTo(expectedHits / expectedRecords, 12);
  expect(await frame.textContent('[data-testid="accuracy-hit-rate"]')).toContain(`${expectedHits} of ${expectedRecords}`);
  const err = frame.locator('[data-testid="accuracy-p50-error"]');
  expect(Number(await err.getAttribute('data-mean'))).toBeCloseTo(r.issues.score!.p50Error.mean, 9);
  expect(Number(await err.getAttribute('data-median'))).toBeCloseTo(r.issues.score!.p50Error.median, 9);
  expect(Number(await frame.getAttribute('[data-testid="accuracy-interval"]', 'data-value'))).toBeCloseTo(r.program.score!.interval!.mean, 9);

  // The chart: the diagonal, one line per series (issues: P50/P80/P95; program: P10..P95).
  await frame.waitForSelector('svg.fp-calibration');
  expect(await frame.locator('svg.fp-calibration .fp-calibration-diagonal').count()).toBe(1);
  expect(await frame.locator('svg.fp-calibration .fp-calibration-issues circle').count()).toBe(3);
  expect(await frame.locator('svg.fp-calibration .fp-calibration-program circle').count()).toBe(5);
  // The screen-reader table holds the same rows as the resolver's calibration.
  const rows = await frame.locator('[data-testid="calibration-row"][data-series="issues"]').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-level')), Number(e.getAttribute('data-observed'))]));
  expect(rows).toEqual(r.issues.score!.calibration.map((c) => [c.level, c.observed]));
  expect(rows[1][1]).toBeCloseTo(expectedHits / expectedRecords, 12); // P80 row = the hit rate
  await frame.locator('[data-testid="accuracy"]').scrollIntoViewIfNeeded();
  await h.screenshot(page, 'forecast-page-accuracy');
  expect(page.errors).toEqual([]);
  await page.close();
}, 240_000);

test('a project without snapshots explains how the record builds up', async () => {
  const page = await h.newPage();
  const forecast = await h.openPanel(page, { path: '/projects/PLAT/forecast', app: 'forecast-page', ready: '[data-testid="forecast-page"]', timeout: 90_000 });
  const frame = await openTab(forecast, '#fp-tab-history', '[data-testid="history-tab"]', 30_000);
  await frame.waitForSelector('[data-testid="accuracy"][data-empty="no-snapshots"]', { timeout: 60_000 });
  expect(await frame.textContent('[data-testid="accuracy"]')).toMatch(/each week/);
  expect(await frame.locator('svg.fp-calibration').count()).toBe(0);
  expect(page.errors).toEqual([]);
  await page.close();
}, 240_000);
