import { createDataSource } from '@stepline/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../testing/http-client.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { DEMO, seedDemo } from './demo-seed.js';

describe('demo seed', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api?.close());

  it('creates the demo tenant once, and the printed login works', async () => {
    const db = await createDataSource({ url: api.db.appUrl, entities: [], poolSize: 1 }).initialize();
    try {
      const first = await seedDemo(db);
      const second = await seedDemo(db);
      expect(first.created).toBe(true);
      expect(second).toEqual({ ...first, created: false });
    } finally {
      await db.destroy();
    }
    const login = await new HttpClient(api.baseUrl).post('/v1/auth/login', { email: DEMO.email, password: DEMO.password });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ role: 'owner', tenant: { slug: 'demo', name: DEMO.tenantName } });
  });
});
