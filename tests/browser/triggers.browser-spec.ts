import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchChromium, openPage, screenshot } from './support/chromium.js';
import { submitLogin } from './support/session.js';

const PASSWORD = 'browser-test-password';
const stamp = Date.now();
const OWNER = `triggers-owner+${stamp}@example.com`;

/** Three transform steps: a webhook run of it settles in well under a second. */
const threeStepDefinition = {
  schemaVersion: 1,
  steps: [
    { id: 'parse', type: 'transform', config: { expression: 'input.body.n + 1' }, position: { x: 0, y: 0 } },
    {
      id: 'double',
      type: 'transform',
      config: { expression: 'steps.parse.output * 2' },
      position: { x: 320, y: 0 },
    },
    {
      id: 'reply',
      type: 'transform',
      config: { expression: '{ "n": steps.double.output }' },
      position: { x: 640, y: 0 },
    },
  ],
  edges: [
    { from: 'parse', to: 'double' },
    { from: 'double', to: 'reply' },
  ],
};

interface Session {
  accessToken: string;
}

/** Signs up a workspace of its own and publishes the flow through REST (set-up, not under test). */
const setUp = async (): Promise<{ session: Session; flowId: string }> => {
  const post = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as T;
    if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  const session = await post<Session>('/v1/auth/signup', {
    email: OWNER,
    name: 'Tess Triggers',
    password: PASSWORD,
    tenantName: `Triggers ${stamp}`,
  });
  const flow = await post<{ id: string }>(
    '/v1/flows',
    { name: `Webhook doubling ${stamp}`, definition: threeStepDefinition },
    session.accessToken,
  );
  await post(`/v1/flows/${flow.id}/publish`, {}, session.accessToken);
  return { session, flowId: flow.id };
};

/** Polls a run through REST until it settles (deadline 20 s); answers its status and output. */
const settledRun = async (session: Session, runId: string) => {
  let run: { status: string; output?: unknown } = { status: 'queued' };
  await expect
    .poll(
      async () => {
        const response = await fetch(`${baseUrl()}/v1/runs/${runId}`, {
          headers: { authorization: `Bearer ${session.accessToken}` },
        });
        run = (await response.json()) as typeof run;
        return ['succeeded', 'failed', 'cancelled', 'timed_out'].includes(run.status);
      },
      { timeout: 20_000, interval: 200 },
    )
    .toBe(true);
  return run;
};

const hook = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ n: 20 }),
  });

const openTriggersTab = async (page: Page, flowId: string) => {
  await page.goto(`${baseUrl()}/flows/${flowId}?panel=triggers`);
  await page.getByTestId('triggers-panel').waitFor();
};

describe('the triggers panel in Chromium', () => {
  let browser: Browser;
  let session: Session;
  let flowId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    ({ session, flowId } = await setUp());
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('creates a webhook trigger whose copied URL starts a run that succeeds, and rotating it retires the old URL', async (test) => {
    const { page, context, consoleErrors } = await openPage(browser, test, '/login');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
    await submitLogin(page, OWNER, PASSWORD);
    await page.waitForURL((url) => url.pathname === '/flows');
    await openTriggersTab(page, flowId);
    await page.getByTestId('triggers-empty').waitFor();

    // Create: defaults are POST, no auth, async. The URL is shown once, with a curl example.
    await page.getByTestId('add-trigger-webhook').click();
    await page.getByTestId('trigger-save').click();
    const revealed = page.getByTestId('webhook-url-revealed');
    await revealed.waitFor();
    const url = await page.getByTestId('webhook-url').inputValue();
    expect(url).toMatch(new RegExp(`^${baseUrl()}/hooks/whk_[A-Za-z0-9_-]{40,}$`));
    await expect
      .poll(() => page.getByTestId('curl-example').textContent())
      .toContain(`curl -X POST '${url}'`);
    await page.getByTestId('copy-url').click();
    await expect.poll(() => page.getByTestId('copy-url').textContent()).toContain('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await screenshot(page, 'triggers-webhook-created');

    // The curl-equivalent POST from here starts a run of the published flow that succeeds.
    const accepted = await hook(url);
    expect(accepted.status).toBe(202);
    const { runId } = (await accepted.json()) as { runId: string };
    const run = await settledRun(session, runId);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ reply: { n: 42 } });

    // Done forgets the URL; the card shows its prefix only.
    await page.getByTestId('url-dismiss').click();
    await expect.poll(() => revealed.count()).toBe(0);
    expect(await page.getByTestId('trigger-url').textContent()).toMatch(/^\/hooks\/whk_.+…$/);

    // Rotate after confirming: a new URL works, the old one answers 404.
    const card = page.getByTestId('trigger-card');
    await card.getByRole('button', { name: 'Rotate URL' }).click();
    await card.getByTestId('confirm-yes').click();
    await revealed.waitFor();
    expect(await revealed.textContent()).toContain('The previous URL stopped working.');
    const rotated = await page.getByTestId('webhook-url').inputValue();
    expect(rotated).not.toBe(url);
    expect((await hook(url)).status).toBe(404);
    const again = await hook(rotated);
    expect(again.status).toBe(202);
    expect((await settledRun(session, ((await again.json()) as { runId: string }).runId)).status).toBe(
      'succeeded',
    );

    // Disable: the URL answers 404 like an unknown one.
    await page.getByTestId('url-dismiss').click();
    await page.getByTestId('trigger-enabled-toggle').uncheck();
    await expect.poll(() => page.getByTestId('trigger-state').textContent()).toContain('Disabled');
    expect((await hook(rotated)).status).toBe(404);

    expect(consoleErrors).toEqual([]);
  });

  it('creates a schedule trigger from a cron and time zone, previewing its next five fire times, and lists it on the Triggers page', async (test) => {
    const { page, consoleErrors } = await openPage(browser, test, '/login');
    await submitLogin(page, OWNER, PASSWORD);
    await page.waitForURL((url) => url.pathname === '/flows');
    await openTriggersTab(page, flowId);

    await page.getByTestId('add-trigger-schedule').click();
    await page.getByTestId('schedule-cron').fill('30 2 * * *');
    await page.getByTestId('schedule-timezone').selectOption('Europe/Berlin');
    const preview = page.getByTestId('schedule-preview');
    await expect.poll(() => page.getByTestId('schedule-fire-time').count(), { timeout: 10_000 }).toBe(5);
    // The preview reads in the schedule's zone: 02:30 Berlin time, five days in a row.
    for (const text of await page.getByTestId('schedule-fire-time').allTextContents())
      expect(text).toContain('02:30');
    expect(await preview.textContent()).toContain('skipped');
    await screenshot(page, 'triggers-schedule-preview');

    await page.getByTestId('trigger-save').click();
    const card = page.locator('[data-testid="trigger-card"][data-kind="schedule"]');
    await card.waitFor();
    expect(await card.getByTestId('trigger-summary').textContent()).toContain('30 2 * * * (Europe/Berlin)');
    expect(await card.getByTestId('trigger-next-fire').textContent()).toContain('02:30');
    await card.getByTestId('trigger-fire-times').locator('summary').click();
    expect(await card.getByTestId('trigger-fire-times').locator('li').count()).toBe(5);

    // The tenant-wide page lists both triggers with the flow; the link opens the flow's tab.
    await page.getByRole('link', { name: 'Triggers', exact: true }).first().click();
    await page.getByTestId('triggers-table').waitFor();
    const row = page.locator('[data-testid="trigger-row"]').filter({ hasText: 'Schedule' });
    expect(await row.getByTestId('trigger-next-fire').textContent()).toContain('02:30');
    await row.getByTestId('trigger-flow-link').click();
    await page.getByTestId('triggers-panel').waitFor();
    await expect.poll(() => page.locator('.trigger-card--highlight[data-kind="schedule"]').count()).toBe(1);
    await screenshot(page, 'triggers-page-to-panel');

    expect(consoleErrors).toEqual([]);
  });
});
