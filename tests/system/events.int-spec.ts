import { createStepline } from '@stepline/sdk';
import { DATA_SOURCE, wakeRunJob } from '@stepline/server';
import { waitFor } from '@stepline/server/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoFlows } from '../../apps/api/src/cli/demo-seed.js';
import { CHAT_API_SECRET } from '../../apps/api/src/modules/flows/demo-flows.js';
import { runsQueue } from '../../apps/api/src/modules/runs/testing/run.fixtures.js';
import { insertApiKey, tenantQuery } from '../../apps/api/src/testing/tenant-db.js';
import type { TestTenant } from '../../apps/api/src/testing/tenant.factory.js';
import { startFakeHttpServer, type FakeHttpServer } from '../../apps/worker/src/testing/fake-http-server.js';
import { startTestSystem, type TestSystem } from './support/system.js';

const ANN = '+491701111111';
const BOB = '+491702222222';

/**
 * The seeded WhatsApp-style conversation end to end (issue 10): a chat gateway publishes every
 * incoming message as a `message.received` event keyed by the sender; a keyword starts the flow,
 * which asks through the chat API (a local fake), parks on `waitForEvent` holding no worker, and
 * the sender's reply — and only that sender's — resumes it to branch and answer.
 */
describe('the seeded chat conversation, driven by events', () => {
  let system: TestSystem;
  let chat: FakeHttpServer;
  let tenant: TestTenant;
  let stepline: ReturnType<typeof createStepline>;

  beforeAll(async () => {
    system = await startTestSystem({ env: { OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32' } });
    chat = await startFakeHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sent: true }));
    });
    tenant = await system.tenant();
    const secret = await system.http.post(
      '/v1/secrets',
      { name: CHAT_API_SECRET, value: `${chat.origin}/messages` },
      { token: tenant.owner.accessToken },
    );
    expect(secret.status, JSON.stringify(secret.body)).toBe(201);
    await seedDemoFlows(system.api.get<DataSource>(DATA_SOURCE), tenant.id);
    const key = await insertApiKey(system.db.ownerUrl, tenant.id, ['events:write']);
    stepline = createStepline({ baseUrl: system.baseUrl, token: key });
  });
  afterAll(async () => {
    await system?.close();
    await chat?.close();
  });

  const sentTo = (to: string) =>
    chat.requests.filter((r) => JSON.parse(r.body || 'null')?.to === to).map((r) => JSON.parse(r.body));
  const runOf = async (id: string) =>
    (await system.http.get(`/v1/runs/${id}`, { token: tenant.users.viewer.accessToken })).body;
  /** For waitFor: true once the run has `status`; until then the error names the status it has. */
  const statusIs = (id: string, status: string) => async () => {
    const run = await runOf(id);
    if (run.status !== status) {
      const steps = (run.steps ?? []).map((x: { stepId: string; status: string; error?: unknown }) => [
        x.stepId,
        x.status,
        x.error ?? null,
      ]);
      throw new Error(`run ${run.status} ${JSON.stringify(run.error ?? null)} ${JSON.stringify(steps)}`);
    }
    return true;
  };

  it('asks on a keyword, waits for the same sender’s reply and answers by their choice', async () => {
    const message = (key: string, text: string) =>
      stepline.events.publish({ name: 'message.received', key, payload: { text } });

    // Small talk starts nothing; HELP and START (any case) each start a conversation.
    expect(await message(ANN, 'hello there')).toMatchObject({ resumed: [], started: [] });
    const ann = await message(ANN, 'HELP');
    const bob = await message(BOB, 'start');
    expect(ann.started).toHaveLength(1);
    expect(bob.started).toHaveLength(1);
    const [annRun, bobRun] = [ann.started[0], bob.started[0]];

    // Both asked through the chat API, then parked on their reply.
    await waitFor(statusIs(annRun, 'waiting'), { timeoutMs: 20_000, what: 'Ann’s run to wait' });
    await waitFor(statusIs(bobRun, 'waiting'), { timeoutMs: 20_000, what: 'Bob’s run to wait' });
    expect(sentTo(ANN)).toEqual([
      { to: ANN, text: 'Hi! Do you want to talk to sales or support?', options: ['sales', 'support'] },
    ]);
    expect(sentTo(BOB)).toHaveLength(1);

    // Ann's reply resumes Ann's run only; it is no keyword, so nothing new starts.
    const reply = await message(ANN, ' Support ');
    expect(reply).toMatchObject({ resumed: [annRun], started: [] });
    await waitFor(statusIs(annRun, 'succeeded'), { timeoutMs: 20_000, what: 'Ann’s run to finish' });
    expect((await runOf(annRun)).output).toEqual({
      choice: 'support',
      answer: 'Thanks! A support agent will pick up this conversation.',
    });
    expect(sentTo(ANN).at(-1)).toEqual({
      to: ANN,
      text: 'Thanks! A support agent will pick up this conversation.',
    });
    expect((await runOf(bobRun)).status).toBe('waiting');
    expect(sentTo(BOB)).toHaveLength(1);

    // Bob answers something else: the default branch answers it; the same event id again is a no-op.
    const bobReply = { id: 'wamid.bob-1', name: 'message.received', key: BOB, payload: { text: 'pizza' } };
    expect(await stepline.events.publish(bobReply)).toMatchObject({ resumed: [bobRun], started: [] });
    await waitFor(statusIs(bobRun, 'succeeded'), { timeoutMs: 20_000, what: 'Bob’s run to finish' });
    expect((await runOf(bobRun)).output).toEqual({
      choice: 'default',
      answer: 'Sorry, I did not get that. Write HELP to start again.',
    });
    expect(await stepline.events.publish(bobReply)).toEqual({
      eventId: 'wamid.bob-1',
      resumed: [bobRun],
      started: [],
    });
    expect(sentTo(BOB)).toHaveLength(2);

    // The waiting step recorded the reply as its output, and the run input is the keyword event.
    const detail = await runOf(annRun);
    expect(detail.trigger).toBe('event');
    expect(detail.input).toMatchObject({ name: 'message.received', key: ANN, payload: { text: 'HELP' } });
    const wait = detail.steps.filter((s: { stepId: string }) => s.stepId === 'reply').at(-1);
    expect(wait.output).toEqual({ text: ' Support ' });
  });

  it('ends a conversation whose reply never comes without answering it', async () => {
    const CAROL = '+491703333333';
    const { started } = await stepline.events.publish({
      name: 'message.received',
      key: CAROL,
      payload: { text: 'help' },
    });
    const runId = started[0];
    await waitFor(statusIs(runId, 'waiting'), { timeoutMs: 20_000, what: 'Carol’s run to wait' });
    // A day passes: the wait is due, and its delayed job runs now.
    await tenantQuery(
      system.db.ownerUrl,
      tenant.id,
      `UPDATE waitpoints SET resume_at = now() - interval '1 second' WHERE run_id = $1 AND status = 'waiting'`,
      [runId],
    );
    const queue = runsQueue(system.config.redisUrl, system.config.redisPrefix);
    try {
      await wakeRunJob(queue.queue, tenant.id, runId);
    } finally {
      await queue.close();
    }
    await waitFor(statusIs(runId, 'succeeded'), { timeoutMs: 20_000, what: 'Carol’s run to end' });
    expect((await runOf(runId)).output).toEqual({ answer: 'no reply' });
    expect(sentTo(CAROL)).toHaveLength(1);
  });

  it('does not start a conversation for a keyword without a sender to answer', async () => {
    const res = await stepline.events.publish({ name: 'message.received', payload: { text: 'help' } });
    expect(res.started).toEqual([]);
  });
});
