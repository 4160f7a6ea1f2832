import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestContext } from 'vitest';

/**
 * Real headless Chromium for the browser tests. The system Chromium is used (Debian package
 * `chromium`), not a Playwright-downloaded build, so nothing is fetched at test time.
 */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Where failure screenshots go, relative to the directory the tests run from. */
export const RESULTS_DIR = 'test-results';

/** The running app under test, e.g. http://127.0.0.1:3000. Required: the tests start no server. */
export const baseUrl = (): string => {
  const value = process.env['STEPLINE_BASE_URL'];
  if (!value) {
    throw new Error(
      'STEPLINE_BASE_URL is not set. Start the API (it serves the built editor) and run e.g. ' +
        '`STEPLINE_BASE_URL=http://127.0.0.1:3000 npx vitest run --project browser`.',
    );
  }
  return value.replace(/\/+$/, '');
};

export const launchChromium = async (): Promise<Browser> => {
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  } catch (error) {
    throw new Error(
      `Could not launch Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH, or install it: ` +
        '`apt-get install -y chromium`).',
      { cause: error },
    );
  }
};

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught page errors and failed (not cancelled) requests since the page opened. */
  consoleErrors: string[];
  close(): Promise<void>;
}

/**
 * Opens `path` (relative to STEPLINE_BASE_URL) in a fresh browser context that lives as long as
 * the test: when the test ends the context is closed, after a full-page screenshot to
 * `test-results/` if it failed.
 */
export const openPage = async (browser: Browser, test: TestContext, path = '/'): Promise<OpenedPage> => {
  const url = new URL(path, `${baseUrl()}/`).toString();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText;
    // A request the app cancelled (a newer search, leaving a page before its list arrived) is
    // aborted by design, not a failure.
    if (reason === 'net::ERR_ABORTED') return;
    consoleErrors.push(`request failed: ${request.method()} ${request.url()} (${reason})`);
  });
  // onTestFinished runs before onTestFailed and the result is already known here, so the
  // screenshot is taken before the context goes away.
  test.onTestFinished(async () => {
    if (test.task.result?.state === 'fail' && !page.isClosed()) {
      const file = await screenshot(page, test.task.name);
      console.error(`Screenshot of the failed test: ${file}`);
    }
    await context.close();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, consoleErrors, close: () => context.close() };
};

/** Saves a full-page PNG under test-results/ and returns its path. */
export const screenshot = async (page: Page, name: string): Promise<string> => {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = join(
    RESULTS_DIR,
    `${name
      .replace(/[^a-z0-9]+/gi, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase()}.png`,
  );
  await page.screenshot({ path: file, fullPage: true });
  return file;
};
