import type { Role } from '@stepline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { expectGqlError, expectGqlOk, expectProblem } from '../../testing/problem-assertions.js';
import { insertApiKey, tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { runnableFlow } from '../runs/testing/run.fixtures.js';
import {
  echoDefinition,
  insertEventTrigger,
  publish,
  PUBLISH_EVENT,
  runsOfFlow,
} from './testing/event.fixtures.js';

const PUBLISHERS: Role[] = ['owner', 'admin', 'editor', 'operator'];
const KEYWORDS = "$lowercase(payload.text) in ['help', 'start']";

describe('publishing events', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let victim: TestTenant;
  const owner = () => acme.owner.accessToken;
  const eventsOf = (tenantId: string) =>
    tenantQuery(api.db.ownerUrl, tenantId, `SELECT * FROM events ORDER BY received_at, id`);

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    [acme, victim] = await Promise.all([
      createTestTenant(http, api.db.ownerUrl),
      createTestTenant(http, api.db.ownerUrl, 'victim'),
    ]);
  });
  afterAll(() => api?.close());

  it('is open to operators and above over REST and GraphQL, and refused to viewers', async () => {
    for (const role of PUBLISHERS) {
      const res = await publish(http, acme.users[role].accessToken, { name: 'ping', payload: { role } });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.body).toEqual({ eventId: expect.any(String), resumed: [], started: [] });
      const gql = await http.gql(PUBLISH_EVENT, { input: { name: 'ping' } }, acme.users[role].accessToken);
      expectGqlOk(gql);
    }
    expectProblem(
      await publish(http, acme.users.viewer.accessToken, { name: 'ping' }),
      403,
      'permission.denied',
    );
    expectGqlError(
      await http.gql(PUBLISH_EVENT, { input: { name: 'ping' } }, acme.users.viewer.accessToken),
      'permission.denied',
    );
    expectProblem(await publish(http, '', { name: 'ping' }), 401, 'auth.unauthenticated');
  });

  it('takes an API key only with the events:write scope', async () => {
    const writer = await insertApiKey(api.db.ownerUrl, acme.id, ['events:write']);
    const other = await insertApiKey(api.db.ownerUrl, acme.id, ['runs:write', 'flows:write']);
    const res = await publish(http, writer, { name: 'order.paid', key: 'o-1', payload: 1 });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expectProblem(await publish(http, other, { name: 'order.paid' }), 403, 'permission.denied');
    const [row] = (await eventsOf(acme.id)).filter((e) => e.event_id === res.body.eventId);
    expect(row).toMatchObject({ name: 'order.paid', key: 'o-1', published_by: null });
    expect(row.published_by_api_key).toEqual(expect.any(String));
  });

  it('refuses bad names, keys, ids and oversized payloads with their paths', async () => {
    const bad = async (body: Record<string, unknown>, path: string) => {
      const res = await publish(http, owner(), body);
      expectProblem(res, 422, 'validation.failed');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    };
    await bad({ name: 'has space' }, '/name');
    await bad({ name: 'x'.repeat(201) }, '/name');
    await bad({ payload: {} }, '/name');
    await bad({ name: 'ok', key: 'k'.repeat(256) }, '/key');
    await bad({ name: 'ok', key: '' }, '/key');
    await bad({ name: 'ok', key: 'line\nbreak' }, '/key');
    await bad({ name: 'ok', id: 'with space' }, '/id');
    await bad({ name: 'ok', key: 7 }, '/key');
    expectProblem(
      await publish(http, owner(), { name: 'big', payload: { text: 'x'.repeat(300 * 1024) } }),
      413,
      'request.too_large',
    );
    const gql = await http.gql(PUBLISH_EVENT, { input: { name: 'has space' } }, owner());
    expectGqlError(gql, 'validation.failed');
  });

  it('is idempotent by id: a repeat answers the first result and starts nothing more', async () => {
    const flowId = await runnableFlow(http, owner(), echoDefinition());
    await insertEventTrigger(api.db.ownerUrl, acme.id, flowId, { event: 'idem.test' });
    const body = { id: 'msg-001', name: 'idem.test', key: 'k', payload: { a: 1, b: [1, 2] } };
    const first = await publish(http, owner(), body);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ eventId: 'msg-001', resumed: [], started: [expect.any(String)] });
    // Same body with its keys in another order, over GraphQL: the same event.
    const again = await http.gql(
      PUBLISH_EVENT,
      { input: { payload: { b: [1, 2], a: 1 }, key: 'k', name: 'idem.test', id: 'msg-001' } },
      acme.users.operator.accessToken,
    );
    expectGqlOk(again);
    expect(again.data.publishEvent).toEqual(first.body);
    const rest = await publish(http, owner(), body);
    expect(rest.body).toEqual(first.body);
    expect(await runsOfFlow(api.db.ownerUrl, acme.id, flowId)).toHaveLength(1);
    expect((await eventsOf(acme.id)).filter((e) => e.event_id === 'msg-001')).toHaveLength(1);

    expectProblem(
      await publish(http, owner(), { ...body, payload: { a: 2 } }),
      422,
      'idempotency.key_reused',
    );
    expectProblem(await publish(http, owner(), { ...body, key: 'other' }), 422, 'idempotency.key_reused');
    expect(await runsOfFlow(api.db.ownerUrl, acme.id, flowId)).toHaveLength(1);
  });

  it('answers concurrent publishes of one id with one result, started once', async () => {
    const flowId = await runnableFlow(http, owner(), echoDefinition());
    await insertEventTrigger(api.db.ownerUrl, acme.id, flowId, { event: 'race.test' });
    const body = { id: 'race-1', name: 'race.test', payload: { n: 1 } };
    const answers = await Promise.all(Array.from({ length: 6 }, () => publish(http, owner(), body)));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(202));
    const bodies = new Set(answers.map((a) => JSON.stringify(a.body)));
    expect(bodies.size).toBe(1);
    expect(await runsOfFlow(api.db.ownerUrl, acme.id, flowId)).toHaveLength(1);
  });

  it('starts every enabled event trigger on the name whose filter matches, with the event as input', async () => {
    const keywordFlow = await runnableFlow(http, owner(), echoDefinition('keyword'));
    const anyFlow = await runnableFlow(http, owner(), echoDefinition('any'));
    const disabledFlow = await runnableFlow(http, owner(), echoDefinition('disabled'));
    const otherNameFlow = await runnableFlow(http, owner(), echoDefinition('other'));
    // Through trigger management, as an editor sets them up.
    const create = async (flowId: string, config: Record<string, unknown>, enabled = true) => {
      const res = await http.post(
        `/v1/flows/${flowId}/triggers`,
        { kind: 'event', enabled, config },
        { token: acme.users.editor.accessToken },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const keyword = await create(keywordFlow, { event: 'message.received', filter: KEYWORDS });
    await create(anyFlow, { event: 'message.received' });
    await create(disabledFlow, { event: 'message.received' }, false);
    await insertEventTrigger(api.db.ownerUrl, acme.id, otherNameFlow, { event: 'message.sent' });

    const help = await publish(http, acme.users.operator.accessToken, {
      name: 'message.received',
      key: '+491701234567',
      payload: { text: 'HeLp' },
    });
    expect(help.status).toBe(202);
    expect(help.body.started).toHaveLength(2);
    const [keywordRun] = await runsOfFlow(api.db.ownerUrl, acme.id, keywordFlow);
    expect(keywordRun).toMatchObject({
      trigger: 'event',
      status: 'queued',
      version_number: 1,
      input: {
        name: 'message.received',
        key: '+491701234567',
        payload: { text: 'HeLp' },
        eventId: help.body.eventId,
      },
    });
    expect(help.body.started).toContain(keywordRun.id);

    const chat = await publish(http, owner(), { name: 'message.received', payload: { text: 'yes' } });
    expect(chat.body.started).toHaveLength(1);
    expect(await runsOfFlow(api.db.ownerUrl, acme.id, keywordFlow)).toHaveLength(1);
    expect(await runsOfFlow(api.db.ownerUrl, acme.id, anyFlow)).toHaveLength(2);
    expect(await runsOfFlow(api.db.ownerUrl, acme.id, disabledFlow)).toHaveLength(0);
    expect(await runsOfFlow(api.db.ownerUrl, acme.id, otherNameFlow)).toHaveLength(0);

    const disabled = await http.patch(
      `/v1/triggers/${keyword}`,
      { enabled: false },
      { token: acme.users.editor.accessToken },
    );
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    const later = await publish(http, owner(), { name: 'message.received', payload: { text: 'start' } });
    expect(later.body.started).toHaveLength(1);
    expect(await runsOfFlow(api.db.ownerUrl, acme.id, keywordFlow)).toHaveLength(1);
  });

  it('counts a failing filter or a flow that cannot start (draft only, input refused, archived) as no match, never an error', async () => {
    const broken = await runnableFlow(http, owner(), echoDefinition('broken'));
    const unpublished = await runnableFlow(http, owner(), echoDefinition('draft only'), false);
    const strict = await runnableFlow(http, owner(), {
      ...echoDefinition('strict'),
      inputSchema: { type: 'object', required: ['email'] },
    });
    const archived = await runnableFlow(http, owner(), echoDefinition('archived'));
    const fine = await runnableFlow(http, owner(), echoDefinition('fine'));
    await insertEventTrigger(api.db.ownerUrl, acme.id, broken, { event: 'edge.case', filter: '$error("x")' });
    await insertEventTrigger(api.db.ownerUrl, acme.id, broken, { event: 'edge.case', filter: 'payload.[' });
    await insertEventTrigger(api.db.ownerUrl, acme.id, unpublished, { event: 'edge.case' });
    await insertEventTrigger(api.db.ownerUrl, acme.id, strict, { event: 'edge.case' });
    await insertEventTrigger(api.db.ownerUrl, acme.id, archived, { event: 'edge.case' });
    expect((await http.post(`/v1/flows/${archived}/archive`, {}, { token: owner() })).status).toBe(200);
    await insertEventTrigger(api.db.ownerUrl, acme.id, fine, { event: 'edge.case' });
    const res = await publish(http, owner(), { name: 'edge.case', payload: 'hi' });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const [run] = await runsOfFlow(api.db.ownerUrl, acme.id, fine);
    expect(res.body.started).toEqual([run.id]);
  });

  it('starts the pinned version of a trigger that pins one', async () => {
    const flowId = await runnableFlow(http, owner(), echoDefinition('v1'));
    const draft = await http.put(
      `/v1/flows/${flowId}/draft`,
      { definition: echoDefinition('v2') },
      { token: owner(), headers: { 'if-match': '*' } },
    );
    expect([200, 201]).toContain(draft.status);
    expect((await http.post(`/v1/flows/${flowId}/publish`, {}, { token: owner() })).status).toBe(200);
    await insertEventTrigger(api.db.ownerUrl, acme.id, flowId, { event: 'pin.test', version: 1 });
    await insertEventTrigger(api.db.ownerUrl, acme.id, flowId, { event: 'pin.test' });
    await publish(http, owner(), { name: 'pin.test' });
    const runs = await runsOfFlow(api.db.ownerUrl, acme.id, flowId);
    expect(runs.map((r) => r.version_number).sort()).toEqual([1, 2]);
  });

  it('never touches another tenant: its triggers do not fire and its event ids are its own', async () => {
    const victimFlow = await runnableFlow(http, victim.owner.accessToken, echoDefinition('victim'));
    await insertEventTrigger(api.db.ownerUrl, victim.id, victimFlow, { event: 'shared.name' });
    const res = await publish(http, owner(), { id: 'same-id', name: 'shared.name', payload: 1 });
    expect(res.body.started).toEqual([]);
    expect(await runsOfFlow(api.db.ownerUrl, victim.id, victimFlow)).toHaveLength(0);
    // The victim's own event with the same id is its own (no replay of the attacker's result).
    const own = await publish(http, victim.owner.accessToken, {
      id: 'same-id',
      name: 'shared.name',
      payload: 2,
    });
    expect(own.status).toBe(202);
    expect(own.body.started).toHaveLength(1);
    expect((await eventsOf(victim.id)).map((e) => e.event_id)).toEqual(['same-id']);
  });
});
