import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from './support/chromium.js';
import { DEMO_LOGIN, signInAsDemo } from './support/session.js';

/** The admin tab `path` after clicking it, once its first list has arrived. */
const openTab = async (page: Page, path: string, loaded: string[]): Promise<void> => {
  await page.getByTestId(`admin-tab-${path}`).click();
  await page.waitForURL((url) => url.pathname === `/admin/${path}`);
  await page
    .locator(loaded.map((id) => `[data-testid="${id}"]`).join(', '))
    .first()
    .waitFor();
};

describe('the admin area in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('manages members, invitations and API keys, and shows and exports the audit log', async (test) => {
    // Unique per run, so the test passes again on the same database.
    const stamp = Date.now();
    const keyName = `Browser key ${stamp}`;
    const invitee = `someone+${stamp}@example.com`;

    const { page, consoleErrors } = await openPage(browser, test, '/flows');
    await signInAsDemo(page);
    // Leaving /flows before its list arrives aborts that request (counted as a console error).
    await page.getByTestId('flow-row').first().waitFor();
    await page.getByTestId('nav-admin').click();

    // `/admin` opens the members: the demo user is the owner.
    await page.waitForURL((url) => url.pathname === '/admin/members');
    await page.getByRole('heading', { level: 1, name: 'Admin', exact: true }).waitFor();
    const me = page.locator(`[data-testid="member-row"][data-email="${DEMO_LOGIN.email}"]`);
    await me.waitFor();
    expect(await me.getByRole('combobox').inputValue()).toBe('owner');
    expect((await me.locator('option:checked').textContent())?.trim()).toBe('Owner');

    // A new API key is shown once, then listed by its prefix only.
    await openTab(page, 'api-keys', ['api-keys-table', 'api-keys-empty']);
    await page.getByLabel('Name', { exact: true }).fill(keyName);
    await page.getByRole('checkbox', { name: /^flows:read/ }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const revealed = page.getByTestId('api-key-revealed');
    await revealed.waitFor();
    const key = await revealed.getByTestId('secret-value').inputValue();
    expect(key).toMatch(/^sl_live_/);
    const keyRow = page.locator(`[data-testid="api-key-row"][data-name="${keyName}"]`);
    const prefix = (await keyRow.getByTestId('api-key-prefix').textContent())?.replace('…', '').trim() ?? '';
    expect(prefix).toMatch(/^sl_live_./);
    expect(key.startsWith(prefix)).toBe(true);
    expect(key.length).toBeGreaterThan(prefix.length);
    expect((await keyRow.getByTestId('api-key-status').textContent())?.trim()).toBe('Active');
    await revealed.getByRole('button', { name: 'Done' }).click();
    await revealed.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(key);

    // Revoking asks first, then shows the key revoked — still so after a reload.
    await keyRow.getByRole('button', { name: `Revoke ${keyName}` }).click();
    await keyRow.getByTestId('confirm-yes').click();
    await keyRow.getByTestId('api-key-status').filter({ hasText: 'Revoked' }).waitFor();
    await page.reload();
    await keyRow.getByTestId('api-key-status').filter({ hasText: 'Revoked' }).waitFor();

    // An invitation shows its token once and waits in the pending list.
    await openTab(page, 'members', ['members-table']);
    await page.getByTestId('invitations-table').or(page.getByTestId('invitations-empty')).waitFor();
    await page.getByLabel('Email', { exact: true }).fill(invitee);
    await page.getByTestId('invite-role').selectOption('viewer');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const token = page.getByTestId('invitation-token');
    await token.waitFor();
    expect(await token.textContent()).toContain('shown only once');
    expect((await token.getByTestId('secret-value').inputValue()).length).toBeGreaterThanOrEqual(16);
    const pending = page.locator(`[data-testid="invitation-row"][data-email="${invitee}"]`);
    await pending.waitFor();
    expect(await pending.textContent()).toContain('Viewer');

    // The audit log has both changes, and its CSV export downloads them.
    await openTab(page, 'audit-log', ['audit-table', 'audit-empty']);
    await page.locator('[data-testid="audit-row"][data-action="apikey.created"]').first().waitFor();
    await page.locator('[data-testid="audit-row"][data-action="member.invited"]').first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('audit-export-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toContain('apikey.created');
    expect(csv).toContain(keyName);

    expect(consoleErrors).toEqual([]);
  });
});
