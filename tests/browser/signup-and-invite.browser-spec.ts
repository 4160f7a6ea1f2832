import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchChromium, openPage } from './support/chromium.js';

const PASSWORD = 'browser-test-password';

/** Fills the sign-up form of a page that shows it and submits. */
const submitSignup = async (
  page: Page,
  values: { name: string; email: string; password: string; workspace: string },
): Promise<void> => {
  await page.getByRole('heading', { level: 1, name: 'Create a workspace' }).waitFor();
  await page.getByLabel('Your name').fill(values.name);
  await page.getByLabel('Email').fill(values.email);
  await page.getByLabel('Password').fill(values.password);
  await page.getByLabel('Workspace name').fill(values.workspace);
  await page.getByRole('button', { name: 'Create workspace' }).click();
};

describe('signing up and accepting an invitation in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('signs up a workspace, invites an editor who joins from the link, and refuses a taken email', async (test) => {
    // Unique per run, so the test passes again on the same database.
    const stamp = Date.now();
    const owner = `owner+${stamp}@example.com`;
    const invitee = `editor+${stamp}@example.com`;
    const workspace = `Browser Workspace ${stamp}`;

    // Sign up: the new owner lands on the (empty) flows of the new workspace.
    const signup = await openPage(browser, test, '/signup');
    await submitSignup(signup.page, { name: 'Olive Owner', email: owner, password: PASSWORD, workspace });
    await signup.page.waitForURL((url) => url.pathname === '/flows');
    const empty = signup.page.getByTestId('empty-state');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('No flows yet');
    expect(await signup.page.getByTestId('tenant-name').textContent()).toContain(workspace);
    expect((await signup.page.getByTestId('role-badge').textContent())?.trim()).toBe('owner');

    // As the owner, invite an editor; the panel shows the accept link once.
    await signup.page.getByTestId('nav-admin').click();
    await signup.page.waitForURL((url) => url.pathname === '/admin/members');
    await signup.page.locator(`[data-testid="member-row"][data-email="${owner}"]`).waitFor();
    await signup.page
      .getByTestId('invitations-table')
      .or(signup.page.getByTestId('invitations-empty'))
      .waitFor();
    await signup.page.getByLabel('Email', { exact: true }).fill(invitee);
    await signup.page.getByTestId('invite-role').selectOption('editor');
    await signup.page.getByRole('button', { name: 'Invite', exact: true }).click();
    const panel = signup.page.getByTestId('invitation-token');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('shown only once');
    const link = await panel.getByTestId('secret-value').inputValue();
    expect(link).toMatch(
      new RegExp(`^${baseUrl().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/accept-invitation\\?token=.{16,}$`),
    );
    await signup.page.locator(`[data-testid="invitation-row"][data-email="${invitee}"]`).waitFor();
    expect(signup.consoleErrors).toEqual([]);

    // The invitee opens the link in a browser of their own, gives a name and a password, and is in.
    const accept = await openPage(browser, test, link);
    await accept.page.getByRole('heading', { level: 1, name: 'Accept invitation' }).waitFor();
    expect(await accept.page.getByTestId('accept-token').count()).toBe(0);
    await accept.page.getByLabel('Your name').fill('Eddie Editor');
    await accept.page.getByLabel('Password').fill(PASSWORD);
    await accept.page.getByRole('button', { name: 'Join workspace' }).click();
    await accept.page.waitForURL((url) => url.pathname === '/flows');
    await accept.page.getByTestId('empty-state').waitFor();
    const badge = accept.page.getByTestId('role-badge');
    expect((await badge.innerText()).trim()).toBe('Editor');
    expect(await accept.page.getByTestId('tenant-name').textContent()).toContain(workspace);
    expect(await accept.page.getByTestId('user').textContent()).toContain(invitee);
    expect(accept.consoleErrors).toEqual([]);

    // Signing up again with the owner's email, reached from the sign-in page, says it is taken.
    const again = await openPage(browser, test, '/login');
    await again.page.getByRole('link', { name: 'Create a workspace' }).click();
    await again.page.waitForURL((url) => url.pathname === '/signup');
    await submitSignup(again.page, { name: 'Someone Else', email: owner, password: PASSWORD, workspace });
    const taken = again.page.locator('#signup-email-error');
    await taken.waitFor();
    expect((await taken.textContent())?.trim()).toBe('An account with this email already exists');
    expect(new URL(again.page.url()).pathname).toBe('/signup');
    // Chromium logs the 422 of the refused sign-up itself; nothing else may go wrong.
    expect(again.consoleErrors.filter((line) => !line.includes('422'))).toEqual([]);
  });
});
