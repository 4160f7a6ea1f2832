import { waitFor } from '@stepline/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableFlow, startRun } from '../../apps/api/src/modules/runs/testing/run.fixtures.js';
import type { TestTenant } from '../../apps/api/src/testing/tenant.factory.js';
import { startTestSystem, type TestSystem } from './support/system.js';

/** Subflows with the API and the worker: cancelling a waiting parent over REST cancels its child. */
describe('subflows with the API and the worker', () => {
  let system: TestSystem;
  let tenant: TestTenant;

  beforeAll(async () => {
    system = await startTestSystem();
    tenant = await system.tenant();
  });
  afterAll(() => system?.close());

  const token = () => tenant.owner.accessToken;
  const statusOf = async (runId: string) =>
    (await system.http.get(`/v1/runs/${runId}`, { token: token() })).body.status as string;

  it('cancelling a parent that waits for its child cancels the child too', async () => {
    const child = await runnableFlow(system.http, token(), {
      schemaVersion: 1,
      steps: [{ id: 'wait', type: 'waitForEvent', config: { event: 'never.comes' } }],
      edges: [],
    });
    const parent = await runnableFlow(system.http, token(), {
      schemaVersion: 1,
      steps: [{ id: 'child', type: 'subflow', config: { flowId: child, input: {}, wait: true } }],
      edges: [],
    });
    const started = await startRun(system.http, token(), parent, { input: {} });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const runId = started.body.id as string;
    let childRunId: string | undefined;
    await waitFor(
      async () => {
        const list = (await system.http.get(`/v1/runs?flowId=${child}`, { token: token() })).body.data;
        childRunId = list[0]?.id;
        return (
          (await statusOf(runId)) === 'waiting' &&
          childRunId !== undefined &&
          (await statusOf(childRunId)) === 'waiting'
        );
      },
      { timeoutMs: 15_000, what: 'parent and child to wait' },
    );
    const waiting = (await system.http.get(`/v1/runs/${runId}`, { token: token() })).body;
    expect(waiting.waitingFor).toMatchObject([{ kind: 'subflow', stepId: 'child', childRunId }]);
    const cancel = await system.http.post(`/v1/runs/${runId}/cancel`, {}, { token: token() });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expect(await statusOf(runId)).toBe('cancelled');
    expect(await statusOf(childRunId as string)).toBe('cancelled');
  });

  it('cancelling a waited-for child over REST fails the parent’s subflow step', async () => {
    const child = await runnableFlow(system.http, token(), {
      schemaVersion: 1,
      steps: [{ id: 'wait', type: 'waitForEvent', config: { event: 'never.comes' } }],
      edges: [],
    });
    const parent = await runnableFlow(system.http, token(), {
      schemaVersion: 1,
      steps: [{ id: 'child', type: 'subflow', config: { flowId: child, input: {}, wait: true } }],
      edges: [],
    });
    const runId = (await startRun(system.http, token(), parent, { input: {} })).body.id as string;
    let childRunId: string | undefined;
    await waitFor(
      async () => {
        childRunId = (await system.http.get(`/v1/runs?flowId=${child}`, { token: token() })).body.data[0]?.id;
        return (
          childRunId !== undefined &&
          (await statusOf(childRunId)) === 'waiting' &&
          (await statusOf(runId)) === 'waiting'
        );
      },
      { timeoutMs: 15_000, what: 'parent and child to wait' },
    );
    const cancel = await system.http.post(`/v1/runs/${childRunId}/cancel`, {}, { token: token() });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    await waitFor(async () => (await statusOf(runId)) === 'failed', {
      timeoutMs: 15_000,
      what: 'the parent to fail',
    });
    const body = (await system.http.get(`/v1/runs/${runId}`, { token: token() })).body;
    expect(body.error).toMatchObject({ code: 'run.cancelled', stepId: 'child' });
  });
});
