import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchChromium, openPage, screenshot } from './support/chromium.js';
import { apiSession, connectPorts, dropStep, node, selectStep, waitSaved } from './support/editor.js';
import { submitLogin } from './support/session.js';

const PASSWORD = 'browser-test-password';
const stamp = Date.now();
const OWNER = `editor-owner+${stamp}@example.com`;
const VIEWER = `editor-viewer+${stamp}@example.com`;

/** Screenshots of each state, kept as test artifacts under test-results/. */
const shot = (page: Page, name: string) => screenshot(page, `flow-editor-${name}`);

const signIn = async (page: Page, email: string) => {
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await submitLogin(page, email, PASSWORD);
  await page.waitForURL((url) => url.pathname !== '/login');
};

const publish = async (page: Page, note: string, expected: number) => {
  await waitSaved(page);
  await page.getByTestId('publish-open').click();
  await page.getByTestId('publish-note').fill(note);
  await page.getByTestId('publish-confirm').click();
  await page
    .getByTestId('editor-notice')
    .filter({ hasText: `Published version ${expected}.` })
    .waitFor();
};

/** Two transform steps: a test run of the draft settles both in well under a second. */
const twoStepDefinition = {
  schemaVersion: 1,
  inputSchema: { type: 'object', properties: { name: { type: 'string', default: 'Ada' } } },
  steps: [
    {
      id: 'shape',
      type: 'transform',
      config: { expression: '{ "name": input.name }' },
      position: { x: 0, y: 0 },
    },
    {
      id: 'greet',
      type: 'transform',
      config: { expression: '"Hello, " & steps.shape.output.name' },
      position: { x: 320, y: 0 },
    },
  ],
  edges: [{ from: 'shape', to: 'greet' }],
};

describe('the flow editor in Chromium', () => {
  let browser: Browser;
  let flowPath = '';

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('builds a flow from the palette, connects and configures it, publishes twice, shows the diff and rolls back', async (test) => {
    const { page, consoleErrors } = await openPage(browser, test, '/signup');
    await page.getByLabel('Your name').fill('Olive Owner');
    await page.getByLabel('Email').fill(OWNER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Workspace name').fill(`Editor Workspace ${stamp}`);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL((url) => url.pathname === '/flows');

    // Create a flow: the editor opens on an empty canvas with its trigger.
    await page.getByTestId('new-flow').click();
    await page.getByTestId('new-flow-name').fill('Order sync');
    await page.getByTestId('new-flow-create').click();
    await page.getByTestId('flow-editor').waitFor();
    await page.getByTestId('start-node').waitFor();
    flowPath = new URL(page.url()).pathname;
    expect(flowPath).toMatch(/^\/flows\/[0-9a-f-]{36}$/);
    await shot(page, '01-new-flow');

    // Drag an http, a condition and two transform steps from the palette.
    await dropStep(page, 'http', 70, 150);
    await dropStep(page, 'condition', 70, 360);
    await dropStep(page, 'transform', 300, 250);
    await dropStep(page, 'transform', 300, 480);
    const ids = await page
      .getByTestId('step-node')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-step-id')));
    expect(ids).toEqual(['http_1', 'condition_1', 'transform_1', 'transform_2']);

    // Connect them by dragging between ports; the condition's ports are labelled true / false.
    await connectPorts(page, 'http_1', 'next', 'condition_1');
    await connectPorts(page, 'condition_1', 'true', 'transform_1');
    await connectPorts(page, 'condition_1', 'false', 'transform_2');
    const edges = page.getByTestId('connection');
    await expect.poll(() => edges.count()).toBe(3);
    expect(await edges.evaluateAll((els) => els.map((e) => e.getAttribute('data-edge')).sort())).toEqual([
      'condition_1->transform_1:true',
      'condition_1->transform_2:false',
      'http_1->condition_1',
    ]);
    // A connection that would close a cycle is refused, with the reason.
    await connectPorts(page, 'transform_1', 'next', 'http_1');
    await page.getByTestId('editor-notice').filter({ hasText: 'form a cycle' }).waitFor();
    expect(await edges.count()).toBe(3);
    await shot(page, '02-connected');

    // Configure them in the inspector; expressions autocomplete what is upstream.
    await selectStep(page, 'http_1');
    await page.getByTestId('config-url').fill('https://api.example.com/orders');
    await selectStep(page, 'condition_1');
    const condition = page.getByTestId('config-expression');
    await condition.fill('');
    await condition.pressSequentially('steps.');
    const suggestions = page.getByTestId('expression-suggestions');
    await suggestions.getByText('http_1', { exact: true }).waitFor();
    await condition.press('Enter');
    await condition.pressSequentially('.output.status = 200');
    expect(await condition.inputValue()).toBe('steps.http_1.output.status = 200');
    await selectStep(page, 'transform_1');
    await page.getByTestId('step-name').fill('Accept');
    await page.getByTestId('config-expression').fill('{ "accepted": true }');
    await selectStep(page, 'transform_2');
    await page.getByTestId('step-name').fill('Reject');
    await waitSaved(page);
    await page.getByTestId('tab-problems').click();
    await page.getByTestId('problems-none').waitFor();
    await shot(page, '03-configured');

    // Publish v1, change one step, publish v2.
    await publish(page, 'First version', 1);
    await page.getByTestId('tab-inspector').click();
    await selectStep(page, 'transform_2');
    await page.getByTestId('config-expression').fill('{ "accepted": false }');
    await publish(page, 'Reject with a reason', 2);

    // The versions panel shows what v2 changed, on the canvas.
    await page.getByTestId('tab-versions').click();
    await page
      .locator('[data-testid="version-row"][data-version="2"]')
      .getByTestId('version-changes')
      .click();
    const summary = page.getByTestId('diff-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Comparing v1 → v2');
    expect(await summary.textContent()).toContain('1 changed');
    expect(await node(page, 'transform_2').getByTestId('step-diff').textContent()).toContain('changed');
    expect(await node(page, 'transform_1').getByTestId('step-diff').count()).toBe(0);
    await node(page, 'transform_2').getByTestId('step-title').click();
    await page.getByTestId('tab-inspector').click();
    expect(await page.getByTestId('changed-fields').textContent()).toContain('config.expression');
    await shot(page, '04-diff-v1-v2');

    // Roll back to v1: v3 is a copy of it, and the draft follows.
    await page.getByTestId('tab-versions').click();
    await page
      .locator('[data-testid="version-row"][data-version="1"]')
      .getByTestId('version-rollback')
      .click();
    await page.getByTestId('editor-notice').filter({ hasText: 'version 3 is a copy of v1' }).waitFor();
    await page
      .locator('[data-testid="version-row"][data-version="3"]')
      .filter({ hasText: 'rollback to v1' })
      .waitFor();
    await page.getByTestId('tab-inspector').click();
    await selectStep(page, 'transform_2');
    expect(await page.getByTestId('config-expression').inputValue()).toBe('input');
    await shot(page, '05-rolled-back');
    expect(consoleErrors).toEqual([]);
  });

  it('gives a viewer a read-only canvas without edit controls', async (test) => {
    expect(flowPath).not.toBe('');
    const gql = await apiSession(OWNER, PASSWORD);
    const { inviteMember } = await gql<{ inviteMember: { token: string } }>(
      'mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token } }',
      { input: { email: VIEWER, role: 'viewer' } },
    );
    const accepted = await fetch(`${baseUrl()}/v1/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: inviteMember.token, password: PASSWORD, name: 'Vic Viewer' }),
    });
    expect(accepted.ok).toBe(true);

    const { page, consoleErrors } = await openPage(browser, test, '/login');
    await signIn(page, VIEWER);
    await page.goto(`${baseUrl()}${flowPath}`);
    await page.getByTestId('flow-editor').waitFor();
    await page.getByTestId('read-only-badge').waitFor();
    expect(await page.getByTestId('step-node').count()).toBe(4);
    for (const control of ['palette', 'publish-open', 'undo', 'auto-layout', 'save-status']) {
      expect(await page.getByTestId(control).count(), control).toBe(0);
    }
    await selectStep(page, 'transform_1');
    expect(await page.getByTestId('step-name').isDisabled()).toBe(true);
    expect(await page.getByTestId('config-expression').isDisabled()).toBe(true);
    await shot(page, '06-viewer');
    expect(consoleErrors).toEqual([]);
  });

  it('test-runs the draft: every node settles live, a node shows its output, and it re-runs from a step', async (test) => {
    const gql = await apiSession(OWNER, PASSWORD);
    const { createFlow } = await gql<{ createFlow: { id: string } }>(
      'mutation($input: CreateFlowInput!) { createFlow(input: $input) { id } }',
      { input: { name: `Greeting ${stamp}`, definition: twoStepDefinition } },
    );
    const { page, consoleErrors } = await openPage(browser, test, '/login');
    await signIn(page, OWNER);
    await page.goto(`${baseUrl()}/flows/${createFlow.id}`);
    await page.getByTestId('flow-editor').waitFor();
    await waitSaved(page);

    // The dialog is prefilled from the input schema and checks the JSON.
    await page.getByTestId('test-run').click();
    const dialog = page.getByTestId('test-run-dialog');
    await dialog.waitFor();
    expect(JSON.parse(await dialog.getByTestId('test-run-input').inputValue())).toEqual({ name: 'Ada' });
    await dialog.getByTestId('test-run-input').fill('{"name": ');
    await dialog.getByTestId('test-run-input-error').waitFor();
    expect(await dialog.getByTestId('test-run-start').isDisabled()).toBe(true);
    await dialog.getByTestId('test-run-input').fill('{"name": "Grace"}');
    await dialog.getByTestId('test-run-start').click();
    await dialog.waitFor({ state: 'detached' });

    // Every node settles, and the toolbar shows the run's end.
    const runStatus = () => page.getByTestId('test-run-status').getAttribute('data-status');
    await expect.poll(runStatus, { timeout: 30_000 }).toBe('succeeded');
    for (const id of ['shape', 'greet'])
      await expect
        .poll(() => node(page, id).getAttribute('data-run-status'), { timeout: 10_000 })
        .toBe('succeeded');
    await shot(page, '08-test-run');

    // Clicking a node shows that step's input and output.
    await selectStep(page, 'greet');
    const output = page.getByTestId('step-panel-output');
    await expect.poll(() => output.textContent(), { timeout: 10_000 }).toContain('Hello, Grace');
    expect(await page.getByTestId('step-panel-input').textContent()).toBeTruthy();
    await shot(page, '09-test-run-step');

    // The last run's outputs feed autocomplete of steps.<id>.output.…
    const expression = page.getByTestId('config-expression');
    await expression.fill('');
    await expression.pressSequentially('steps.shape.output.');
    await page.getByTestId('expression-suggestions').getByText('name', { exact: true }).waitFor();
    await expression.press('Escape');
    await expression.fill('"Hello, " & steps.shape.output.name');
    // The focused field previews its value against the last run.
    const preview = () => page.getByTestId('expression-preview-value').textContent();
    await expect.poll(preview, { timeout: 10_000 }).toBe('"Hello, Grace"');
    await waitSaved(page);

    // Re-run from a step follows the new run the same way.
    const runId = () => page.getByTestId('test-run-status').getAttribute('data-run-id');
    const firstRun = await runId();
    await page.getByTestId('step-rerun').click();
    await expect.poll(runId, { timeout: 10_000 }).not.toBe(firstRun);
    await expect.poll(runStatus, { timeout: 30_000 }).toBe('succeeded');
    await expect.poll(() => output.textContent(), { timeout: 10_000 }).toContain('Hello, Grace');

    // After a reload the last test run is re-opened: statuses on the nodes, a step's output.
    const lastRun = await runId();
    await page.reload();
    await page.getByTestId('flow-editor').waitFor();
    for (const id of ['shape', 'greet'])
      await expect
        .poll(() => node(page, id).getAttribute('data-run-status'), { timeout: 10_000 })
        .toBe('succeeded');
    expect(await runId()).toBe(lastRun);
    await selectStep(page, 'greet');
    await expect.poll(() => output.textContent(), { timeout: 10_000 }).toContain('Hello, Grace');
    await shot(page, '10-test-run-after-reload');
    expect(consoleErrors).toEqual([]);
  });

  it('shows what a waiting test run waits for, also after a reload', async (test) => {
    const gql = await apiSession(OWNER, PASSWORD);
    const { createFlow } = await gql<{ createFlow: { id: string } }>(
      'mutation($input: CreateFlowInput!) { createFlow(input: $input) { id } }',
      {
        input: {
          name: `Awaiting a reply ${stamp}`,
          definition: {
            schemaVersion: 1,
            steps: [
              {
                id: 'await_reply',
                type: 'waitForEvent',
                config: { event: 'reply.received', correlationKey: 'order-7', timeoutMs: 3_600_000 },
                position: { x: 0, y: 0 },
              },
            ],
            edges: [],
          },
        },
      },
    );
    const { page, consoleErrors } = await openPage(browser, test, '/login');
    await signIn(page, OWNER);
    await page.goto(`${baseUrl()}/flows/${createFlow.id}`);
    await page.getByTestId('flow-editor').waitFor();
    await waitSaved(page);
    await page.getByTestId('test-run').click();
    await page.getByTestId('test-run-start').click();
    await page.getByTestId('test-run-dialog').waitFor({ state: 'detached' });

    const waiting = page.getByTestId('test-run-waiting');
    const runStatus = () => page.getByTestId('test-run-status').getAttribute('data-status');
    await expect.poll(runStatus, { timeout: 30_000 }).toBe('waiting');
    await waiting.waitFor({ timeout: 10_000 });
    expect(await waiting.getByTestId('run-wait-event').textContent()).toBe('reply.received');
    expect(await waiting.getByTestId('run-wait-key').textContent()).toBe('order-7');
    expect(await waiting.getByTestId('run-wait-until').getAttribute('datetime')).toBeTruthy();
    const runId = await page.getByTestId('test-run-status').getAttribute('data-run-id');
    expect(await waiting.getByTestId('test-run-open').getAttribute('href')).toBe(`/runs/${runId}`);
    await shot(page, '11-test-run-waiting');

    // The remembered run is re-opened still waiting, with what it waits for.
    await page.reload();
    await page.getByTestId('flow-editor').waitFor();
    await page.getByTestId('test-run-waiting').getByTestId('run-wait-event').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('test-run-status').getAttribute('data-run-id')).toBe(runId);
    expect(consoleErrors).toEqual([]);
  });

  it('catches a conflicting edit from a second tab and reloads the other tab’s draft', async (test) => {
    const first = await openPage(browser, test, '/login');
    const second = await openPage(browser, test, '/login');
    for (const { page } of [first, second]) {
      await signIn(page, OWNER);
      await page.goto(`${baseUrl()}${flowPath}`);
      await page.getByTestId('flow-editor').waitFor();
      await selectStep(page, 'transform_1');
    }
    await first.page.getByTestId('step-name').fill('Renamed in tab one');
    await waitSaved(first.page);

    await second.page.getByTestId('step-name').fill('Renamed in tab two');
    const conflict = second.page.getByTestId('conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Someone else saved this draft');
    await shot(second.page, '07-conflict');

    await second.page.getByTestId('conflict-reload').click();
    await conflict.waitFor({ state: 'detached' });
    await waitSaved(second.page);
    await selectStep(second.page, 'transform_1');
    expect(await second.page.getByTestId('step-name').inputValue()).toBe('Renamed in tab one');
    expect(first.consoleErrors).toEqual([]);
    expect(second.consoleErrors).toEqual([]);
  });
});
