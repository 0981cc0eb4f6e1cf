/**
 * The Converge settings page (static/admin-page) in real headless Chromium, hosted
 * by the local workspace as Jira hosts a jira:adminPage. Settings are stored in
 * the workspace's SQLite file, so a saved setting must survive a page reload.
 */
import type { Frame, Page } from 'playwright-core';
import type { Settings } from '../../src/resolvers/contract';
import { answerResolver, useHarness } from './harness';

const h = useHarness();

const openAdmin = (page: Page): Promise<Frame> =>
  h.openPanel(page, { path: '/settings/apps/converge', app: 'admin-page', ready: '[data-testid="admin-page"], [data-testid="forbidden"]', timeout: 60_000 });

const storedSettings = (): Promise<Settings> => h.invokeData<Settings>('getSettings', {});

test('shows an inline error for a bad holiday date and saves nothing', async () => {
  const page = await h.newPage();
  const frame = await openAdmin(page);
  const before = await storedSettings();
  const i = before.calendar.holidays.length;
  await frame.click('[data-testid="add-holiday"]');
  await frame.fill(`#f-calendar-holidays-${i}`, '2027-02-30');
  await frame.click('[data-testid="save"]');
  const error = frame.locator(`[data-testid="error-calendar.holidays.${i}"]`);
  await error.waitFor();
  expect(await error.textContent()).toMatch(/not a real calendar date/);
  expect(await frame.getAttribute(`#f-calendar-holidays-${i}`, 'aria-invalid')).toBe('true');
  expect(await frame.textContent('[data-testid="error-summary"]')).toMatch(/Fix 1 problem/);
  await h.screenshot(page, 'admin-page-validation');
  expect(await storedSettings()).toEqual(before);
  await page.close();
});

test('a saved setting survives a reload', async () => {
  const page = await h.newPage();
  let frame = await openAdmin(page);
  const before = await storedSettings();
  const i = before.calendar.holidays.length;
  await frame.click('[data-testid="add-holiday"]');
  await frame.fill(`#f-calendar-holidays-${i}`, '2027-12-24');
  await frame.fill('#f-daysPerStoryPoint', '0.5');
  await frame.click('[data-testid="save"]');
  await frame.locator('[data-testid="save-status"]', { hasText: 'Saved.' }).waitFor();
  const after = await storedSettings();
  expect(after.calendar.holidays).toContain('2027-12-24');
  expect(after.daysPerStoryPoint).toBe(0.5);

  await page.reload();
  frame = await openAdmin(page);
  expect(await frame.inputValue(`#f-calendar-holidays-${i}`)).toBe('2027-12-24');
  expect(await frame.inputValue('#f-daysPerStoryPoint')).toBe('0.5');
  await h.screenshot(page, 'admin-page-saved');
  expect(page.errors).toEqual([]);
  await page.close();
});

test('makes a non-admin\'s refusal clear, on save and on load', async () => {
  const page = await h.newPage();
  // The workspace user is a site admin; a non-admin is simulated at the bridge endpoint
  // with the envelope the resolvers send when the ADMINISTER check fails.
  const forbidden = { ok: false, error: { code: 'forbidden', message: 'You need the Administer Jira permission to change Converge settings.', culprits: ['saveSettings'] } };
  await answerResolver(page, 'saveSettings', () => forbidden);
  const frame = await openAdmin(page);
  await frame.fill('#f-daysPerStoryPoint', '2');
  await frame.click('[data-testid="save"]');
  await frame.locator('[data-testid="save-forbidden"]').waitFor();
  expect(await frame.textContent('[data-testid="save-forbidden"]')).toMatch(/Only Jira administrators/);
  await h.screenshot(page, 'admin-page-forbidden-save');

  await page.unroute('**/__forge/invoke');
  await page.route('**/__forge/invoke', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ...forbidden, error: { ...forbidden.error, culprits: ['getSettings'] } }) }));
  await page.reload();
  const again = await h.panel(page, 'admin-page');
  await again.locator('[data-testid="forbidden"]').waitFor();
  expect(await again.textContent('[data-testid="forbidden"]')).toMatch(/Only Jira administrators/);
  expect(await again.locator('[data-testid="save"]').count()).toBe(0);
  await page.close();
});

test('shows a server-side rejection next to the field it names', async () => {
  const page = await h.newPage();
  const rejection = { ok: false, error: { code: 'invalid-payload', message: 'settings.defaultJql must be JQL containing \'{project}\'', culprits: ['settings.defaultJql'] } };
  await answerResolver(page, 'saveSettings', () => rejection);
  const frame = await openAdmin(page);
  await frame.fill('#f-iterations', '20000');
  await frame.click('[data-testid="save"]');
  const fieldError = frame.locator('[data-testid="error-defaultJql"]');
  await fieldError.waitFor();
  expect(await fieldError.textContent()).toContain("must be JQL containing '{project}'");
  expect(await frame.getAttribute('#f-defaultJql', 'aria-invalid')).toBe('true');
  expect(await frame.locator('[data-testid="error-state"]').getAttribute('data-error-code')).toBe('invalid-payload');
  await page.close();
});

test('risk register: add a risk, an invalid chance shows its error and saves nothing; fixed, it saves with correlations and re-planning thresholds', async () => {
  const page = await h.newPage({ width: 1280, height: 1200 });
  let frame = await openAdmin(page);
  const before = await storedSettings();
  const i = before.risks?.length ?? 0;
  await frame.click('[data-testid="add-risk"]');
  await frame.fill(`#f-risks-${i}-name`, 'Labelling vendor late');
  await frame.fill(`#f-risks-${i}-probability`, '150');
  await frame.fill(`#f-risks-${i}-match-keyPrefix`, 'DATA-');
  await frame.click('[data-testid="save"]');
  const error = frame.locator(`[data-testid="error-risks.${i}.probability"]`);
  await error.waitFor();
  expect(await error.textContent()).toMatch(/between 0% and 100%/);
  expect(await frame.getAttribute(`#f-risks-${i}-probability`, 'aria-invalid')).toBe('true');
  expect(await frame.textContent('[data-testid="error-summary"]')).toMatch(/Fix 1 problem[\s\S]*Risk 1 probability/);
  await h.screenshot(page, 'admin-page-risk-invalid');
  expect(await storedSettings()).toEqual(before);

  await frame.fill(`#f-risks-${i}-probability`, '30');
  await frame.fill(`#f-risks-${i}-impactDays`, '10');
  const g = before.correlations?.length ?? 0;
  await frame.click('[data-testid="add-correlation"]');
  await frame.fill(`#f-correlations-${g}-label`, 'Training runs');
  await frame.fill(`#f-correlations-${g}-coefficient`, '0.6');
  await frame.fill(`#f-correlations-${g}-match-issueTypes`, 'Training Run');
  await frame.fill('#f-replanning-p80SlipDays', '5');
  await frame.fill('#f-replanning-minDueProbability', '70');
  await frame.check('#f-replanning-gateAtRisk');
  await frame.click('[data-testid="save"]');
  await frame.locator('[data-testid="save-status"]', { hasText: 'Saved.' }).waitFor();
  const after = await storedSettings();
  expect(after.risks?.[i]).toEqual({ id: `risk-${i + 1}`, name: 'Labelling vendor late', probability: 0.3, impactDays: 10, match: { keyPrefix: 'DATA-' } });
  expect(after.correlations?.[g]).toEqual({ id: `group-${g + 1}`, label: 'Training runs', coefficient: 0.6, match: { issueTypes: ['Training Run'] } });
  expect(after.replanning).toEqual({ p80SlipDays: 5, minDueProbability: 0.7, gateAtRisk: true });

  await page.reload();
  frame = await openAdmin(page);
  expect(await frame.inputValue(`#f-risks-${i}-name`)).toBe('Labelling vendor late');
  expect(await frame.inputValue(`#f-risks-${i}-probability`)).toBe('30');
  expect(await frame.inputValue('#f-replanning-minDueProbability')).toBe('70');
  await h.screenshot(page, 'admin-page-risks-saved');
  expect(page.errors).toEqual([]);
  await page.close();
});
