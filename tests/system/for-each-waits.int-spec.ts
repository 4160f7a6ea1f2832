import { waitFor } from '@stepline/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableFlow, startRun } from '../../apps/api/src/modules/runs/testing/run.fixtures.js';
import type { TestTenant } from '../../apps/api/src/testing/tenant.factory.js';
import { startTestSystem, type TestSystem } from './support/system.js';

/**
 * "For each expense line: ask for approval" through the API: the run detail's `waitingFor` names
 * the iteration path of each waiting body step (REST and GraphQL), and approvals decided over REST
 * resume exactly their iteration (ADR 0006 addendum).
 */
describe('approvals inside a forEach body, through the API', () => {
  let system: TestSystem;
  let tenant: TestTenant;

  beforeAll(async () => {
    system = await startTestSystem();
    tenant = await system.tenant();
  });
  afterAll(async () => {
    await system?.close();
  });

  const token = () => tenant.owner.accessToken;
  const get = async (id: string) => (await system.http.get(`/v1/runs/${id}`, { token: token() })).body;
  const waitingOn = async (runId: string, count: number) => {
    let body: any;
    await waitFor(
      async () => {
        body = await get(runId);
        return body.status === 'waiting' && body.waitingFor.length === count;
      },
      { timeoutMs: 15_000, what: `run ${runId} to wait on ${count} approvals` },
    );
    return body;
  };
  const decide = (id: string, decision: string) =>
    system.http.post(
      `/v1/approvals/${id}/decide`,
      { decision },
      { token: tenant.users.operator.accessToken },
    );

  it('shows each waiting iteration by path; a decision over REST resumes only its iteration', async () => {
    const flowId = await runnableFlow(system.http, token(), {
      schemaVersion: 1,
      steps: [
        {
          id: 'lines',
          type: 'forEach',
          config: {
            items: 'input.lines',
            concurrency: 5,
            body: {
              steps: [{ id: 'ok', type: 'approval', config: { title: 'Expense {{ item.id }}' } }],
              edges: [],
              output: '{{ steps.ok.output.decision }}',
            },
          },
        },
      ],
      edges: [],
    });
    const started = await startRun(system.http, token(), flowId, {
      input: { lines: [{ id: 'e1' }, { id: 'e2' }] },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const runId = started.body.id as string;

    const run = await waitingOn(runId, 2);
    const byPath = Object.fromEntries(run.waitingFor.map((w: any) => [w.path, w]));
    expect(Object.keys(byPath).sort()).toEqual(['lines[0]', 'lines[1]']);
    expect(byPath['lines[0]']).toMatchObject({ kind: 'approval', stepId: 'ok' });
    expect(byPath['lines[0]'].approvalId).toEqual(expect.any(String));

    const gql = await system.http.gql(
      `query ($id: ID!) { run(id: $id) { waitingFor { kind stepId path approvalId } } }`,
      { id: runId },
      token(),
    );
    expect(gql.errors).toBeUndefined();
    expect(gql.data.run.waitingFor.map((w: any) => w.path).sort()).toEqual(['lines[0]', 'lines[1]']);

    const second = await decide(byPath['lines[1]'].approvalId, 'rejected');
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    const after = await waitingOn(runId, 1);
    expect(after.waitingFor.map((w: any) => w.path)).toEqual(['lines[0]']);

    expect((await decide(byPath['lines[0]'].approvalId, 'approved')).status).toBe(200);
    await waitFor(async () => (await get(runId)).status === 'succeeded', {
      timeoutMs: 15_000,
      what: `run ${runId} to succeed`,
    });
    const done = await get(runId);
    expect(done.output).toEqual({ lines: ['approved', 'rejected'] });
    expect(done.waitingFor).toEqual([]);
  });
});
