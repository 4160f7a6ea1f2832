import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { expectProblem } from '../../testing/problem-assertions.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';

/**
 * A stolen admin credential must not mint keys or invitations without bound: creations are
 * limited per tenant per hour (429 quota.exceeded with Retry-After), and one tenant's use does
 * not spend another's.
 */
describe('per-tenant creation quotas', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let other: TestTenant;

  beforeAll(async () => {
    api = await startTestApi({ env: { API_KEYS_MAX_PER_HOUR: '3', INVITATIONS_MAX_PER_HOUR: '2' } });
    http = new HttpClient(api.baseUrl);
    acme = await createTestTenant(http, api.db.ownerUrl, 'quota');
    other = await createTestTenant(http, api.db.ownerUrl, 'quota-other');
  });
  afterAll(() => api?.close());

  const createKey = (t: TestTenant, i: number) =>
    http.post(
      '/v1/api-keys',
      { name: `k${i}`, scopes: ['flows:read'] },
      { token: t.users.admin.accessToken },
    );
  const invite = (t: TestTenant, i: number) =>
    http.post(
      '/v1/invitations',
      { email: `invitee${i}.${t.id.slice(0, 8)}@example.com`, role: 'viewer' },
      { token: t.users.admin.accessToken },
    );

  it('limits API keys created per tenant per hour', async () => {
    for (let i = 0; i < 3; i++) expect((await createKey(acme, i)).status).toBe(201);
    const refused = await createKey(acme, 3);
    expectProblem(refused, 429, 'quota.exceeded');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await createKey(other, 0)).status).toBe(201);
  });

  it('limits invitations sent per tenant per hour', async () => {
    for (let i = 0; i < 2; i++) expect((await invite(acme, i)).status).toBe(201);
    expectProblem(await invite(acme, 2), 429, 'quota.exceeded');
    expect((await invite(other, 0)).status).toBe(201);
  });
});
