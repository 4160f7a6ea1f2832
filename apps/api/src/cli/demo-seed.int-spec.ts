import { CORE_STEP_TYPES, validateDefinition } from '@stepline/domain';
import { createDataSource } from '@stepline/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../testing/http-client.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { DEMO_FLOWS } from '../modules/flows/demo-flows.js';
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
      expect(first.flowsCreated).toEqual(DEMO_FLOWS.map((flow) => flow.name));
      expect(second).toEqual({ ...first, created: false, flowsCreated: [] });
    } finally {
      await db.destroy();
    }
    const login = await new HttpClient(api.baseUrl).post('/v1/auth/login', {
      email: DEMO.email,
      password: DEMO.password,
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ role: 'owner', tenant: { slug: 'demo', name: DEMO.tenantName } });
  });

  it('seeds published, valid example flows that use every core step type', async () => {
    const http = new HttpClient(api.baseUrl);
    const token = (await http.post('/v1/auth/login', { email: DEMO.email, password: DEMO.password })).body
      .accessToken;
    const flows = (await http.get('/v1/flows?tag=example', { token })).body.data;
    expect(flows.map((f: any) => f.name).sort()).toEqual(DEMO_FLOWS.map((f) => f.name).sort());
    const types = new Set<string>();
    for (const flow of flows) {
      expect(flow).toMatchObject({
        publishedVersion: 1,
        latestVersion: 1,
        draftRevision: null,
        archivedAt: null,
      });
      const version = (await http.get(`/v1/flows/${flow.id}/versions/1`, { token })).body;
      expect(version.status).toBe('published');
      expect(validateDefinition(version.definition).problems).toEqual([]);
      const collect = (steps: any[]): void =>
        steps.forEach((s) => {
          types.add(s.type);
          if (s.type === 'forEach') collect(s.config.body.steps);
        });
      collect(version.definition.steps);
    }
    expect([...types].sort()).toEqual(CORE_STEP_TYPES.map((t) => t.type).sort());
    const approval = flows.find((f: any) => f.name === 'Expense approval');
    const booking = flows.find((f: any) => f.name === 'Book expense');
    const definition = (await http.get(`/v1/flows/${approval.id}/versions/1`, { token })).body.definition;
    expect(definition.steps.find((s: any) => s.type === 'subflow').config.flowId).toBe(booking.id);
  });
});
