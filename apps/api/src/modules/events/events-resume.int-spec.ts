import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { expectGqlOk } from '../../testing/problem-assertions.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { runnableFlow, runsQueue, startRun } from '../runs/testing/run.fixtures.js';
import {
  echoDefinition,
  parkOnEvent,
  publish,
  PUBLISH_EVENT,
  waitpointState,
} from './testing/event.fixtures.js';

/**
 * Events resuming parked runs, without a worker: runs are parked as the runner parks them (status
 * `waiting` + an `event` waitpoint), and a resume shows as the waitpoint resolved, the run `running`
 * and its job back in the queue.
 */
describe('events resuming waiting runs', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let victim: TestTenant;
  let acmeFlow: string;
  let victimFlow: string;
  let queue: ReturnType<typeof runsQueue>;
  const token = () => acme.users.operator.accessToken;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    [acme, victim] = await Promise.all([
      createTestTenant(http, api.db.ownerUrl),
      createTestTenant(http, api.db.ownerUrl, 'victim'),
    ]);
    acmeFlow = await runnableFlow(http, acme.owner.accessToken, echoDefinition());
    victimFlow = await runnableFlow(http, victim.owner.accessToken, echoDefinition());
    queue = runsQueue(api.config.redisUrl, api.config.redisPrefix);
  });
  afterAll(async () => {
    await queue?.close();
    await api?.close();
  });

  /** A run of `tenant` parked on (event, key), its job gone as after a wait ended it. */
  const parked = async (tenant: TestTenant, flowId: string, event: string, key: string | null) => {
    const started = await startRun(http, tenant.owner.accessToken, flowId, { input: {} });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const runId: string = started.body.id;
    await queue.queue.remove(runId);
    const waitpointId = await parkOnEvent(api.db.ownerUrl, tenant.id, runId, event, key);
    return { runId, waitpointId };
  };
  const state = (tenant: TestTenant, waitpointId: string) =>
    waitpointState(api.db.ownerUrl, tenant.id, waitpointId);

  it('resumes exactly the runs waiting for the name and key — none with another key or tenant', async () => {
    const phone = '+491701234567';
    const mine = await parked(acme, acmeFlow, 'message.received', phone);
    const anyKey = await parked(acme, acmeFlow, 'message.received', null);
    const otherKey = await parked(acme, acmeFlow, 'message.received', '+441234');
    const otherName = await parked(acme, acmeFlow, 'message.sent', phone);
    const otherTenant = await parked(victim, victimFlow, 'message.received', phone);

    const res = await publish(http, token(), {
      id: 'wamid.1',
      name: 'message.received',
      key: phone,
      payload: { text: 'A' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.resumed.sort()).toEqual([mine.runId, anyKey.runId].sort());
    expect(res.body.started).toEqual([]);

    expect(await state(acme, mine.waitpointId)).toEqual({
      status: 'resolved',
      result: { text: 'A' },
      resolved_by: 'event:wamid.1',
      run_status: 'running',
    });
    expect((await state(acme, anyKey.waitpointId)).status).toBe('resolved');
    for (const untouched of [otherKey, otherName]) {
      expect(await state(acme, untouched.waitpointId)).toMatchObject({
        status: 'waiting',
        run_status: 'waiting',
      });
    }
    expect(await state(victim, otherTenant.waitpointId)).toMatchObject({
      status: 'waiting',
      run_status: 'waiting',
    });
    // The resumed runs are back in the queue; the others are not.
    expect(await queue.queue.getJob(mine.runId)).toBeDefined();
    expect(await queue.queue.getJob(anyKey.runId)).toBeDefined();
    expect(await queue.queue.getJob(otherKey.runId)).toBeUndefined();
    expect(await queue.queue.getJob(otherTenant.runId)).toBeUndefined();
  });

  it('resumes a run once: the same event again, or another one, finds nothing left to resume', async () => {
    const wait = await parked(acme, acmeFlow, 'order.paid', 'o-7');
    const first = await publish(http, token(), { id: 'pay-7', name: 'order.paid', key: 'o-7', payload: 1 });
    expect(first.body.resumed).toEqual([wait.runId]);
    const repeat = await publish(http, token(), { id: 'pay-7', name: 'order.paid', key: 'o-7', payload: 1 });
    expect(repeat.body).toEqual(first.body);
    const another = await publish(http, token(), { name: 'order.paid', key: 'o-7', payload: 2 });
    expect(another.body.resumed).toEqual([]);
    expect((await state(acme, wait.waitpointId)).result).toBe(1);
  });

  it('applies two concurrent events for one waiting run once', async () => {
    for (let round = 0; round < 3; round++) {
      const key = `race-${round}`;
      const wait = await parked(acme, acmeFlow, 'reply', key);
      const [a, b] = await Promise.all([
        publish(http, token(), { name: 'reply', key, payload: 'a' }),
        http.gql(PUBLISH_EVENT, { input: { name: 'reply', key, payload: 'b' } }, token()),
      ]);
      expect(a.status).toBe(202);
      expectGqlOk(b);
      const resumed = [...a.body.resumed, ...b.data.publishEvent.resumed];
      expect(resumed).toEqual([wait.runId]);
      const stored = await state(acme, wait.waitpointId);
      expect(stored.result).toBe(a.body.resumed.length ? 'a' : 'b');
    }
  });

  it('resumes once for two concurrent identical publishes of one id, both answered alike', async () => {
    const wait = await parked(acme, acmeFlow, 'reply', 'same-id');
    const body = { id: 'wamid.twice', name: 'reply', key: 'same-id', payload: { text: 'yes' } };
    const [a, b] = await Promise.all([publish(http, token(), body), publish(http, token(), body)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body).toEqual({ eventId: 'wamid.twice', resumed: [wait.runId], started: [] });
    expect(b.body).toEqual(a.body);
    expect(await state(acme, wait.waitpointId)).toMatchObject({
      status: 'resolved',
      resolved_by: 'event:wamid.twice',
    });
  });

  it('resumes only waits without a key for an event without a key', async () => {
    const keyed = await parked(acme, acmeFlow, 'tick', 'k');
    const unkeyed = await parked(acme, acmeFlow, 'tick', null);
    const res = await publish(http, token(), { name: 'tick' });
    expect(res.body.resumed).toEqual([unkeyed.runId]);
    expect((await state(acme, unkeyed.waitpointId)).result).toBeNull();
    expect((await state(acme, keyed.waitpointId)).status).toBe('waiting');
  });

  it('leaves a cancelled run alone', async () => {
    const wait = await parked(acme, acmeFlow, 'late', 'k');
    const cancelled = await http.post(`/v1/runs/${wait.runId}/cancel`, {}, { token: token() });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const res = await publish(http, token(), { name: 'late', key: 'k' });
    expect(res.body.resumed).toEqual([]);
  });
});
