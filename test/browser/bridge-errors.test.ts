/**
 * An unknown resolver key fails loudly, never as an empty result: the workspace is started
 * with `getIssueForecast` missing from the bridge (as if the deployed backend lacked it), and
 * the issue panel must show its error state with the code, log a console error, and the
 * host page must raise a red flag.
 */
import { startHarness, type Harness } from './harness';

let h: Harness;
const serverErrors: string[] = [];

beforeAll(async () => {
  h = await startHarness({ withoutResolvers: ['getIssueForecast'], logError: (line) => serverErrors.push(line) });
});
afterAll(async () => {
  await h?.close();
});

test('an unknown resolver key shows a loud error in the panel, the console and the host page', async () => {
  const page = await h.newPage();
  await page.goto(`${h.url}/browse/FRAUD-21`);
  const panel = await h.panel(page, 'issue-panel');
  const error = await panel.waitForSelector('[data-testid="error-state"]');
  expect(await error.getAttribute('data-error-code')).toBe('unknown-resolver');
  expect(await error.innerText()).toContain('getIssueForecast');
  expect(await panel.isVisible('[data-testid="error-state"] button:has-text("Try again")')).toBe(true);

  const flag = await page.waitForSelector('[data-testid="workspace-flag"][role="alert"]');
  expect(await flag.innerText()).toContain('unknown-resolver');
  expect(page.errors.some((e) => e.includes('[forge-bridge shim]') && e.includes('getIssueForecast'))).toBe(true);
  expect(serverErrors.some((e) => e.includes('unknown-resolver'))).toBe(true);
  await h.screenshot(page, 'issue-panel-unknown-resolver');
});

test('the bridge endpoint answers an unknown key with an error envelope', async () => {
  const r = await h.invoke<{ ok: boolean; error: { code: string; culprits: string[] } }>('noSuchResolver', {});
  expect(r.status).toBe(404);
  expect(r.body).toMatchObject({ ok: false, error: { code: 'unknown-resolver', culprits: ['noSuchResolver'] } });
});
