/**
 * The Forecast page's Risks tab (static/forecast-page/src/RisksTab.tsx) in real headless
 * Chromium on the sample site's FRAUD project: the empty state before any risk is
 * configured, then a register saved through the settings resolver, simulated by the
 * engine and shown ordered by P80 contribution. The expected rows come from the
 * getProjectForecast resolver with the same payload (same data, same seed).
 */
import type { Frame, Page } from 'playwright-core';
import type { ProjectForecast, Settings } from '../../src/resolvers/contract';
import type { RiskForecast } from '../../src/engine/reports';
import { openTab, useHarness } from './harness';

const h = useHarness();

/** The tab's order (RisksTab.tsx orderRisks; importing it here would pull in @forge/bridge): largest P80 contribution first, null last, then mean delay, then id. */
function orderRisks(risks: readonly RiskForecast[]): RiskForecast[] {
  const key = (r: RiskForecast) => (r.p80ContributionDays === null ? -Infinity : r.p80ContributionDays);
  return [...risks].sort((a, b) => key(b) - key(a) || (b.meanDelayDays ?? 0) - (a.meanDelayDays ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

async function openRisks(page: Page): Promise<Frame> {
  const frame = await h.openPanel(page, { path: '/projects/FRAUD/forecast', app: 'forecast-page', ready: '[data-testid="forecast-page"]', timeout: 60_000 });
  return openTab(frame, '#fp-tab-risks', '[data-testid="risks-tab"], [data-testid="risks-empty"]', 30_000);
}

const data = <T>(key: string, payload: unknown): Promise<T> => h.invokeData<T>(key, payload, { project: { key: 'FRAUD' } });

test('without a risk register the tab explains how to add risks in settings', async () => {
  const page = await h.newPage();
  const frame = await openRisks(page);
  const empty = await frame.textContent('[data-testid="risks-empty"]');
  expect(empty).toMatch(/No risk register/);
  expect(empty).toMatch(/Risk register/);
  expect(empty).toMatch(/Correlated estimates/);
  expect(page.errors).toEqual([]);
  await page.close();
});

test('lists the simulated risks by P80 contribution with a bar, chance, occurrence and hit issues; correlation groups with coefficients', async () => {
  const settings = await data<Settings>('getSettings', {});
  await data('saveSettings', {
    settings: {
      ...settings,
      risks: [
        { id: 'rare', name: 'Rare audit finding', probability: 0.02, impactDays: 2, match: { keyPrefix: 'FRAUD-' } },
        { id: 'vendor', name: 'Labelling vendor late', probability: 0.3, impactDays: 10, match: { keyPrefix: 'FRAUD-' } },
        { id: 'outage', name: 'Cluster outage', probability: 0.1, impact: { optimistic: 2, mostLikely: 5, pessimistic: 10, distribution: 'triangular' }, match: { issueTypes: ['Training Run'] } },
      ],
      correlations: [{ id: 'training', label: 'Training runs', coefficient: 0.6, match: { issueTypes: ['Training Run'] } }],
    },
  });
  const expected = await data<ProjectForecast>('getProjectForecast', { projectKey: 'FRAUD' });
  const risks = orderRisks(expected.forecast.risks ?? []);
  expect(risks.map((r) => r.id).sort()).toEqual(['outage', 'rare', 'vendor']);
  // A 30% risk adding 10 days to every FRAUD issue must move the P80 more than a 2% one adding 2 days.
  expect(risks[0].id).toBe('vendor');

  const page = await h.newPage({ width: 1440, height: 1000 });
  const frame = await openRisks(page);
  const rows = await frame.$$eval('[data-testid^="risk-row-"]', (els) => els.map((e) => e.getAttribute('data-testid')!.replace('risk-row-', '')));
  expect(rows).toEqual(risks.map((r) => r.id));
  for (const r of risks) {
    expect(await frame.getAttribute(`[data-testid="risk-bar-${r.id}"]`, 'data-days')).toBe(r.p80ContributionDays === null ? '' : String(r.p80ContributionDays));
    expect(await frame.textContent(`[data-testid="risk-occurred-${r.id}"]`)).toMatch(/%$/);
  }
  const vendor = risks[0];
  expect(vendor.tasks.length).toBeGreaterThan(0);
  expect(await frame.textContent('[data-testid="risk-hits-vendor"]')).toContain(vendor.tasks[0]);
  expect(await frame.textContent('[data-testid="risk-row-vendor"]')).toContain('30%');
  const outage = risks.find((r) => r.id === 'outage')!;
  expect(outage.tasks.length).toBeGreaterThan(0);
  expect(await frame.textContent('[data-testid="correlation-training"]')).toMatch(/Training runs.*0\.60.*Training Run/);
  await h.screenshot(page, 'forecast-page-risks');
  expect(page.errors).toEqual([]);
  await page.close();
}, 120_000);
