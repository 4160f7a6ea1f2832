import { waitFor } from '@stepline/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableFlow, startRun } from '../../apps/api/src/modules/runs/testing/run.fixtures.js';
import { startTestSystem, type TestSystem } from './support/system.js';

/** A cancel reaches a run wherever it is: in a worker, or parked between jobs. */
describe('cancelling a run parked on a long retry backoff', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ env: { OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32' } });
  });
  afterAll(() => system?.close());

  it('ends it promptly instead of when the backoff ends', async () => {
    const tenant = await system.tenant();
    const token = tenant.owner.accessToken;
    // Port 1 refuses connections: a retryable failure, retried after a minute.
    const flowId = await runnableFlow(system.http, token, {
      schemaVersion: 1,
      steps: [
        {
          id: 'call',
          type: 'http',
          config: { method: 'GET', url: 'http://127.0.0.1:1/' },
          retry: { maxAttempts: 3, backoff: 'fixed', initialDelayMs: 60_000 },
        },
      ],
      edges: [],
    });
    const { body } = await startRun(system.http, token, flowId, { input: {} });
    await waitFor(
      async () => {
        const run = await system.http.get(`/v1/runs/${body.id}`, { token });
        return run.body.steps?.length === 1 && run.body.status === 'running';
      },
      { what: 'the first attempt to fail and park' },
    );
    const cancelled = await system.http.post(`/v1/runs/${body.id}/cancel`, {}, { token });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await waitFor(
      async () => (await system.http.get(`/v1/runs/${body.id}`, { token })).body.status === 'cancelled',
      {
        timeoutMs: 10_000,
        what: 'the parked run to end cancelled',
      },
    );
    const run = await system.http.get(`/v1/runs/${body.id}`, { token });
    expect(run.body).toMatchObject({ status: 'cancelled', error: { code: 'run.cancelled' } });
    expect(run.body.steps).toHaveLength(1);
  });
});
