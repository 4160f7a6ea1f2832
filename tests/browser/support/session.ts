import type { Page } from 'playwright-core';

/** The demo login that `npm start` and the test setup seed (apps/api/src/cli/demo-seed.ts). */
export const DEMO_LOGIN = { email: 'demo@stepline.local', password: 'stepline-demo-password' };

/** Fills the sign-in form of a page that shows it and submits. */
export const submitLogin = async (page: Page, email: string, password: string): Promise<void> => {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
};

/** Signs in with the demo login from the sign-in page and waits until the app has left it. */
export const signInAsDemo = async (page: Page): Promise<void> => {
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await submitLogin(page, DEMO_LOGIN.email, DEMO_LOGIN.password);
  await page.waitForURL((url) => url.pathname !== '/login');
};
