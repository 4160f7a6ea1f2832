import { DATA_SOURCE, resumeRun } from '@stepline/server';
import { waitFor } from '@stepline/server/testing';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableFlow, startRun } from '../../apps/api/src/modules/runs/testing/run.fixtures.js';
import type { TestTenant } from '../../apps/api/src/testing/tenant.factory.js';
import { startTestSystem, type TestSystem } from './support/system.js';

const HOUR = 3_600_000;

/** Durable waits through the API: what a waiting run waits for, and cancelling it (issue 10). */
describe('waiting runs through the API', () => {
  let system: TestSystem;
  let tenant: TestTenant;
  let queue: Queue;
  let db: DataSource;

  beforeAll(async () => {
    system = await startTestSystem();
    tenant = await system.tenant();
    queue = new Queue('runs', {
      connection: { url: system.redis.url, maxRetriesPerRequest: null },
      prefix: system.config.redisPrefix,
    });
    db = system.workers[0]!.get<DataSource>(DATA_SOURCE);
  });
  afterAll(async () => {
    await queue?.close();
    await system?.close();
  });

  const token = () => tenant.owner.accessToken;
  const get = async (id: string) => (await system.http.get(`/v1/runs/${id}`, { token: token() })).body;
  const startWaiting = async (definition: Record<string, unknown>, input: unknown) => {
    const flowId = await runnableFlow(system.http, token(), definition);
    const { body } = await startRun(system.http, token(), flowId, { input });
    await waitFor(async () => (await get(body.id)).status === 'waiting', {
      timeoutMs: 10_000,
      what: `run ${body.id} to wait`,
    });
    return body.id as string;
  };
  const chat = {
    schemaVersion: 1,
    steps: [
      {
        id: 'reply',
        type: 'waitForEvent',
        config: { event: 'message.received', correlationKey: '{{ input.phone }}', timeoutMs: HOUR },
      },
    ],
    edges: [],
  };

  it('shows what a waiting run waits for — event name, key and until when — over REST and GraphQL', async () => {
    const before = Date.now();
    const runId = await startWaiting(chat, { phone: '+4917012345' });
    const run = await get(runId);
    expect(run.waitingFor).toHaveLength(1);
    const [wait] = run.waitingFor;
    expect(wait).toMatchObject({
      kind: 'event',
      stepId: 'reply',
      path: '',
      eventName: 'message.received',
      correlationKey: '+4917012345',
      approvalId: null,
    });
    expect(Date.parse(wait.until)).toBeGreaterThanOrEqual(before + HOUR);
    expect(run.steps.map((s: { stepId: string; status: string }) => [s.stepId, s.status])).toEqual([
      ['reply', 'waiting'],
    ]);

    const gql = await system.http.gql(
      `query ($id: ID!) { run(id: $id) { status waitingFor { id kind stepId path eventName correlationKey approvalId childRunId until since } } }`,
      { id: runId },
      token(),
    );
    expect(gql.errors).toBeUndefined();
    expect(gql.data.run).toEqual({ status: 'waiting', waitingFor: [wait] });
  });

  it('shows a delay with the time it ends', async () => {
    const runId = await startWaiting(
      {
        schemaVersion: 1,
        steps: [{ id: 'pause', type: 'delay', config: { mode: 'duration', durationMs: HOUR } }],
        edges: [],
      },
      {},
    );
    const [wait] = (await get(runId)).waitingFor;
    expect(wait).toMatchObject({ kind: 'delay', stepId: 'pause', eventName: null, correlationKey: null });
    expect(Date.parse(wait.until)).toBeGreaterThan(Date.now() + HOUR - 60_000);
  });

  it('cancels a waiting run at once: its waits end with it and a late resume changes nothing', async () => {
    const runId = await startWaiting(chat, { phone: '+4917099999' });
    const waitpointId = (await get(runId)).waitingFor[0].id as string;
    const cancelled = await system.http.post(`/v1/runs/${runId}/cancel`, {}, { token: token() });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const run = await get(runId);
    expect(run).toMatchObject({ status: 'cancelled', error: { code: 'run.cancelled' }, waitingFor: [] });
    // The timed wait's delayed job is gone, and the wait itself is cancelled: a reply finds nothing.
    expect(await queue.getJob(runId)).toBeUndefined();
    const late = await resumeRun(db, queue, {
      tenantId: tenant.id,
      waitpointId,
      result: { text: 'too late' },
      resolvedBy: 'event:late',
    });
    expect(late).toMatchObject({ kind: 'already', waitpoint: { status: 'cancelled' } });
    expect((await get(runId)).status).toBe('cancelled');
  });

  it('hides another tenant’s waiting run (404)', async () => {
    const runId = await startWaiting(chat, { phone: '+4917000000' });
    const attacker = await system.tenant();
    const seen = await system.http.get(`/v1/runs/${runId}`, { token: attacker.owner.accessToken });
    expect(seen.status).toBe(404);
    const cancel = await system.http.post(
      `/v1/runs/${runId}/cancel`,
      {},
      { token: attacker.owner.accessToken },
    );
    expect(cancel.status).toBe(404);
    expect((await get(runId)).status).toBe('waiting');
  });
});
