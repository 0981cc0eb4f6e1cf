/**
 * The portfolio page's issue #8 parts in real headless Chromium on the sample site:
 * the scenario editor (its results match runWhatIf for the same scenarios), the
 * trade-off chart, the shared-pool view in the priority order set on the page, and the
 * leadership export (the downloaded HTML holds each P80 date and the top lever).
 */
import { readFileSync } from 'node:fs';
import type { ResolverDefs } from '../../src/resolvers/contract';
import { escapeHtml, longDate } from '../../src/resolvers/leadership';
import { formatDate } from '../../static/shared/src/format';
import { useHarness } from './harness';
import { capacitySteps, emptyChange, toScenarios } from '../../static/portfolio/src/scenario-form';

const h = useHarness({}, 180_000);

describe('the editor\'s form model (no browser)', () => {
  it('names the first problem, then turns drafts into contract changes', () => {
    const bad = toScenarios([{ name: 'x', changes: [{ ...emptyChange('set-estimate'), issue: 'ML-1', optimistic: '5', mostLikely: '3', pessimistic: '8' }] }]);
    // The issue panel's estimate check and message (shared/src/estimate-form.ts).
    expect(bad).toEqual({ ok: false, scenario: 0, change: 0, message: 'Optimistic must not exceed most likely.' });
    expect(toScenarios([{ name: ' ', changes: [] }])).toMatchObject({ ok: false, scenario: 0 });
    expect(toScenarios([{ name: 'Cut', changes: [{ ...emptyChange('remove-tasks'), issues: 'ml-3, ML-4' }, { ...emptyChange('add-dependency'), from: 'ml-1', to: 'ML-2' }] }]))
      .toEqual({ ok: true, scenarios: [{ name: 'Cut', changes: [{ op: 'remove-tasks', ids: ['ML-3', 'ML-4'] }, { op: 'add-dependency', from: 'ML-1', to: 'ML-2' }] }] });
    expect(capacitySteps(48)).toEqual([24, 36, 72, 96]);
  });
});

const ok = <K extends keyof ResolverDefs>(key: K, payload: ResolverDefs[K]['payload']) => h.invokeData<ResolverDefs[K]['result']>(key, payload);
const openPortfolio = (page: Parameters<typeof h.panel>[0]) => h.openPanel(page, { path: '/apps/converge', app: 'portfolio', ready: '[data-testid="portfolio-table"]', timeout: 180_000 });

test('edits scenarios, runs them side by side, draws the trade-off and exports the leadership summary', async () => {
  const page = await h.newPage({ height: 1400 });
  const frame = await openPortfolio(page);
  const keys = await frame.locator('[data-testid="priority-list"] li').evaluateAll((li) => li.map((l) => l.getAttribute('data-key')!));
  expect(keys.length).toBeGreaterThan(1);

  // An invalid change is caught on the page, before any call.
  await frame.getByLabel('Units', { exact: true }).fill('');
  await frame.click('[data-testid="run-scenarios"]');
  await frame.waitForSelector('[data-testid="scenario-problem"]');

  // Scenario 1: double the A100 pool and move the date; typed with labels, as a keyboard user would.
  await frame.fill('[data-testid="scenario-name-0"]', 'Double A100, later date');
  await frame.selectOption('[data-testid="pf-s0-c0-pool"]', 'gpu-a100');
  await frame.getByLabel('Units', { exact: true }).fill('96');
  await frame.click('[data-testid="add-change-0"]');
  await frame.getByLabel('Due date', { exact: true }).fill('2027-06-30');
  await frame.click('[data-testid="run-scenarios"]');
  await frame.waitForSelector('[data-testid="whatif-table"]', { timeout: 180_000 });
  const expected = await ok('runWhatIf', {
    projectKeys: keys,
    scenarios: [{ name: 'Double A100, later date', changes: [{ op: 'set-capacity', pool: 'gpu-a100', capacity: 96 }, { op: 'move-due', date: '2027-06-30' }] }],
  });
  expect(await frame.textContent('[data-testid="whatif-col-1"]')).toBe('Double A100, later date');
  expect(await frame.textContent('[data-testid="whatif-p80-0"]')).toBe(formatDate(expected.baseline.finishDate.p80));
  expect(await frame.textContent('[data-testid="whatif-p80-1"]')).toBe(formatDate(expected.scenarios[0].finishDate.p80));
  expect(await frame.textContent('[data-testid="whatif-table"]')).toContain(`Chance by ${formatDate('2027-06-30')}`);

  // Trade-off: P80 against the A100 pool's capacity, the current capacity among the points.
  await frame.selectOption('[data-testid="tradeoff-pool"]', 'gpu-a100');
  await frame.click('[data-testid="tradeoff-run"]');
  await frame.waitForSelector('[data-testid="tradeoff-chart"]', { timeout: 180_000 });
  const xs = await frame.locator('g.pf-curve-point').evaluateAll((g) => g.map((x) => Number(x.getAttribute('data-x'))));
  expect(xs).toEqual([24, 36, 48, 72, 96]);
  await h.screenshot(page, 'portfolio-what-if');

  // Export: the downloaded page holds each programme's P80 date and the top lever.
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), frame.click('[data-testid="export-leadership"]')]);
  const html = readFileSync((await dl.path())!, 'utf8');
  expect(dl.suggestedFilename()).toBe('converge-leadership-2027-01-11.html');
  const { summary } = await ok('getLeadershipSummary', { projectKeys: keys, seed: '1' });
  for (const p of summary.projects) expect(html).toContain(longDate(p.finishDate.p80));
  expect(summary.levers.length).toBeGreaterThan(0);
  expect(html).toContain(escapeHtml(summary.levers[0].label));
  expect(html).not.toMatch(/<script/i);
  expect(page.errors).toEqual([]);
  await page.close();
}, 600_000);

test('forecasts together under shared pools in the priority order set on the page', async () => {
  const page = await h.newPage();
  const frame = await openPortfolio(page);
  const before = await frame.locator('[data-testid="priority-list"] li').evaluateAll((li) => li.map((l) => l.getAttribute('data-key')!));
  // Keyboard: focus the first project's "down" button and press Enter.
  await frame.focus(`[data-testid="down-${before[0]}"]`);
  await page.keyboard.press('Enter');
  const order = await frame.locator('[data-testid="priority-list"] li').evaluateAll((li) => li.map((l) => l.getAttribute('data-key')!));
  expect(order).toEqual([before[1], before[0], ...before.slice(2)]);
  await frame.check('[data-testid="shared-pools"]');
  await frame.click('button[type="submit"]');
  await frame.waitForSelector('[data-testid="contention-table"]', { timeout: 240_000 });
  const rows = await frame.locator('[data-testid="contention-table"] tbody tr').evaluateAll((tr) => tr.map((r) => r.getAttribute('data-key')!));
  expect(rows).toEqual(order);
  const { shared } = await ok('getPortfolioForecast', { projectKeys: order, sharedPools: true, sharedOnly: true, priority: order });
  for (const i of shared!.initiatives) expect(await frame.textContent(`[data-testid="shared-p80-${i.projectKey}"]`)).toBe(formatDate(i.shared.p80));
  expect(await frame.textContent('[data-testid="contention-sentences"]')).toContain(shared!.initiatives[0].sentence);
  await h.screenshot(page, 'portfolio-shared-pools');
  expect(page.errors).toEqual([]);
  await page.close();
}, 600_000);
