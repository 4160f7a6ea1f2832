import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largeDefinition } from '../../bench/large-definition.fixture.js';
import { baseUrl, launchChromium, openPage, screenshot } from './support/chromium.js';
import { apiSession, dragTo, node, selectStep, waitSaved } from './support/editor.js';
import { submitLogin } from './support/session.js';

// Canvas interactions in real Chromium that the main editor journey does not cover: box selection
// and delete, undo/redo, copy/paste, auto-layout, the minimap, a large (culled) flow drawn as the
// view moves, and secret names in expression autocomplete.

const PASSWORD = 'browser-canvas-password';
const stamp = Date.now();
const OWNER = `canvas-owner+${stamp}@example.com`;

const shot = (page: Page, name: string) => screenshot(page, `flow-editor-canvas-${name}`);

/** Three transforms in a row: a → b → c. */
const rowDefinition = {
  schemaVersion: 1,
  steps: ['a', 'b', 'c'].map((id, i) => ({
    id,
    type: 'transform',
    name: `Step ${id.toUpperCase()}`,
    config: { expression: '{ "ok": true }' },
    position: { x: i * 320, y: 0 },
  })),
  edges: [
    { from: 'a', to: 'b' },
    { from: 'b', to: 'c' },
  ],
};

const drawnIds = (page: Page) =>
  page.getByTestId('step-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-step-id')));

describe('the flow editor canvas in Chromium', () => {
  let browser: Browser;
  let gql: Awaited<ReturnType<typeof apiSession>>;

  const createFlow = async (name: string, definition: unknown): Promise<string> => {
    const { createFlow } = await gql<{ createFlow: { id: string } }>(
      'mutation($input: CreateFlowInput!) { createFlow(input: $input) { id } }',
      { input: { name, definition } },
    );
    return createFlow.id;
  };

  /** Signs in as the owner and opens the editor on `flowId`, drawn. */
  const openEditor = async (test: Parameters<typeof openPage>[1], flowId: string) => {
    const opened = await openPage(browser, test, '/login');
    const { page } = opened;
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await submitLogin(page, OWNER, PASSWORD);
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.goto(`${baseUrl()}/flows/${flowId}`);
    await page.locator('sl-flow-canvas[data-rendered="true"]').waitFor();
    return opened;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    const signup = await fetch(`${baseUrl()}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: OWNER, password: PASSWORD, name: 'Cara', tenantName: `Canvas ${stamp}` }),
    });
    expect(signup.ok).toBe(true);
    gql = await apiSession(OWNER, PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('box-selects steps, deletes them, and undo / redo take the deletion back and forth', async (test) => {
    const { page, consoleErrors } = await openEditor(test, await createFlow(`Row ${stamp}`, rowDefinition));
    await waitSaved(page);
    const a = await node(page, 'a').boundingBox();
    const b = await node(page, 'b').boundingBox();
    if (!a || !b) throw new Error('nodes not drawn');
    // Shift-drag from the background above-left of A to below-right of B.
    await page.keyboard.down('Shift');
    await dragTo(page, { x: a.x - 20, y: a.y - 40 }, { x: b.x + b.width + 20, y: b.y + b.height + 40 });
    await page.keyboard.up('Shift');
    await expect.poll(() => node(page, 'a').getAttribute('aria-pressed')).toBe('true');
    expect(await node(page, 'b').getAttribute('aria-pressed')).toBe('true');
    expect(await node(page, 'c').getAttribute('aria-pressed')).toBe('false');
    await shot(page, '01-box-selected');

    await node(page, 'b').focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => drawnIds(page)).toEqual(['c']);
    expect(await page.getByTestId('connection').count()).toBe(0);

    await page.getByTestId('undo').click();
    await expect.poll(() => drawnIds(page)).toEqual(['a', 'b', 'c']);
    await expect.poll(() => page.getByTestId('connection').count()).toBe(2);
    await page.getByTestId('redo').click();
    await expect.poll(() => drawnIds(page)).toEqual(['c']);
    // The keyboard does the same: Ctrl-Z undoes, Shift-Ctrl-Z redoes.
    await node(page, 'c').focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => drawnIds(page)).toEqual(['a', 'b', 'c']);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => drawnIds(page)).toEqual(['c']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => drawnIds(page)).toEqual(['a', 'b', 'c']);
    await waitSaved(page);
    expect(consoleErrors).toEqual([]);
  });

  it('copies and pastes steps, lays the flow out, and shows the minimap', async (test) => {
    const { page, consoleErrors } = await openEditor(test, await createFlow(`Paste ${stamp}`, rowDefinition));
    expect(await page.locator('f-minimap').isVisible()).toBe(true);

    await selectStep(page, 'c');
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => page.getByTestId('step-node').count()).toBe(4);
    const pasted = (await drawnIds(page)).find((id) => !['a', 'b', 'c'].includes(id ?? ''));
    expect(pasted).toMatch(/^c_?\d+$/);
    // The copy is selected, named like its original.
    expect(await node(page, pasted as string).getAttribute('aria-pressed')).toBe('true');
    expect(
      await node(page, pasted as string)
        .getByTestId('step-title')
        .textContent(),
    ).toContain('Step C');
    await shot(page, '02-pasted');

    // Auto-layout moves steps (the pasted copy sits on top of nothing in particular).
    const before = await node(page, pasted as string).boundingBox();
    await page.getByTestId('auto-layout').click();
    await expect
      .poll(async () => {
        const after = await node(page, pasted as string).boundingBox();
        return Math.round(
          Math.abs((after?.x ?? 0) - (before?.x ?? 0)) + Math.abs((after?.y ?? 0) - (before?.y ?? 0)),
        );
      })
      .toBeGreaterThan(5);
    await waitSaved(page);
    await shot(page, '03-laid-out');
    expect(consoleErrors).toEqual([]);
  });

  it('draws a large flow around the view and draws steps as the view moves to them', async (test) => {
    const steps = 300;
    const { page, consoleErrors } = await openEditor(
      test,
      await createFlow(`Large ${stamp}`, largeDefinition(steps / 10)),
    );
    // Opened at a readable zoom around the trigger: the first steps are drawn, far ones are not.
    const drawn = await page.getByTestId('step-node').count();
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(steps / 2);
    expect(await node(page, 'fetch_0').isVisible()).toBe(true);
    expect(await node(page, 'fetch_12').count()).toBe(0);
    // The minimap shows the whole flow (drawn from the definition, not from the drawn nodes).
    const overview = page.getByTestId('overview-map');
    expect(await overview.isVisible()).toBe(true);
    await shot(page, '04-large-opened');

    // Drag the background upwards (left of the steps, below the trigger): later blocks come in.
    const canvas = await page.getByTestId('flow-canvas').boundingBox();
    if (!canvas) throw new Error('no canvas');
    for (let i = 0; i < 3; i++) {
      const from = { x: canvas.x + 30, y: canvas.y + canvas.height - 40 };
      await dragTo(page, from, { x: from.x, y: from.y - (canvas.height - 120) });
    }
    await node(page, 'fetch_6').waitFor();
    const box = await node(page, 'fetch_6').boundingBox();
    expect(box && box.y > canvas.y && box.y < canvas.y + canvas.height).toBe(true);
    await shot(page, '05-large-panned');

    // Pressing the bottom of the minimap moves the view to the end of the flow.
    const map = await overview.boundingBox();
    if (!map) throw new Error('no minimap');
    await page.mouse.click(map.x + map.width / 2, map.y + map.height - 4);
    await node(page, 'done_29').waitFor();

    // Fit shows the whole flow: every step ends up drawn.
    await page.getByTestId('fit').click();
    await expect.poll(() => page.getByTestId('step-node').count(), { timeout: 60_000 }).toBe(steps);
    await shot(page, '06-large-fitted');
    expect(consoleErrors).toEqual([]);
  });

  it('shows a version diff inside a forEach body, with the changed fields listed per step', async (test) => {
    const loop = (bodySteps: unknown[], edges: unknown[]) => ({
      schemaVersion: 1,
      inputSchema: { type: 'object', properties: { items: { type: 'array' } } },
      steps: [
        {
          id: 'loop',
          type: 'forEach',
          config: { items: 'input.items', body: { steps: bodySteps, edges } },
          position: { x: 0, y: 0 },
        },
      ],
      edges: [],
    });
    const total = (expression: string) => ({
      id: 'total',
      type: 'transform',
      config: { expression },
      position: { x: 0, y: 0 },
    });
    const label = {
      id: 'label',
      type: 'transform',
      config: { expression: '"#" & index' },
      position: { x: 320, y: 0 },
    };
    const flowId = await createFlow(
      `Loop ${stamp}`,
      loop([total('item.price'), label], [{ from: 'total', to: 'label' }]),
    );
    const publish = () =>
      gql('mutation($flowId: ID!) { publishFlow(flowId: $flowId, changeNote: "v") { number } }', { flowId });
    await publish();
    const { flowDraft } = await gql<{ flowDraft: { revision: number } }>(
      'query($flowId: ID!) { flowDraft(flowId: $flowId) { revision } }',
      { flowId },
    );
    // v2: `total` computes something else, `label` is gone, `tag` is new.
    const tag = { id: 'tag', type: 'transform', config: { expression: '1' }, position: { x: 320, y: 160 } };
    await gql(
      'mutation($flowId: ID!, $definition: JSON!, $revision: Int!) { saveFlowDraft(flowId: $flowId, definition: $definition, revision: $revision) { revision } }',
      {
        flowId,
        revision: flowDraft.revision,
        definition: loop([total('item.price * item.quantity'), tag], [{ from: 'total', to: 'tag' }]),
      },
    );
    await publish();

    const { page, consoleErrors } = await openEditor(test, flowId);
    await page.getByTestId('tab-versions').click();
    await page
      .locator('[data-testid="version-row"][data-version="2"]')
      .getByTestId('version-changes')
      .click();
    await page.getByTestId('diff-summary').waitFor();
    // Top level: the loop changed, its body named as what changed.
    expect(await node(page, 'loop').getByTestId('step-changed-fields').textContent()).toContain('body steps');
    await node(page, 'loop').getByTestId('open-body').click();
    await node(page, 'tag').waitFor();
    expect(await node(page, 'total').getByTestId('step-diff').textContent()).toContain('changed');
    expect(await node(page, 'total').getByTestId('step-changed-fields').textContent()).toContain(
      'expression',
    );
    expect(await node(page, 'tag').getByTestId('step-diff').textContent()).toContain('added');
    expect(await node(page, 'label').getByTestId('step-diff').textContent()).toContain('removed');
    // The inspector lists the changed fields of a step inside the body too.
    await node(page, 'total').getByTestId('step-title').click();
    await page.getByTestId('tab-inspector').click();
    expect(await page.getByTestId('changed-fields').textContent()).toContain('config.expression');
    await shot(page, '07-body-diff');
    expect(consoleErrors).toEqual([]);
  });

  it('suggests the tenant’s secret names after secrets., never their values', async (test) => {
    await gql('mutation($input: CreateSecretInput!) { createSecret(input: $input) { id } }', {
      input: { name: 'API_TOKEN', value: 'super-secret-value' },
    });
    const definition = {
      schemaVersion: 1,
      steps: [{ id: 'call', type: 'http', config: { method: 'GET', url: '' }, position: { x: 0, y: 0 } }],
      edges: [],
    };
    const { page, consoleErrors } = await openEditor(test, await createFlow(`Secrets ${stamp}`, definition));
    await selectStep(page, 'call');
    const url = page.getByTestId('config-url');
    await url.fill('');
    await url.pressSequentially('https://api.example.com/?t={{ secrets.');
    const suggestions = page.getByTestId('expression-suggestions');
    await suggestions.getByText('API_TOKEN', { exact: true }).waitFor();
    expect(await page.content()).not.toContain('super-secret-value');
    await url.press('Enter');
    expect(await url.inputValue()).toBe('https://api.example.com/?t={{ secrets.API_TOKEN');
    expect(consoleErrors).toEqual([]);
  });
});
