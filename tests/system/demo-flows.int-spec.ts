import { DATA_SOURCE } from '@stepline/server';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoFlows } from '../../apps/api/src/cli/demo-seed.js';
import { startTestSystem, type TestSystem } from './support/system.js';

/** A fresh `npm start` has a flow that runs to success with no network access. */
describe('the seeded example flows', () => {
  let system: TestSystem;
  beforeAll(async () => {
    // No allow-listed ranges: nothing local is reachable, as on a machine without network.
    system = await startTestSystem();
  });
  afterAll(() => system?.close());

  it('"Order summary" runs to success offline, with its default-shaped output', async () => {
    const tenant = await system.tenant();
    await seedDemoFlows(system.api.get<DataSource>(DATA_SOURCE), tenant.id);
    const flows = await system.http.request('GET', '/v1/flows?q=Order%20summary', {
      token: tenant.owner.accessToken,
    });
    const flow = (flows.body as { data: Array<{ id: string; name: string }> }).data.find(
      (f) => f.name === 'Order summary',
    );
    expect(flow).toBeDefined();
    const started = await system.http.request('POST', `/v1/flows/${flow?.id}/runs`, {
      token: tenant.owner.accessToken,
      body: {
        input: {
          customer: 'Ada',
          items: [
            { name: 'Desk', price: 120, qty: 1 },
            { name: 'Pen', price: 1.5, qty: 2 },
          ],
        },
        wait: 20,
      },
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({
      status: 'succeeded',
      output: { customer: 'Ada', total: 123, lines: ['1 x Desk', '2 x Pen'], note: 'needs review' },
    });

    // The API counts the start and reads the queue depth from Redis at scrape time.
    const metrics = await (await fetch(`${system.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/stepline_runs_started_total\{[^}]*\} [1-9]/);
    expect(metrics).toMatch(/stepline_runs_queue_depth\{[^}]*state="waiting"[^}]*\} \d+/);
  });
});
