import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchChromium, openPage, screenshot } from './support/chromium.js';
import { submitLogin } from './support/session.js';

const PASSWORD = 'browser-test-password';

/** A GraphQL caller with a bearer token (set-up a user would do elsewhere). */
const graphqlWith =
  (accessToken: string) =>
  async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const answer = (await (
      await fetch(`${baseUrl()}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as { data: T; errors?: unknown[] };
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data;
  };

/** Signs up a workspace of its own through the API, so other specs' view of the demo tenant is untouched. */
const signUpOwner = async (email: string) => {
  const response = await fetch(`${baseUrl()}/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, name: 'Rosa Runner', password: PASSWORD, tenantName: `Runs ${email}` }),
  });
  expect(response.status).toBeLessThan(300);
  const { accessToken } = (await response.json()) as { accessToken: string };
  return graphqlWith(accessToken);
};

/**
 * A flow whose middle step keeps running for a few seconds (a busy loop in the code sandbox), so
 * the run detail is open while it runs and the test can watch it settle live. Draft only: the
 * dialog offers a test run.
 */
const slowFlowDefinition = {
  schemaVersion: 1,
  inputSchema: { type: 'object', properties: { name: { type: 'string', default: 'Ada' } } },
  steps: [
    {
      id: 'greet',
      type: 'transform',
      config: { expression: '"Hello, " & input.name' },
      position: { x: 0, y: 0 },
    },
    {
      id: 'slow',
      type: 'code',
      config: {
        source:
          'const end = Date.now() + 4000;\nwhile (Date.now() < end) {}\nconsole.log("waited for " + steps.greet.output);\nreturn { waited: true };',
        timeoutMs: 15000,
      },
      position: { x: 0, y: 120 },
    },
    {
      id: 'done',
      type: 'transform',
      config: { expression: '{ "greeting": steps.greet.output, "waited": steps.slow.output.waited }' },
      position: { x: 0, y: 240 },
    },
  ],
  edges: [
    { from: 'greet', to: 'slow' },
    { from: 'slow', to: 'done' },
  ],
};

const RUN_URL = /^\/runs\/[0-9a-f-]{36}$/;

/** The status a run's badge shows on the detail page (its `data-status`). */
const runStatusOf = (page: Page) =>
  page.getByTestId('page-run-detail').getByTestId('run-status').first().getAttribute('data-status');

/**
 * Console errors, less the requests the app cancelled on purpose: a newer filter, search or
 * navigation supersedes the one in flight (Chromium reports those as ERR_ABORTED).
 */
const realErrors = (lines: string[]) => lines.filter((line) => !line.includes('net::ERR_ABORTED'));

const step = (page: Page, id: string) => page.locator(`[data-testid="timeline-step"][data-step-id="${id}"]`);

describe('runs in Chromium', () => {
  let browser: Browser;
  let gql: Awaited<ReturnType<typeof signUpOwner>>;
  let ownerEmail: string;
  let flowName: string;
  let runId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    // Unique per run, so the spec passes again on the same database.
    const stamp = Date.now();
    ownerEmail = `runner+${stamp}@example.com`;
    flowName = `Slow greeting ${stamp}`;
    gql = await signUpOwner(ownerEmail);
    await gql(`mutation ($input: CreateFlowInput!) { createFlow(input: $input) { id } }`, {
      input: { name: flowName, definition: slowFlowDefinition, tags: ['browser-test'] },
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('starts a run from the flows list, follows its steps live on the detail page, and lists it in /runs', async (test) => {
    const { page, consoleErrors } = await openPage(browser, test, '/login');
    await submitLogin(page, ownerEmail, PASSWORD);
    await page.waitForURL((url) => url.pathname === '/flows');

    // The Run button of the new flow opens the dialog, prefilled from its input schema.
    await page.getByRole('searchbox', { name: 'Search flows' }).fill(flowName);
    await page.getByRole('button', { name: `Run ${flowName}` }).click();
    const dialog = page.getByTestId('run-dialog');
    await dialog.waitFor();
    await expect
      .poll(async () => JSON.parse(await dialog.getByTestId('run-input').inputValue()), { timeout: 10_000 })
      .toEqual({ name: 'Ada' });
    // Bad JSON cannot be sent; good JSON can.
    await dialog.getByTestId('run-input').fill('{"name": ');
    expect(await dialog.getByTestId('run-input-hint').textContent()).toContain('not valid JSON');
    expect(await dialog.getByTestId('run-start').isDisabled()).toBe(true);
    await dialog.getByTestId('run-input').fill('{"name": "Grace"}');
    await screenshot(page, 'runs-01-run-dialog');
    await dialog.getByRole('button', { name: 'Start test run' }).click();

    // The run's page: a test run of the flow, followed live while its slow step runs.
    await page.waitForURL((url) => RUN_URL.test(url.pathname), { timeout: 15_000 });
    runId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.getByTestId('run-flow-name').filter({ hasText: flowName }).waitFor();
    expect((await page.getByTestId('run-version').textContent())?.trim()).toBe('test run');
    await page.getByTestId('run-live').waitFor({ timeout: 15_000 });
    // Opened mid-run: the first step has settled (replayed by the subscription), the run still runs.
    await step(page, 'greet').and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 15_000 });
    expect(await runStatusOf(page)).toBe('running');
    expect(await step(page, 'done').count()).toBe(0);
    await screenshot(page, 'runs-02-run-detail-running');

    // Without a reload, the slow step and the run settle.
    await step(page, 'done').and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 30_000 });
    await expect.poll(() => runStatusOf(page), { timeout: 15_000 }).toBe('succeeded');
    expect(await page.getByTestId('timeline-step-id').allTextContents()).toEqual(['greet', 'slow', 'done']);
    await page.getByTestId('run-live').waitFor({ state: 'detached' });

    // A step's details: its input, output and the log its code wrote.
    await step(page, 'slow').getByTestId('timeline-attempt').click();
    const panel = page.getByTestId('step-panel');
    await panel.getByTestId('step-panel-logs').waitFor();
    expect(await panel.getByTestId('step-log').first().textContent()).toContain('waited for Hello, Grace');
    expect(JSON.parse((await panel.getByTestId('step-panel-output').textContent()) ?? 'null')).toEqual({
      waited: true,
    });
    expect(await page.getByTestId('run-retry').isVisible()).toBe(true);
    await screenshot(page, 'runs-03-run-detail-succeeded');

    // The runs list has it, succeeded, marked as a test run.
    await page.getByTestId('nav-runs').click();
    await page.waitForURL((url) => url.pathname === '/runs');
    const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('succeeded');
    await row.getByTestId('run-flow').filter({ hasText: flowName }).waitFor();
    expect(await row.getByTestId('run-test-marker').count()).toBe(1);
    expect((await row.getByTestId('run-trigger').textContent())?.trim()).toBe('Manual');

    // Filtering by a status it does not have hides it; by its own status shows it again.
    await page.getByTestId('runs-filter-status').and(page.locator('[value="failed"]')).check();
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('runs-filter-status').and(page.locator('[value="succeeded"]')).check();
    await row.waitFor();
    await screenshot(page, 'runs-04-runs-list');

    // A row opens its run.
    await row.getByTestId('run-duration').click();
    await page.waitForURL((url) => url.pathname === `/runs/${runId}`);
    await page.getByTestId('run-timeline').waitFor();

    expect(realErrors(consoleErrors)).toEqual([]);
  });

  it('shows a viewer runs and their steps without any Run, Cancel, Retry or Resume control', async (test) => {
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    // The owner invites a viewer, who joins with a password.
    const email = `viewer+${Date.now()}@example.com`;
    const { inviteMember } = await gql<{ inviteMember: { token: string } }>(
      `mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { token } }`,
      { input: { email, role: 'viewer' } },
    );
    const accepted = await fetch(`${baseUrl()}/v1/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: inviteMember.token, name: 'Vera Viewer', password: PASSWORD }),
    });
    expect(accepted.status).toBeLessThan(300);

    const { page, consoleErrors } = await openPage(browser, test, '/login');
    await submitLogin(page, email, PASSWORD);
    await page.waitForURL((url) => url.pathname === '/flows');
    await page.getByTestId('flow-row').first().waitFor();
    expect(await page.getByTestId('run-button').count()).toBe(0);

    await page.goto(new URL(`/runs/${runId}`, baseUrl()).toString());
    await page.getByTestId('run-timeline').waitFor();
    expect(await runStatusOf(page)).toBe('succeeded');
    for (const control of ['run-actions', 'run-retry', 'run-resume', 'run-cancel'])
      expect(await page.getByTestId(control).count()).toBe(0);
    // Steps stay readable.
    await step(page, 'slow').getByTestId('timeline-attempt').click();
    await page.getByTestId('step-panel-logs').waitFor();
    await screenshot(page, 'runs-05-viewer-run-detail');

    await page.getByTestId('nav-runs').click();
    await page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`).waitFor();

    expect(realErrors(consoleErrors)).toEqual([]);
  });
});
