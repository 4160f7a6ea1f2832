import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchChromium, openPage, screenshot } from './support/chromium.js';
import { submitLogin } from './support/session.js';

const PASSWORD = 'browser-test-password';

/** ask (approval) → one transform per outcome; published, so the API can start runs of it. */
const approvalFlow = {
  schemaVersion: 1,
  inputSchema: { type: 'object', properties: { amount: { type: 'number' } } },
  steps: [
    {
      id: 'ask',
      type: 'approval',
      name: 'Ask finance',
      config: { title: 'Pay {{ input.amount }} EUR?', message: 'Office chairs' },
      position: { x: 0, y: 0 },
    },
    { id: 'paid', type: 'transform', config: { expression: '"paid"' }, position: { x: -120, y: 140 } },
    { id: 'refused', type: 'transform', config: { expression: '"refused"' }, position: { x: 120, y: 140 } },
  ],
  edges: [
    { from: 'ask', to: 'paid', when: 'approved' },
    { from: 'ask', to: 'refused', when: 'rejected' },
  ],
};

/** REST with the owner's token (set-up a user would do elsewhere). */
const api = (token: string) => async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
};

/** Polls until `check` answers true (no sleeps of a fixed length). */
const until = async (check: () => Promise<boolean>, what: string, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

const card = (page: Page, approvalId: string) => page.locator(`[data-approval-id="${approvalId}"]`);

describe('approvals in Chromium', () => {
  let browser: Browser;
  let call: ReturnType<typeof api>;
  let email: string;
  let flowId: string;

  /** Starts a run of the flow and answers it with its pending approval, once the worker parked it. */
  const waitingRun = async (amount: number) => {
    const started = await call('POST', `/v1/flows/${flowId}/runs`, { input: { amount } });
    expect(started.status).toBe(202);
    const runId = started.body.id as string;
    let approvalId = '';
    await until(async () => {
      const { body } = await call('GET', `/v1/approvals?runId=${runId}&status=pending`);
      approvalId = body?.data?.[0]?.id ?? '';
      return approvalId !== '';
    }, `run ${runId} to wait for its approval`);
    return { runId, approvalId };
  };
  const runEnded = (runId: string) =>
    until(
      async () => (await call('GET', `/v1/runs/${runId}`)).body?.status === 'succeeded',
      `run ${runId} to end`,
    );

  beforeAll(async () => {
    browser = await launchChromium();
    email = `approver+${Date.now()}@example.com`;
    const signup = await fetch(`${baseUrl()}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email,
        name: 'Ada Approver',
        password: PASSWORD,
        tenantName: `Approvals ${email}`,
      }),
    });
    expect(signup.status).toBeLessThan(300);
    call = api(((await signup.json()) as { accessToken: string }).accessToken);
    const created = await call('POST', '/v1/flows', { name: 'Pay an invoice', definition: approvalFlow });
    expect(created.status).toBe(201);
    flowId = created.body.id;
    expect((await call('POST', `/v1/flows/${flowId}/publish`, {})).status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('decides from the inbox with a comment, and the run goes on along the approved port', async (test) => {
    const { runId, approvalId } = await waitingRun(120);
    const { page, consoleErrors } = await openPage(browser, test, '/login');
    await submitLogin(page, email, PASSWORD);
    await page.waitForURL((url) => url.pathname === '/flows');

    await page.getByTestId('nav-approvals').click();
    await page.waitForURL((url) => url.pathname === '/approvals');
    const pending = card(page, approvalId);
    await pending.waitFor();
    expect(await pending.getByTestId('approval-title').textContent()).toContain('Pay 120 EUR?');
    expect(await pending.textContent()).toContain('Office chairs');
    expect(await pending.textContent()).toContain('Pay an invoice');
    expect((await pending.getByTestId('approval-option').allTextContents()).map((t) => t.trim())).toEqual([
      'Approve',
      'Reject',
    ]);
    await pending.getByTestId('approval-comment').fill('Within budget');
    await screenshot(page, 'approvals-01-inbox');

    await pending.getByRole('button', { name: 'Approve' }).click();
    await pending.waitFor({ state: 'detached' });
    expect(await page.getByTestId('approvals-notice').textContent()).toContain('approved');
    await runEnded(runId);

    // History shows how it was decided, by whom, with the comment.
    await page.getByTestId('approvals-view-all').click();
    const decided = card(page, approvalId);
    await decided.getByTestId('approval-outcome').waitFor();
    expect(await decided.getByTestId('approval-outcome').textContent()).toContain('Approve');
    expect(await decided.textContent()).toContain(email);
    expect(await decided.textContent()).toContain('Within budget');
    await screenshot(page, 'approvals-02-history');

    const run = (await call('GET', `/v1/runs/${runId}`)).body;
    const outputs = Object.fromEntries(
      run.steps.filter((s: any) => s.status !== 'waiting').map((s: any) => [s.stepId, s.status]),
    );
    expect(outputs).toEqual({ ask: 'succeeded', paid: 'succeeded', refused: 'skipped' });
    expect(consoleErrors.filter((line) => !line.includes('net::ERR_ABORTED'))).toEqual([]);
  });

  it('rejects on the waiting run’s own page', async (test) => {
    const { runId, approvalId } = await waitingRun(9_000);
    const { page, consoleErrors } = await openPage(browser, test, '/login');
    await submitLogin(page, email, PASSWORD);
    await page.waitForURL((url) => url.pathname === '/flows');
    await page.goto(`${baseUrl()}/runs/${runId}`);

    const pending = card(page, approvalId);
    await pending.waitFor();
    expect(await pending.getByTestId('approval-title').textContent()).toContain('Pay 9000 EUR?');
    await screenshot(page, 'approvals-03-run-detail-waiting');
    await pending.getByRole('button', { name: 'Reject' }).click();
    await runEnded(runId);
    await expect
      .poll(
        async () =>
          page.getByTestId('page-run-detail').getByTestId('run-status').first().getAttribute('data-status'),
        { timeout: 15_000 },
      )
      .toBe('succeeded');
    await screenshot(page, 'approvals-04-run-detail-rejected');
    const run = (await call('GET', `/v1/runs/${runId}`)).body;
    expect(run.steps.find((s: any) => s.stepId === 'refused')?.status).toBe('succeeded');
    expect(consoleErrors.filter((line) => !line.includes('net::ERR_ABORTED'))).toEqual([]);
  });
});
