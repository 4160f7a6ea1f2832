import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from './support/chromium.js';
import { signInAsDemo } from './support/session.js';

describe('outgoing webhooks in the admin area, in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('adds an endpoint (secret shown once), rotates its secret, opens its log and deletes it', async (test) => {
    // Unique per run, so the test passes again on the same database.
    const url = `https://hooks.example.com/browser-${Date.now()}`;
    const { page, consoleErrors } = await openPage(browser, test, '/admin/webhooks');
    await signInAsDemo(page);
    await page.waitForURL((u) => u.pathname === '/admin/webhooks');
    await page.getByTestId('webhooks-table').or(page.getByTestId('webhooks-empty')).waitFor();

    await page.getByTestId('webhook-url').fill(url);
    await page.getByTestId('webhook-event-all').uncheck();
    await page.getByTestId('webhook-event-run.failed').check();
    await page.getByTestId('webhook-submit').click();
    const secret = page.getByTestId('secret-value');
    await secret.waitFor();
    const value = await secret.inputValue();
    expect(value).toMatch(/^whsec_/);
    const row = page.locator(`[data-testid="webhook-row"][data-url="${url}"]`);
    await row.waitFor();
    expect(await row.getByTestId('webhook-events-cell').textContent()).toContain('run.failed');
    await page.getByTestId('secret-dismiss').click();
    await secret.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(value);

    await row.getByRole('button', { name: `Rotate the secret of ${url}` }).click();
    await row.getByTestId('confirm-yes').click();
    await page.getByRole('heading', { name: 'New signing secret' }).waitFor();
    expect(await page.getByTestId('secret-value').inputValue()).not.toBe(value);
    await page.getByTestId('secret-dismiss').click();

    await row.getByTestId('webhook-deliveries-toggle').click();
    await page.getByTestId('webhook-deliveries-empty').waitFor();

    await row.getByRole('button', { name: `Delete ${url}` }).click();
    await row.getByTestId('confirm-yes').click();
    await row.waitFor({ state: 'detached' });

    expect(consoleErrors).toEqual([]);
  });
});
