/** Base URL of the running app, started by `npm test` (scripts/test.mjs) before the e2e level. */
export function baseUrl(): string {
  const url = process.env.STEPLINE_BASE_URL;
  if (!url) throw new Error('STEPLINE_BASE_URL is not set: run e2e tests through `npm test -- e2e`');
  return url;
}
