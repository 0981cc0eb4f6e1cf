/**
 * The portfolio page (static/portfolio, jira:globalPage) in real headless Chromium:
 * the projects' P50/P80/P95 side by side, matching getPortfolioForecast for the
 * same projects (same data, same seed).
 */
import type { ResolverDefs } from '../../src/resolvers/contract';
import { formatDate, formatPercent } from '../../static/shared/src/format';
import { useHarness } from './harness';

const h = useHarness();
type Portfolio = ResolverDefs['getPortfolioForecast']['result'];

test('compares the projects\' finish dates with the resolver\'s figures', async () => {
  const page = await h.newPage();
  const frame = await h.openPanel(page, { path: '/apps/converge', app: 'portfolio', ready: '[data-testid="portfolio-table"]', timeout: 120_000 });
  const keys = await frame.locator('[data-testid="portfolio-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')!));
  expect(keys.length).toBeGreaterThan(0);
  const res = await h.invokeData<Portfolio>('getPortfolioForecast', { projectKeys: keys });
  for (const p of res.projects) {
    expect(await frame.textContent(`[data-testid="p50-${p.projectKey}"]`)).toBe(formatDate(p.forecast.finishDate.p50));
    // Without a date typed, each project is measured against its own due date (its epics' latest).
    expect(p.due).toBeDefined();
    expect(await frame.textContent(`[data-testid="due-${p.projectKey}"]`)).toBe(formatDate(p.due!));
    expect(await frame.textContent(`[data-testid="chance-${p.projectKey}"]`)).toBe(formatPercent(p.forecast.due!.probability));
  }
  expect(await frame.locator('g.pf-range').count()).toBe(res.projects.length);
  await h.screenshot(page, 'portfolio-page');

  // One date for every project.
  await frame.fill('[data-testid="portfolio-due"]', '2027-03-31');
  await frame.click('button[type="submit"]');
  await frame.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid^="due-"]')).every((td) => td.textContent === '31 Mar 2027'), undefined, { timeout: 120_000 });
  const same = await h.invokeData<Portfolio>('getPortfolioForecast', { projectKeys: keys, due: '2027-03-31' });
  for (const p of same.projects) {
    expect(await frame.textContent(`[data-testid="chance-${p.projectKey}"]`)).toBe(formatPercent(p.forecast.due!.probability));
  }
  expect(page.errors).toEqual([]);
  await page.close();
});
