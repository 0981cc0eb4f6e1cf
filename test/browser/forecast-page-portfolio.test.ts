/**
 * The portfolio page (static/portfolio, jira:globalPage) in real headless Chromium:
 * the projects' P50/P80/P95 side by side, matching getPortfolioForecast for the
 * same projects (same data, same seed).
 */
import type { Envelope, ResolverDefs } from '../../src/resolvers/contract';
import { formatDate } from '../../static/shared/src/format';
import { startHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

test('compares the projects\' finish dates with the resolver\'s figures', async () => {
  const page = await h.newPage();
  await page.goto(`${h.url}/apps/converge`);
  const frame = await h.panel(page, 'portfolio');
  await frame.waitForSelector('[data-testid="portfolio-table"]', { timeout: 120_000 });
  const keys = await frame.locator('[data-testid="portfolio-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')!));
  expect(keys.length).toBeGreaterThan(0);
  const res = await h.invoke<Envelope<ResolverDefs['getPortfolioForecast']['result']>>('getPortfolioForecast', { projectKeys: keys });
  if (!res.body.ok) throw new Error(JSON.stringify(res.body.error));
  for (const p of res.body.data.projects) {
    expect(await frame.textContent(`[data-testid="p50-${p.projectKey}"]`)).toBe(formatDate(p.forecast.finishDate.p50));
  }
  expect(await frame.locator('g.pf-range').count()).toBe(res.body.data.projects.length);
  await h.screenshot(page, 'portfolio-page');
  expect(page.errors).toEqual([]);
  await page.close();
});
