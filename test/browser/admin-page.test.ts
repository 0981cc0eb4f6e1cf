/**
 * The Converge settings page (static/admin-page) in real headless Chromium, hosted
 * by the local workspace as Jira hosts a jira:adminPage. Settings are stored in
 * the workspace's SQLite file, so a saved setting must survive a page reload.
 */
import type { Frame, Page } from 'playwright-core';
import type { Envelope, Settings } from '../../src/resolvers/contract';
import { startHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function openAdmin(page: Page): Promise<Frame> {
  await page.goto(`${h.url}/settings/apps/converge`);
  const frame = await h.panel(page, 'admin-page');
  await frame.waitForSelector('[data-testid="admin-page"], [data-testid="forbidden"]', { timeout: 60_000 });
  return frame;
}

async function storedSettings(): Promise<Settings> {
  const res = await h.invoke<Envelope<Settings>>('getSettings', {});
  if (!res.body.ok) throw new Error(JSON.stringify(res.body.error));
  return res.body.data;
}

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
  await page.route('**/__forge/invoke', async (route) => {
    const body = route.request().postDataJSON() as { functionKey: string };
    if (body.functionKey === 'saveSettings') await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(forbidden) });
    else await route.continue();
  });
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
  await page.route('**/__forge/invoke', async (route) => {
    const body = route.request().postDataJSON() as { functionKey: string };
    if (body.functionKey === 'saveSettings') await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(rejection) });
    else await route.continue();
  });
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
