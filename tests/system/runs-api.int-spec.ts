import { createStepline, type RunEvent } from '@stepline/sdk';
import { waitFor } from '@stepline/server/testing';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TestTenant } from '../../apps/api/src/testing/tenant.factory.js';
import {
  greetingDefinition,
  runAudit,
  runnableFlow,
  startRun,
} from '../../apps/api/src/modules/runs/testing/run.fixtures.js';
import { startTestSystem, type TestSystem } from './support/system.js';

/** Reads an SSE response to its end (the server closes after the terminal status). */
async function readEvents(
  baseUrl: string,
  token: string,
  runId: string,
  lastEventId?: string,
): Promise<Array<{ id?: string; event: RunEvent }>> {
  const res = await fetch(`${baseUrl}/v1/runs/${runId}/events`, {
    headers: { authorization: `Bearer ${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const out: Array<{ id?: string; event: RunEvent }> = [];
  for (const block of (await res.text()).split('\n\n')) {
    const data = block.split('\n').find((l) => l.startsWith('data: '));
    if (!data) continue;
    const id = block.split('\n').find((l) => l.startsWith('id: '));
    out.push({ ...(id ? { id: id.slice(4) } : {}), event: JSON.parse(data.slice(6)) });
  }
  return out;
}

/** Waits while the code step spins, so a cancel finds it running. */
const slowDefinition = () => ({
  schemaVersion: 1,
  steps: [
    { id: 'first', type: 'transform', config: { expression: '1' } },
    { id: 'spin', type: 'code', config: { source: 'while (true) {}', timeoutMs: 30000 } },
  ],
  edges: [{ from: 'first', to: 'spin' }],
});

/** `check` always fails after `prepare` succeeded: a failed run to resume. */
const flakyDefinition = () => ({
  schemaVersion: 1,
  steps: [
    { id: 'prepare', type: 'transform', config: { expression: '"prepared"' } },
    { id: 'check', type: 'fail', config: { message: 'not ok' } },
  ],
  edges: [{ from: 'prepare', to: 'check' }],
});

describe('runs API with a worker', () => {
  let system: TestSystem;
  let acme: TestTenant;
  let token: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    system = await startTestSystem();
    acme = await system.tenant();
    token = acme.owner.accessToken;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await system?.close();
  });

  it('answers 200 with the finished run when it ends within wait', async () => {
    const flowId = await runnableFlow(system.http, token);
    const res = await startRun(system.http, token, flowId, { input: { name: 'Ada' }, wait: 10 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'succeeded', output: 'HELLO ADA' });
    expect(res.body.steps.map((s: { stepId: string; status: string }) => [s.stepId, s.status])).toEqual([
      ['greet', 'succeeded'],
      ['shout', 'succeeded'],
    ]);
  });

  it('with wait and a replayed Idempotency-Key, answers the first run finished and starts no other', async () => {
    const flowId = await runnableFlow(system.http, token);
    const body = { input: { name: 'Ada' }, wait: 10 };
    const headers = { 'idempotency-key': `wait-replay-${flowId}` };
    const first = await startRun(system.http, token, flowId, body, headers);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await startRun(system.http, token, flowId, body, headers);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, status: 'succeeded', output: 'HELLO ADA' });
    const list = await system.http.get(`/v1/runs?flowId=${flowId}`, { token });
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([first.body.id]);
  });

  it('streams settled steps over SSE, ends after the terminal status, and resumes with Last-Event-ID', async () => {
    const flowId = await runnableFlow(system.http, token);
    const { body } = await startRun(system.http, token, flowId, { input: { name: 'Ada' }, wait: 10 });
    const events = await readEvents(system.baseUrl, token, body.id);
    const settled = events.filter((e) => e.event.type === 'step.settled');
    expect(settled.map((e) => (e.event as { stepId: string }).stepId)).toEqual(['greet', 'shout']);
    expect(settled.every((e) => e.id === String((e.event as { seq: number }).seq))).toBe(true);
    expect(events.at(-1)?.event).toMatchObject({ type: 'run.status', status: 'succeeded' });

    const resumed = await readEvents(system.baseUrl, token, body.id, settled[0].id);
    expect(resumed.map((e) => e.event.type)).toEqual(['step.settled', 'run.status']);
    expect((resumed[0].event as { stepId: string }).stepId).toBe('shout');
  });

  it('delivers live events of a run started after the stream opened', async () => {
    const flowId = await runnableFlow(system.http, token);
    // A run whose job is not yet taken: open the stream first, then let the worker see it.
    const { body } = await startRun(system.http, token, flowId, { input: { name: 'Live' } });
    const events = await readEvents(system.baseUrl, token, body.id);
    expect(events.map((e) => e.event.type)).toContain('step.settled');
    expect(events.at(-1)?.event).toMatchObject({ type: 'run.status', status: 'succeeded' });
  });

  it('delivers events over the GraphQL subscription', async () => {
    const flowId = await runnableFlow(system.http, token);
    const { body } = await startRun(system.http, token, flowId, { input: { name: 'Gql' } });
    const client = createClient({
      url: system.baseUrl.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    clients.push(client);
    const seen: Array<{ type: string; status?: string; stepId?: string }> = [];
    let done = false;
    client.subscribe<{ runEvents: { type: string; status?: string; stepId?: string } }>(
      {
        query: 'subscription($id: ID!) { runEvents(runId: $id) { type status stepId seq } }',
        variables: { id: body.id },
      },
      {
        next: (msg) => msg.data && seen.push(msg.data.runEvents),
        error: () => (done = true),
        complete: () => (done = true),
      },
    );
    await waitFor(() => done, { what: 'the subscription to complete', timeoutMs: 20_000 });
    expect(seen.filter((e) => e.type === 'step.settled').map((e) => e.stepId)).toEqual(['greet', 'shout']);
    expect(seen.at(-1)).toMatchObject({ type: 'run.status', status: 'succeeded' });
  });

  it('cancels a running run: the step in flight is aborted and the run ends cancelled', async () => {
    const flowId = await runnableFlow(system.http, token, slowDefinition());
    const { body } = await startRun(system.http, token, flowId, {});
    await waitFor(
      async () => (await system.http.get(`/v1/runs/${body.id}`, { token })).body.status === 'running',
      { what: 'the run to be running' },
    );
    const res = await system.http.post(`/v1/runs/${body.id}/cancel`, {}, { token });
    expect(res.status).toBe(200);
    const run = await waitFor(
      async () => {
        const r = (await system.http.get(`/v1/runs/${body.id}`, { token })).body;
        return r.status === 'cancelled' ? r : undefined;
      },
      { what: 'the run to be cancelled', timeoutMs: 15_000 },
    );
    expect(run.cancelRequestedAt).toEqual(expect.any(String));
    expect((await runAudit(system.db.ownerUrl, acme.id, body.id)).map((a) => a.action)).toEqual([
      'run.cancelled',
    ]);
  });

  it('retries a finished run as a new run that succeeds', async () => {
    const flowId = await runnableFlow(system.http, token, greetingDefinition('Hi'));
    const first = await startRun(system.http, token, flowId, { input: { name: 'Ada' }, wait: 10 });
    const retry = await system.http.post(`/v1/runs/${first.body.id}/retry`, {}, { token });
    expect(retry.status).toBe(201);
    const sdk = createStepline({ baseUrl: system.baseUrl, token });
    const done = await sdk.runs.waitFor(retry.body.id, { timeoutMs: 15_000 });
    expect(done).toMatchObject({ status: 'succeeded', output: 'HI ADA', retryOfRunId: first.body.id });
  });

  it('resumes a failed run from its failed step, reusing the recorded upstream outputs', async () => {
    const flowId = await runnableFlow(system.http, token, flakyDefinition());
    const failed = await startRun(system.http, token, flowId, { wait: 10 });
    expect(failed.body).toMatchObject({ status: 'failed', error: { stepId: 'check' } });
    const resumed = await system.http.post(`/v1/runs/${failed.body.id}/resume`, {}, { token });
    expect(resumed.status).toBe(201);
    const sdk = createStepline({ baseUrl: system.baseUrl, token });
    const run = await sdk.runs.waitFor(resumed.body.id, { timeoutMs: 15_000 });
    expect(run).toMatchObject({
      status: 'failed',
      resumedFromRunId: failed.body.id,
      resumeFromStep: 'check',
    });
    // `prepare` was not executed again: its step run is a copy of the failed run's, marked as reused.
    const prepare = run.steps.find((step) => step.stepId === 'prepare');
    expect(prepare).toMatchObject({ status: 'succeeded', output: 'prepared' });
    expect(prepare?.logs.map((l) => l.message)).toEqual([`reused from run ${failed.body.id}`]);
    expect(run.steps.filter((step) => step.stepId === 'check')).toHaveLength(1);
    expect((await runAudit(system.db.ownerUrl, acme.id, failed.body.id)).map((a) => a.action)).toEqual([
      'run.resumed',
    ]);
  });
});
