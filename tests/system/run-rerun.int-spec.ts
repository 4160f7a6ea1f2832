import { waitFor } from '@stepline/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableFlow, startRun } from '../../apps/api/src/modules/runs/testing/run.fixtures.js';
import { startTestSystem, type TestSystem } from './support/system.js';

/** The editor's "re-run from here": POST /v1/runs/{id}/resume with fromStep, on any finished run. */
describe('re-running a finished run from a chosen step', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.close());

  const definition = {
    schemaVersion: 1,
    steps: [
      { id: 'a', type: 'transform', config: { expression: 'input.n' } },
      { id: 'b', type: 'transform', config: { expression: 'steps.a.output + 1' } },
      { id: 'c', type: 'transform', config: { expression: 'steps.b.output * 10' } },
    ],
    edges: [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
    ],
  };

  it('reuses the steps upstream of it and runs it and its descendants again', async () => {
    const tenant = await system.tenant();
    const token = tenant.owner.accessToken;
    const flowId = await runnableFlow(system.http, token, definition);
    const first = await startRun(system.http, token, flowId, { input: { n: 1 }, wait: 10 });
    expect(first.body).toMatchObject({ status: 'succeeded', output: { c: 20 } });

    const again = await system.http.post(`/v1/runs/${first.body.id}/resume`, { fromStep: 'b' }, { token });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body).toMatchObject({
      resumedFromRunId: first.body.id,
      resumeFromStep: 'b',
      trigger: 'retry',
    });
    const run = await waitFor(
      async () => {
        const body = (await system.http.get(`/v1/runs/${again.body.id}`, { token })).body;
        return body.status === 'succeeded' ? (body as Record<string, any>) : undefined;
      },
      { what: 'the re-run to succeed' },
    );
    expect(run).toMatchObject({ status: 'succeeded', output: { c: 20 } });
    const reused = (stepId: string) =>
      run.steps
        .find((s: { stepId: string }) => s.stepId === stepId)
        .logs.some((l: { message: string }) => l.message.startsWith('reused from run'));
    expect([reused('a'), reused('b'), reused('c')]).toEqual([true, false, false]);
  });

  it('refuses a step the flow does not have, and an unfinished run', async () => {
    const tenant = await system.tenant();
    const token = tenant.owner.accessToken;
    const flowId = await runnableFlow(system.http, token, definition);
    const first = await startRun(system.http, token, flowId, { input: { n: 1 }, wait: 10 });
    const unknown = await system.http.post(
      `/v1/runs/${first.body.id}/resume`,
      { fromStep: 'nope' },
      { token },
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({
      code: 'validation.failed',
      errors: [expect.objectContaining({ path: '/fromStep' })],
    });
    const malformed = await system.http.post(
      `/v1/runs/${first.body.id}/resume`,
      { fromStep: 'Not An Id' },
      { token },
    );
    expect(malformed.status).toBe(422);
  });
});
