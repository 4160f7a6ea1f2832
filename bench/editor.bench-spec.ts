import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from '../tests/browser/support/chromium.js';
import { report, type BenchFigures } from './harness.js';
import { largeDefinition } from './large-definition.fixture.js';

// The flow editor in headless Chromium against a running app (STEPLINE_BASE_URL, as the browser
// tests use; skipped without one). For 500- and 2,000-step flows (bench/large-definition.fixture):
// - open: navigation start → the canvas has drawn every node in view with its connections
//   (Foblex's full render of the drawn set, `sl-flow-canvas[data-rendered]`) and the next frame is
//   painted; the page is a full load (bundles, session restore, the OpenFlowEditor query,
//   validation, render). Large flows are culled (only steps in or near the view are drawn) and
//   open at a readable zoom around the trigger;
// - open, every node drawn: the figure before culling — culling off
//   (`localStorage['stepline.editor.drawAll']`), the flow fitted, until all nodes are drawn;
// - pan / zoom frame time: for each pointer move of a background drag and each wheel step, the
//   time from the input event to the end of the frame that shows it (a task posted from the next
//   animation frame). Chromium runs without its 60 Hz frame cap, so a frame is as long as its work.
//   Measured at the opening zoom and again with the whole flow fitted (every node drawn, as blocks).
// Targets: open 500 steps ≤ 1 s to an interactive canvas, pan/zoom median ≤ 16 ms. No assertion
// on timings; figures print as a table and go to bench/results/editor.json.

const BASE = process.env['STEPLINE_BASE_URL']?.replace(/\/+$/, '');
const PASSWORD = 'bench-editor-password';
const OPEN_RUNS = { 500: 5, 2000: 3 } as const;
const DRAW_ALL_RUNS = { 500: 3, 2000: 1 } as const;
const drawnNodes = (page: Page) => page.locator('[data-testid="step-node"]').count();

const summarize = (name: string, samples: readonly number[]): BenchFigures => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    name,
    iterations: samples.length,
    medianMs: round(at(50)),
    p95Ms: round(at(95)),
    minMs: round(sorted[0] as number),
    maxMs: round(sorted[sorted.length - 1] as number),
    meanMs: round(samples.reduce((s, x) => s + x, 0) / samples.length),
  };
};

const post = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
  const response = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as T & { errors?: unknown };
  if (!response.ok || answer.errors)
    throw new Error(`${path}: ${response.status} ${JSON.stringify(answer).slice(0, 500)}`);
  return answer;
};

/**
 * Opens the flow and resolves the in-page time from navigation start to an interactive canvas:
 * `count` nodes drawn, or (undefined) the first drawn set, whatever its size.
 */
const openFlow = async (page: Page, flowId: string, count: number | undefined): Promise<number> => {
  await page.goto(`${BASE}/flows/${flowId}`, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (count) => {
      const canvas = document.querySelector('sl-flow-canvas[data-rendered="true"]');
      const drawn = canvas?.querySelectorAll('[data-testid="step-node"]').length ?? 0;
      if (!canvas || drawn === 0 || (count !== null && drawn !== count)) return false;
      return new Promise<number>((resolve) =>
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now());
          channel.port2.postMessage(0);
        }),
      );
    },
    count ?? null,
    { timeout: 120_000, polling: 20 },
  );
  return (await handle.jsonValue()) as number;
};

/** Records, per input event, the time until the frame showing it has been produced. */
const recordFrames = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording?: boolean };
    w.__frames = [];
    if (w.__recording) return; // listening already (a second gesture on the same page)
    w.__recording = true;
    const onInput = () => {
      const start = performance.now();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => w.__frames.push(performance.now() - start);
        channel.port2.postMessage(0);
      });
    };
    window.addEventListener('pointermove', onInput, { capture: true });
    window.addEventListener('wheel', onInput, { capture: true, passive: true });
  });

const framesSoFar = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __frames: number[] };
    const frames = w.__frames;
    w.__frames = [];
    return frames;
  });

const panAndZoom = async (page: Page): Promise<{ pan: number[]; zoom: number[] }> => {
  const box = await page.locator('[data-testid="flow-canvas"]').boundingBox();
  if (!box) throw new Error('no canvas');
  await recordFrames(page);
  // Drag the background from the fit padding's free corner: a pan, not a node move.
  const start = { x: box.x + 20, y: box.y + 20 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= 60; i++) await page.mouse.move(start.x + i * 4, start.y + i * 3);
  await page.mouse.up();
  await page.waitForTimeout(200);
  const pan = await framesSoFar(page);
  const center = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(center.x, center.y);
  await framesSoFar(page);
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, i % 2 === 0 ? -120 : 100);
  await page.waitForTimeout(200);
  const zoom = await framesSoFar(page);
  return { pan, zoom };
};

describe.skipIf(!BASE)('flow editor benchmark (headless Chromium, STEPLINE_BASE_URL)', () => {
  it('opens 500- and 2,000-step flows and pans and zooms them', async () => {
    const stamp = Date.now();
    const session = await post<Record<string, unknown> & { accessToken: string }>('/v1/auth/signup', {
      email: `bench-editor+${stamp}@example.com`,
      password: PASSWORD,
      name: 'Bench',
      tenantName: `Bench ${stamp}`,
    });
    const flows: { steps: 500 | 2000; id: string }[] = [];
    for (const steps of [500, 2000] as const) {
      const definition = largeDefinition(steps / 10);
      expect(definition.steps).toHaveLength(steps);
      const { data } = await post<{ data: { createFlow: { id: string } } }>(
        '/graphql',
        {
          query: 'mutation($input: CreateFlowInput!) { createFlow(input: $input) { id } }',
          variables: { input: { name: `Bench ${steps} steps`, definition } },
        },
        session.accessToken,
      );
      flows.push({ steps, id: data.createFlow.id });
    }

    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-frame-rate-limit',
        '--disable-gpu-vsync',
      ],
    });
    const figures: BenchFigures[] = [];
    const extra: Record<string, unknown> = {};
    try {
      const errors: string[] = [];
      const newPage = async (drawAll: boolean) => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        // The editor keeps its session per tab in sessionStorage (ADR 0002): seed it, skip the form.
        await context.addInitScript(
          ({ stored, drawAll }) => {
            sessionStorage.setItem('stepline.session', stored);
            if (drawAll) localStorage.setItem('stepline.editor.drawAll', 'true');
          },
          { stored: JSON.stringify(session), drawAll },
        );
        const page = await context.newPage();
        page.on('pageerror', (e) => errors.push(e.message));
        return page;
      };
      const allPage = await newPage(true);
      const page = await newPage(false);
      for (const { steps, id } of flows) {
        const all: number[] = [];
        for (let run = 0; run < DRAW_ALL_RUNS[steps]; run++) all.push(await openFlow(allPage, id, steps));
        const opens: number[] = [];
        for (let run = 0; run < OPEN_RUNS[steps]; run++) opens.push(await openFlow(page, id, undefined));
        extra[`nodesDrawnAtOpen${steps}`] = await drawnNodes(page);
        const { pan, zoom } = await panAndZoom(page);
        // The whole flow in view: every node drawn, as blocks (the view the figures before culling
        // were taken in).
        await page.locator('[data-testid="fit"]').click();
        await page.waitForFunction(
          (count) => document.querySelectorAll('[data-testid="step-node"]').length === count,
          steps,
          { timeout: 120_000 },
        );
        // Streaming in ends with large batches whose layout work lasts a few frames more: measure
        // the fitted view once ten frames in a row are short (as the figures before culling were,
        // taken after repeated opens had settled).
        await page.waitForFunction(
          () =>
            new Promise<boolean>((resolve) => {
              let short = 0;
              let last = performance.now();
              const tick = (now: number) => {
                short = now - last < 50 ? short + 1 : 0;
                last = now;
                if (short >= 10) resolve(true);
                else requestAnimationFrame(tick);
              };
              requestAnimationFrame(tick);
            }),
          undefined,
          { timeout: 120_000 },
        );
        const fitted = await panAndZoom(page);
        figures.push(
          summarize(`open ${steps} steps (navigation → nodes in view drawn)`, opens),
          summarize(`open ${steps} steps, every node drawn (before culling)`, all),
          summarize(`pan ${steps} steps at opening zoom (frame)`, pan),
          summarize(`zoom ${steps} steps at opening zoom (frame)`, zoom),
          summarize(`pan ${steps} steps fitted (frame)`, fitted.pan),
          summarize(`zoom ${steps} steps fitted (frame)`, fitted.zoom),
        );
        // Still usable after the gestures: a step can be selected and its inspector opens.
        const target = page.locator('[data-testid="step-node"][data-step-id="shape_0"]');
        await target.focus();
        await target.press('Enter');
        await page.waitForFunction(
          () => document.querySelector<HTMLInputElement>('[data-testid="step-id"]')?.value === 'shape_0',
        );
        extra[`usableAfterGestures${steps}`] = true;
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
    await report('editor', figures, { ...extra, baseUrl: BASE, viewport: '1280x800' });
  });
});
