import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { baseUrl } from './chromium.js';

/** Center of an element in page coordinates. */
const centerOf = async (locator: Locator): Promise<{ x: number; y: number }> => {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box (not visible)');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
};

/** A pointer drag in small steps, as a user's hand would (Foblex listens to pointer moves). */
export const dragTo = async (page: Page, from: { x: number; y: number }, to: { x: number; y: number }) => {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 6, from.y + 6, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
};

/** Drags a step type from the palette onto the canvas at (dx, dy) from the canvas' top-left. */
export const dropStep = async (page: Page, type: string, dx: number, dy: number): Promise<void> => {
  const before = await page.getByTestId('step-node').count();
  const canvas = await page.getByTestId('flow-canvas').boundingBox();
  if (!canvas) throw new Error('no canvas');
  await dragTo(page, await centerOf(page.getByTestId(`palette-item-${type}`)), {
    x: canvas.x + dx,
    y: canvas.y + dy,
  });
  await page.getByTestId('step-node').nth(before).waitFor();
};

/** Drags from a step's output port (its label, `next` for the plain one) to another step's input. */
export const connectPorts = async (page: Page, from: string, port: string, to: string): Promise<void> => {
  await dragTo(
    page,
    await centerOf(page.getByTestId(`port-out-${from}-${port}`)),
    await centerOf(page.getByTestId(`port-in-${to}`)),
  );
};

export const node = (page: Page, id: string): Locator =>
  page.locator(`[data-testid="step-node"][data-step-id="${id}"]`);

/** Selects a step by clicking its title (not a port). */
export const selectStep = async (page: Page, id: string): Promise<void> => {
  await node(page, id).getByTestId('step-title').click();
  await expect.poll(() => page.getByTestId('step-id').inputValue()).toBe(id);
};

export const waitSaved = async (page: Page): Promise<void> => {
  await page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
};

/** Signs in through the API and calls GraphQL with the token (for set-up a user would do elsewhere). */
export const apiSession = async (email: string, password: string) => {
  const login = (await (
    await fetch(`${baseUrl()}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    })
  ).json()) as { accessToken: string };
  return async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const answer = (await (
      await fetch(`${baseUrl()}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as { data: T; errors?: unknown[] };
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data;
  };
};
