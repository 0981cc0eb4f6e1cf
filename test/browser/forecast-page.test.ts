/**
 * The Forecast page (static/forecast-page) in real headless Chromium, hosted by the
 * local workspace as Jira hosts a jira:projectPage, on the sample site's FRAUD
 * project. The expected figures come from the getProjectForecast resolver called
 * through the same bridge endpoint with the same payload (same data, same seed),
 * so the page must show exactly the engine's numbers.
 */
import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import type { ProjectForecast } from '../../src/resolvers/contract';
import { CSV_COLUMNS } from '../../static/forecast-page/src/export-csv';
import { answerResolver, useHarness } from './harness';

const h = useHarness();
let expected: ProjectForecast;

beforeAll(async () => {
  expected = await h.invokeData<ProjectForecast>('getProjectForecast', { projectKey: 'FRAUD' }, { project: { key: 'FRAUD' } });
}, 120_000);

const openForecast = (page: Page): Promise<Frame> =>
  h.openPanel(page, { path: '/projects/FRAUD/forecast', app: 'forecast-page', ready: '[data-testid="forecast-page"]', timeout: 60_000 });

async function download(page: Page, frame: Frame, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), frame.click(`[data-testid="${testId}"]`)]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
}

test('shows the engine\'s P50/P80/P95 for the same data and seed, and a plain-language summary', async () => {
  const page = await h.newPage();
  const frame = await openForecast(page);
  const f = expected.forecast;
  expect(await frame.getAttribute('[data-testid="fig-p50"]', 'data-value')).toBe(f.finishDate.p50);
  expect(await frame.getAttribute('[data-testid="fig-p80"]', 'data-value')).toBe(f.finishDate.p80);
  expect(await frame.getAttribute('[data-testid="fig-p95"]', 'data-value')).toBe(f.finishDate.p95);
  expect(await frame.textContent('[data-testid="forecast-meta"]')).toContain(`seed ${f.seed}`);
  const summary = await frame.textContent('[data-testid="executive-summary"]');
  expect(summary).toMatch(/chance to ship by/);
  if (f.drivers[0]) expect(summary).toContain(f.drivers[0].id);
  await h.screenshot(page, 'forecast-page-roadmap');
  expect(page.errors).toEqual([]);
  await page.close();
});

test('marks the critical path: critical class, danger colour and a CRITICAL label on exactly its issues', async () => {
  const page = await h.newPage({ width: 1440, height: 1000 });
  const frame = await openForecast(page);
  const path = expected.schedule.criticalPath;
  expect(path.length).toBeGreaterThan(0);
  const bars = frame.locator('rect.cv-bar.critical, path.cv-bar.critical');
  expect(await bars.count()).toBe(path.length);
  const ids = await frame.locator('g[data-id]').filter({ has: frame.locator('.cv-bar.critical') }).evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  expect(ids.sort()).toEqual([...path].sort());
  // The Atlassian danger token (#C9372C in the light theme) fills every critical bar.
  const fills = await bars.evaluateAll((els) => els.map((e) => getComputedStyle(e).fill));
  expect(new Set(fills)).toEqual(new Set(['rgb(201, 55, 44)']));
  // Readable without colour: a CRITICAL lozenge on exactly those rows.
  expect(await frame.locator('g.cv-label-row.critical').count()).toBe(path.length);
  expect(await frame.locator('g.cv-label-row.critical text', { hasText: 'CRITICAL' }).count()).toBe(path.length);
  // The legend explains it.
  expect(await frame.textContent('.cv-legend')).toContain('Critical path');
  await page.close();
});

test('zooms between weeks and months and groups by epic (collapsible)', async () => {
  const page = await h.newPage();
  const frame = await openForecast(page);
  const chartWidth = () => frame.locator('svg[data-export-part="chart"]').evaluate((e) => (e as SVGSVGElement).width.baseVal.value);
  await frame.click('[data-testid="zoom-weeks"]');
  const weeks = await chartWidth();
  await frame.click('[data-testid="zoom-months"]');
  expect(await frame.getAttribute('[data-testid="zoom-months"]', 'aria-pressed')).toBe('true');
  const months = await chartWidth();
  // 12 px per day in weeks, 3 in months: the month view is about a quarter as wide.
  expect(months).toBeLessThan(weeks / 2);
  await h.screenshot(page, 'forecast-page-months');

  const groups = frame.locator('g.cv-group-row');
  const groupCount = await groups.count();
  expect(groupCount).toBeGreaterThan(0);
  const taskRows = frame.locator('g.cv-label-row');
  const all = await taskRows.count();
  const first = groups.first();
  const key = await first.getAttribute('data-group');
  await first.click();
  expect(await first.getAttribute('aria-expanded')).toBe('false');
  const hidden = expected.issues.filter((i) => i.epic === key || i.key === key).length;
  expect(await taskRows.count()).toBeLessThan(all);
  expect(all - (await taskRows.count())).toBeLessThanOrEqual(hidden);
  // Keyboard: Enter on the focused group header expands it again.
  await first.focus();
  await page.keyboard.press('Enter');
  expect(await taskRows.count()).toBe(all);

  await frame.uncheck('[data-testid="group-by-epic"]');
  expect(await groups.count()).toBe(0);
  // Done issues off the critical path are hidden until asked for.
  const onPath = new Set(expected.schedule.criticalPath);
  const shown = expected.schedule.tasks.filter((t) => t.status !== 'done' || onPath.has(t.id)).length;
  expect(await taskRows.count()).toBe(Math.min(150, shown));
  if (shown < expected.schedule.tasks.length) {
    await frame.check('[data-testid="show-done"]');
    expect(await taskRows.count()).toBe(Math.min(150, expected.schedule.tasks.length));
  }
  await page.close();
});

test('exports the per-issue CSV and the JSON report, and the charts as SVG and PNG', async () => {
  const page = await h.newPage();
  const frame = await openForecast(page);

  const csv = await download(page, frame, 'export-csv');
  expect(csv.name).toBe('fraud-forecast.csv');
  const lines = csv.bytes.toString('utf8').trim().split('\r\n');
  expect(lines[0]).toBe(CSV_COLUMNS.join(','));
  expect(lines.length - 1).toBe(expected.schedule.tasks.length);
  const t0 = expected.schedule.tasks[0];
  const row = lines.find((l) => l.startsWith(`${t0.id},`))!;
  expect(row).toContain(`,${t0.startDate},${t0.finishDate},`);

  const json = await download(page, frame, 'export-json');
  const report = JSON.parse(json.bytes.toString('utf8')) as ProjectForecast;
  expect(report.forecast.finishDate).toEqual(expected.forecast.finishDate);
  expect(report.schedule.criticalPath).toEqual(expected.schedule.criticalPath);

  const svg = await download(page, frame, 'export-svg');
  const text = svg.bytes.toString('utf8');
  expect(text.startsWith('<?xml')).toBe(true);
  expect(text).toContain('cv-bar critical');
  expect(text).not.toContain('var(--');

  const png = await download(page, frame, 'export-png');
  expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.bytes.length).toBeGreaterThan(5000);
  await page.close();
});

test('shows the distribution with P50/P80/P95 markers, the risk drivers and pool usage', async () => {
  const page = await h.newPage();
  const frame = await openForecast(page);
  await frame.click('#fp-tab-distribution');
  await frame.waitForSelector('[data-testid="distribution"] svg');
  const days = await frame.locator('.cv-marker').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-days'))));
  const f = expected.forecast.finishDays;
  expect(days).toEqual([f.p50, f.p80, f.p95]);
  expect(await frame.locator('.cv-hist-bar').count()).toBeGreaterThan(3);
  await h.screenshot(page, 'forecast-page-distribution');

  await frame.click('#fp-tab-drivers');
  if (expected.forecast.drivers.length) {
    await frame.waitForSelector('[data-testid="drivers"] svg');
    expect(await frame.locator('g.cv-driver').first().getAttribute('data-id')).toBe(expected.forecast.drivers[0].id);
  }
  await h.screenshot(page, 'forecast-page-drivers');

  await frame.click('#fp-tab-resources');
  const pools = expected.schedule.resourceUsage ?? [];
  // The workspace's sample settings configure the A100 and H100 pools; FRAUD's training runs hold A100 GPUs.
  expect(pools.map((p) => p.id).sort()).toEqual(['gpu-a100', 'gpu-h100']);
  const used = pools.filter((p) => p.usage.some((x) => x > 0));
  expect(used.map((p) => p.id)).toContain('gpu-a100');
  await frame.waitForSelector('[data-testid="resources"]');
  expect(await frame.locator('figure.cv-pool').count()).toBe(used.length);
  if (used.length < pools.length) expect(await frame.textContent('[data-testid="unused-pools"]')).toContain('H100 pool');
  await h.screenshot(page, 'forecast-page-resources');
  // Keyboard navigation between tabs.
  await frame.focus('#fp-tab-resources');
  await page.keyboard.press('ArrowRight');
  expect(await frame.getAttribute('#fp-tab-estimation', 'aria-selected')).toBe('true');
  expect(page.errors).toEqual([]);
  await page.close();
});

test('renders in the dark theme', async () => {
  const page = await h.newPage({ colorMode: 'dark' });
  const frame = await openForecast(page);
  expect(await frame.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).toBe('dark');
  await h.screenshot(page, 'forecast-page-dark');
  await page.close();
});

test('shows a loud error with its code and retries; shows an empty state for an empty scope', async () => {
  const page = await h.newPage();
  let mode: 'error' | 'empty' = 'error';
  await answerResolver(page, 'getProjectForecast', () => {
    if (mode === 'error') return { ok: false, error: { code: 'cycle', message: 'FRAUD-1 -> FRAUD-2 -> FRAUD-1 form a loop', culprits: ['FRAUD-1', 'FRAUD-2'] } };
    return { ok: true, data: { ...expected, issues: [], schedule: { ...expected.schedule, tasks: [], criticalPath: [] } } };
  });
  const frame = await h.openPanel(page, { path: '/projects/FRAUD/forecast', app: 'forecast-page' });
  const error = frame.locator('[data-testid="error-state"]');
  await error.waitFor();
  expect(await error.getAttribute('data-error-code')).toBe('cycle');
  expect(await error.textContent()).toContain('FRAUD-1, FRAUD-2');
  await h.screenshot(page, 'forecast-page-error');
  mode = 'empty';
  await error.locator('button', { hasText: 'Try again' }).click();
  await frame.locator('[data-testid="empty-state"]').waitFor();
  expect(await frame.textContent('[data-testid="empty-state"]')).toMatch(/No issues to forecast/);
  await page.close();
});

test('the Health tab lists the missing security gate with the release key, the missed window, and opens issues', async () => {
  const health = expected.health ?? [];
  const prod = expected.issues.find((i) => i.summary.startsWith('Production deployment'))!;
  const missing = health.find((f) => f.id === 'HC-MISSING-GATE')!;
  expect(missing.tasks).toEqual([prod.key, 'GATE-security']);
  const page = await h.newPage({ width: 1440, height: 1000 });
  const frame = await openForecast(page);
  expect(await frame.textContent('#fp-tab-health')).toBe(`Health (${health.length})`);
  await frame.click('#fp-tab-health');
  await frame.waitForSelector('[data-testid="health-tab"]');
  const rows = frame.locator('[data-testid="health-finding"]');
  expect(await rows.count()).toBe(health.length);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(health.map((f) => f.id));
  const gateRow = frame.locator('[data-testid="health-finding"][data-id="HC-MISSING-GATE"]');
  expect(await gateRow.getAttribute('data-severity')).toBe('error');
  expect(await gateRow.innerText()).toContain('security-review');
  expect(await gateRow.locator('[data-testid="health-key"]').allInnerTexts()).toEqual([prod.key]);
  // The placeholder is named but not a link: it is not a Jira issue.
  expect(await gateRow.locator('.cv-placeholder').allInnerTexts()).toEqual(['GATE-security']);
  // The deployment either lands in its March window or the page says it does not.
  const finish = expected.schedule.tasks.find((t) => t.id === prod.key)!.finishDate;
  if (!(finish >= '2027-03-15' && finish <= '2027-03-19')) {
    expect(await frame.locator('[data-testid="health-finding"][data-id="HC-OUTSIDE-WINDOW"]').innerText()).toContain(prod.key);
  }
  await h.screenshot(page, 'forecast-page-health');
  await Promise.all([page.waitForURL(`**/browse/${prod.key}`), gateRow.locator('[data-testid="health-key"]').first().click()]);
  expect(page.errors).toEqual([]);
  await page.close();
});

test('the roadmap shows the placeholder gate, marked as a placeholder', async () => {
  const page = await h.newPage({ width: 1440, height: 1000 });
  const frame = await openForecast(page);
  await frame.waitForSelector('[data-testid="roadmap"] svg');
  const bar = frame.locator('.cv-bar.placeholder');
  expect(await bar.count()).toBe(1);
  expect(await bar.first().locator('title').textContent()).toContain('Placeholder added by the forecast');
  expect(await frame.locator('text=ASSUMED').count()).toBeGreaterThan(0);
  await h.screenshot(page, 'forecast-page-placeholder-gate');
  await page.close();
});
