import { runEventsChannel } from '@stepline/server';
import { waitFor } from '@stepline/server/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { runnableFlow, startRun } from './testing/run.fixtures.js';

/**
 * The SSE stream's live path without a worker: this test publishes the events a worker would,
 * on the run's Redis channel, and watches what a client receives and what the API subscribes.
 */
describe('run events over SSE (live path)', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let redis: Redis;

  beforeAll(async () => {
    api = await startTestApi();
    http = new HttpClient(api.baseUrl);
    acme = await createTestTenant(http, api.db.ownerUrl);
    redis = new Redis(api.config.redisUrl, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await redis?.quit();
    await api?.close();
  });

  const subscribers = async (runId: string) => {
    const [, count] = (await redis.pubsub('NUMSUB', runEventsChannel(api.config.redisPrefix, runId))) as [
      string,
      number,
    ];
    return Number(count);
  };

  /** Opens the stream and collects `data:` payloads as they arrive. */
  async function open(runId: string, controller = new AbortController()) {
    const res = await fetch(`${api.baseUrl}/v1/runs/${runId}/events`, {
      headers: { authorization: `Bearer ${acme.owner.accessToken}` },
      signal: controller.signal,
    });
    const received: Array<Record<string, unknown>> = [];
    const ended = (async () => {
      const decoder = new TextDecoder();
      let text = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          text += decoder.decode(chunk, { stream: true });
          const blocks = text.split('\n\n');
          text = blocks.pop() ?? '';
          for (const block of blocks) {
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (data) received.push(JSON.parse(data.slice(6)));
          }
        }
        return 'ended';
      } catch {
        return 'aborted';
      }
    })();
    return { res, received, ended, controller };
  }

  it('sends the current status, then live events, and ends after the terminal status', async () => {
    const flowId = await runnableFlow(http, acme.owner.accessToken);
    const runId = (await startRun(http, acme.owner.accessToken, flowId)).body.id;
    const stream = await open(runId);
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.res.headers.get('cache-control')).toContain('no-cache');
    await waitFor(() => stream.received.length > 0, { what: 'the current status' });
    expect(stream.received[0]).toMatchObject({ type: 'run.status', runId, status: 'queued' });
    expect(await subscribers(runId)).toBe(1);

    const channel = runEventsChannel(api.config.redisPrefix, runId);
    const at = new Date().toISOString();
    const step = {
      type: 'step.settled',
      runId,
      seq: 7,
      stepId: 'greet',
      path: '',
      attempt: 1,
      status: 'succeeded',
      at,
    };
    await redis.publish(
      channel,
      JSON.stringify({ type: 'step.started', runId, stepId: 'greet', path: '', attempt: 1, at }),
    );
    await redis.publish(channel, JSON.stringify(step));
    await redis.publish(channel, 'not json');
    await redis.publish(channel, JSON.stringify({ type: 'run.status', runId, status: 'succeeded', at }));
    expect(await stream.ended).toBe('ended');
    expect(stream.received.map((e) => e.type)).toEqual([
      'run.status',
      'step.started',
      'step.settled',
      'run.status',
    ]);
    expect(stream.received[2]).toEqual(step);
    await waitFor(async () => (await subscribers(runId)) === 0, { what: 'the unsubscribe' });
  });

  it('unsubscribes when the client goes away', async () => {
    const flowId = await runnableFlow(http, acme.owner.accessToken);
    const runId = (await startRun(http, acme.owner.accessToken, flowId)).body.id;
    const [a, b] = [await open(runId), await open(runId)];
    await waitFor(() => a.received.length > 0 && b.received.length > 0, { what: 'both streams' });
    // Two streams of one run share one subscription of the process.
    expect(await subscribers(runId)).toBe(1);
    a.controller.abort();
    expect(await a.ended).toBe('aborted');
    expect(await subscribers(runId)).toBe(1);
    b.controller.abort();
    await waitFor(async () => (await subscribers(runId)) === 0, { what: 'the unsubscribe' });
  });

  it('ends a stream of a cancelled queued run with its cancelled status', async () => {
    const flowId = await runnableFlow(http, acme.owner.accessToken);
    const runId = (await startRun(http, acme.owner.accessToken, flowId)).body.id;
    const stream = await open(runId);
    await waitFor(() => stream.received.length > 0, { what: 'the current status' });
    await http.post(`/v1/runs/${runId}/cancel`, {}, { token: acme.owner.accessToken });
    expect(await stream.ended).toBe('ended');
    expect(stream.received.at(-1)).toMatchObject({ type: 'run.status', status: 'cancelled' });
  });
});
