import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from './support/chromium.js';
import { signInAsDemo } from './support/session.js';

const AREAS = [
  { testId: 'nav-flows', label: 'Flows', path: '/flows', title: 'Flows · Stepline' },
  { testId: 'nav-runs', label: 'Runs', path: '/runs', title: 'Runs · Stepline' },
  { testId: 'nav-approvals', label: 'Approvals', path: '/approvals', title: 'Approvals · Stepline' },
  { testId: 'nav-triggers', label: 'Triggers', path: '/triggers', title: 'Triggers · Stepline' },
  // The admin area opens on its first section.
  { testId: 'nav-admin', label: 'Admin', path: '/admin/members', title: 'Members · Admin · Stepline' },
] as const;

describe('the editor app shell in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders the frame, opens every area from the navigation and reports the API ready', async (test) => {
    const { page, consoleErrors } = await openPage(browser, test, '/');
    await signInAsDemo(page);

    await page.getByTestId('app-header').waitFor();
    expect(await page.getByTestId('app-brand').textContent()).toContain('Stepline');
    const links = await page.getByTestId('app-nav').getByRole('link').allTextContents();
    expect(links.map((text) => text.trim())).toEqual(AREAS.map((area) => area.label));

    // `/` redirects to the flows list.
    await page.waitForURL((url) => url.pathname === '/flows');
    await page.getByRole('heading', { level: 1, name: 'Flows', exact: true }).waitFor();
    // Let the list arrive before leaving, so no request is cut off mid-flight.
    await page.getByTestId('flow-list').waitFor();

    for (const area of AREAS) {
      await page.getByTestId(area.testId).click();
      await page.waitForURL((url) => url.pathname === area.path);
      await page.getByRole('heading', { level: 1, name: area.label, exact: true }).waitFor();
      expect(await page.getByTestId(area.testId).getAttribute('aria-current')).toBe('page');
      expect(await page.title()).toBe(area.title);
      // The runs page reads its first runs: let them arrive before leaving (no request cut off).
      if (area.path === '/runs')
        await page.getByTestId('runs-table').or(page.getByTestId('empty-state')).waitFor();
      if (area.path === '/approvals')
        await page.getByTestId('approvals-empty').or(page.getByTestId('approval-card').first()).waitFor();
    }

    const status = page.getByTestId('api-status');
    await status.filter({ hasText: 'API ready' }).waitFor({ timeout: 10_000 });
    expect(await status.getAttribute('data-state')).toBe('ready');

    expect(consoleErrors).toEqual([]);
  });

  it('serves a deep link to an area directly, after signing in', async (test) => {
    const { page, consoleErrors } = await openPage(browser, test, '/triggers');
    await signInAsDemo(page);

    expect(new URL(page.url()).pathname).toBe('/triggers');
    await page.getByRole('heading', { level: 1, name: 'Triggers', exact: true }).waitFor();
    expect(await page.getByTestId('nav-triggers').getAttribute('aria-current')).toBe('page');
    await page.getByTestId('api-status').filter({ hasText: 'API ready' }).waitFor({ timeout: 10_000 });

    expect(consoleErrors).toEqual([]);
  });
});
