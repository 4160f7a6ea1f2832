import type { RunStatusEvent } from '@stepline/domain';
import { QueueName, runEventsChannel, runJobId } from '@stepline/server';
import { waitFor } from '@stepline/server/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { publishedFlow } from '../flows/testing/flow.fixtures.js';

// The sync wait of a batched webhook request, against the real API, Postgres and Redis with no
// worker: the test plays the worker's part (it publishes the run's events itself), so what the API
// answers can only come from those events or from Postgres, and the two can be told apart.
describe('sync webhook wait (batched accept)', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let publisher: Redis;
  let queue: Queue;
  let flowId: string;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000', WEBHOOK_SERVER_TIMING: 'true' } });
    http = new HttpClient(api.baseUrl);
    acme = await createTestTenant(http, api.db.ownerUrl);
    flowId = (await publishedFlow(http, acme.owner.accessToken)).id;
    publisher = new Redis(api.config.redisUrl, { maxRetriesPerRequest: 1 });
    queue = new Queue(QueueName.Runs, {
      connection: new Redis(api.config.redisUrl, { maxRetriesPerRequest: null }),
      prefix: api.config.redisPrefix,
    });
  });
  afterAll(async () => {
    await queue?.close();
    publisher?.disconnect();
    await api?.close();
  });

  const syncHook = async (timeoutSeconds: number) => {
    const res = await http.post(
      `/v1/flows/${flowId}/triggers`,
      { config: { responseMode: 'sync', timeoutSeconds } },
      { token: acme.owner.accessToken },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return `${api.baseUrl}/hooks/${res.body.token}`;
  };
  const queuedRuns = () =>
    tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `SELECT id, status FROM runs WHERE flow_id = $1 AND status = 'queued' ORDER BY created_at`,
      [flowId],
    );
  /** The run the request started, once its job is in the queue (the batch's addBulk). */
  const startedRun = async (known: Set<string>): Promise<string> => {
    let runId: string | undefined;
    await waitFor(async () => {
      runId = (await queuedRuns()).map((r) => r.id as string).find((id) => !known.has(id));
      return runId !== undefined && (await queue.getJob(runJobId(runId))) !== undefined;
    });
    return runId as string;
  };
  const publish = (event: RunStatusEvent) =>
    publisher.publish(runEventsChannel(api.config.redisPrefix, event.runId), JSON.stringify(event));

  it('answers from a terminal event that carries the output, without reading the run', async () => {
    const url = await syncHook(10);
    const known = new Set((await queuedRuns()).map((r) => r.id as string));
    const answer = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com' }),
    });
    const runId = await startedRun(known);
    // The job was added by the batch, after the request had subscribed: the event reaches it.
    await publish({
      type: 'run.status',
      runId,
      status: 'succeeded',
      at: new Date().toISOString(),
      output: { from: 'the event' },
    });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ from: 'the event' });
    // Postgres still says queued: the answer came from the event alone.
    expect((await queuedRuns()).map((r) => r.id)).toContain(runId);
    const timing = res.headers.get('server-timing') ?? '';
    for (const stage of ['batch', 'lookup', 'insert', 'subscribe', 'addBulk', 'event', 'total'])
      expect(timing).toMatch(new RegExp(`(^|, )${stage};dur=\\d+\\.\\d+`));
  });

  it('reads the run when the terminal event carries no output (and answers what Postgres says)', async () => {
    const url = await syncHook(1);
    const known = new Set((await queuedRuns()).map((r) => r.id as string));
    const answer = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'b@example.com' }),
    });
    const runId = await startedRun(known);
    await publish({ type: 'run.status', runId, status: 'succeeded', at: new Date().toISOString() });
    const res = await answer;
    // The read found the run still queued (no worker): not settled, so the wait ran to its deadline.
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ runId, status: 'queued' });
    expect(res.headers.get('server-timing')).toMatch(/(^|, )read;dur=/);
  });
});
