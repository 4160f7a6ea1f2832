import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from './support/chromium.js';
import { DEMO_LOGIN, signInAsDemo, submitLogin } from './support/session.js';

const SEEDED_FLOWS = [
  'Order summary',
  'Welcome new customer',
  'Nightly digest',
  'Expense approval',
  'Book expense',
  'Chat: sales or support',
];

describe('signing in and the flows list in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('sends a signed-out visitor from /flows to the sign-in page', async (test) => {
    const { page, consoleErrors } = await openPage(browser, test, '/flows');

    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('returnUrl')).toBe('/flows');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.title()).toBe('Sign in · Stepline');
    expect(await page.getByTestId('app-nav').count()).toBe(0);

    expect(consoleErrors).toEqual([]);
  });

  it('says so when the password is wrong and stays on the sign-in page', async (test) => {
    const { page, consoleErrors } = await openPage(browser, test, '/login');

    await submitLogin(page, DEMO_LOGIN.email, 'not-the-password');
    const error = page.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toContain('The email or password is not correct.');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);

    // Chromium logs the 401 of the refused login itself; nothing else may go wrong.
    expect(consoleErrors.filter((line) => !line.includes('401'))).toEqual([]);
  });

  it('signs in with the demo login, lists the seeded flows, searches, and signs out', async (test) => {
    const { page, consoleErrors } = await openPage(browser, test, '/flows');
    await signInAsDemo(page);
    await page.waitForURL((url) => url.pathname === '/flows');

    // Header: tenant, user, role.
    expect(await page.getByTestId('tenant-name').textContent()).toContain('Demo Workspace');
    expect(await page.getByTestId('user').textContent()).toContain(DEMO_LOGIN.email);
    expect((await page.getByTestId('role-badge').textContent())?.trim()).toBe('owner');

    // Every seeded flow, each published.
    const rows = page.getByTestId('flow-row');
    await rows.nth(SEEDED_FLOWS.length - 1).waitFor();
    const names = (await page.getByTestId('flow-name').allTextContents()).map((name) => name.trim());
    expect([...names].sort()).toEqual([...SEEDED_FLOWS].sort());
    for (const status of await page.getByTestId('flow-status').allTextContents())
      expect(status.trim()).toMatch(/^Published v\d+$/);
    expect(await page.getByTestId('empty-state').count()).toBe(0);

    // Searching narrows the list to the matching flow.
    await page.getByRole('searchbox', { name: 'Search flows' }).fill('digest');
    await expect
      .poll(async () => (await page.getByTestId('flow-name').allTextContents()).map((name) => name.trim()), {
        timeout: 10_000,
      })
      .toEqual(['Nightly digest']);
    expect(await rows.count()).toBe(1);

    // Signing out returns to the sign-in page, and the flows need a sign-in again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.goto(new URL('/flows', page.url()).toString());
    await page.waitForURL(
      (url) => url.pathname === '/login' && url.searchParams.get('returnUrl') === '/flows',
    );

    expect(consoleErrors).toEqual([]);
  });
});
