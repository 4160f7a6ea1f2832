import { createStepline } from '@stepline/sdk';
import { DATA_SOURCE } from '@stepline/server';
import { waitFor } from '@stepline/server/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoFlows } from '../../apps/api/src/cli/demo-seed.js';
import { ifMatch } from '../../apps/api/src/modules/flows/testing/flow.fixtures.js';
import { startFakeHttpServer, type FakeHttpServer } from '../../apps/worker/src/testing/fake-http-server.js';
import { approvalDefinition } from '../../apps/api/src/modules/approvals/testing/approval.fixtures.js';
import { runnableFlow, startRun } from '../../apps/api/src/modules/runs/testing/run.fixtures.js';
import type { TestTenant } from '../../apps/api/src/testing/tenant.factory.js';
import { startTestSystem, type TestSystem } from './support/system.js';

/**
 * Human approvals end to end: the real worker parks a run on its approval step, a person (or the
 * timeout) decides through the API, and the run goes on along the chosen port.
 */
describe('approvals with the API and the worker', () => {
  let system: TestSystem;
  let tenant: TestTenant;
  let accounting: FakeHttpServer;

  beforeAll(async () => {
    // The seeded "Book expense" subflow posts to a local fake accounting API.
    system = await startTestSystem({ env: { OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32' } });
    tenant = await system.tenant();
    accounting = await startFakeHttpServer((req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: JSON.parse(req.body || '{}').id }));
    });
  });
  afterAll(async () => {
    await system?.close();
    await accounting?.close();
  });

  const get = (path: string, token = tenant.owner.accessToken) => system.http.get(path, { token });
  const run = async (config: Record<string, unknown> = {}) => {
    const flowId = await runnableFlow(system.http, tenant.owner.accessToken, approvalDefinition(config));
    const started = await startRun(system.http, tenant.users.operator.accessToken, flowId, {
      input: {},
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    return started.body.id as string;
  };
  /** The run parked on its approval: answers the approval. */
  const pendingApproval = async (runId: string) => {
    let approval: any;
    await waitFor(
      async () => {
        const [r, list] = await Promise.all([
          get(`/v1/runs/${runId}`),
          get(`/v1/approvals?runId=${runId}&status=pending`),
        ]);
        approval = list.body.data?.[0];
        return r.body.status === 'waiting' && approval !== undefined;
      },
      { timeoutMs: 15_000, what: `run ${runId} to wait for an approval` },
    );
    return approval;
  };
  const finished = async (runId: string, token = tenant.owner.accessToken) => {
    await waitFor(
      async () => ['succeeded', 'failed'].includes((await get(`/v1/runs/${runId}`, token)).body.status),
      { timeoutMs: 15_000, what: `run ${runId} to finish` },
    );
    return (await get(`/v1/runs/${runId}`, token)).body;
  };
  const settledSteps = (body: any) =>
    Object.fromEntries(
      body.steps
        .filter((s: any) => s.status !== 'waiting')
        .map((s: any) => [s.stepId, s.status === 'skipped' ? 'skipped' : s.output]),
    );
  const decide = (id: string, body: Record<string, unknown>, token = tenant.users.operator.accessToken) =>
    system.http.post(`/v1/approvals/${id}/decide`, body, { token });

  it('an operator approves and the run continues on the approved port; a viewer was refused first', async () => {
    const runId = await run({ message: 'Release v2' });
    const approval = await pendingApproval(runId);
    expect(approval).toMatchObject({
      title: 'Ship it?',
      message: 'Release v2',
      options: ['approved', 'rejected'],
    });
    const refused = await decide(approval.id, { decision: 'approved' }, tenant.users.viewer.accessToken);
    expect(refused.status).toBe(403);
    const res = await decide(approval.id, { decision: 'approved', comment: 'Go' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = await finished(runId);
    expect(body.status).toBe('succeeded');
    expect(settledSteps(body)).toEqual({
      ask: {
        decision: 'approved',
        comment: 'Go',
        decidedBy: { type: 'user', id: tenant.users.operator.id, label: tenant.users.operator.email },
        decidedAt: expect.any(String),
        timedOut: false,
      },
      on_approved: 'approved',
      on_rejected: 'skipped',
    });
    expect((await decide(approval.id, { decision: 'rejected' })).body.code).toBe('approval.already_decided');
  });

  it('a rejection follows the rejected port', async () => {
    const runId = await run();
    const approval = await pendingApproval(runId);
    expect((await decide(approval.id, { decision: 'rejected' })).status).toBe(200);
    expect(settledSteps(await finished(runId))).toMatchObject({
      on_approved: 'skipped',
      on_rejected: 'rejected',
    });
  });

  it('a custom option decided over GraphQL routes to its own port', async () => {
    const runId = await run({ options: ['ship', 'hold', 'drop'] });
    const approval = await pendingApproval(runId);
    const answer = await system.http.gql(
      `mutation($id: ID!) { decideApproval(id: $id, input: { decision: "hold", comment: "Friday" }) { status decision } }`,
      { id: approval.id },
      tenant.users.editor.accessToken,
    );
    expect(answer.errors).toBeUndefined();
    expect(settledSteps(await finished(runId))).toMatchObject({
      ask: { decision: 'hold', comment: 'Friday' },
      on_ship: 'skipped',
      on_hold: 'hold',
      on_drop: 'skipped',
    });
  });

  it('the SDK decides with an API key that has runs:write', async () => {
    const runId = await run();
    const approval = await pendingApproval(runId);
    const created = await system.http.post(
      '/v1/api-keys',
      { name: 'approver bot', scopes: ['runs:write'] },
      { token: tenant.owner.accessToken },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const sdk = createStepline({ baseUrl: system.baseUrl, token: created.body.key });
    const pending = [];
    for await (const a of sdk.approvals.list({ runId, status: ['pending'] })) pending.push(a.id);
    expect(pending).toEqual([approval.id]);
    expect(await sdk.approvals.decide(approval.id, { decision: 'approved' })).toMatchObject({
      status: 'decided',
    });
    expect((await finished(runId)).status).toBe('succeeded');
  });

  it('the timeout decides the default outcome, as the system', async () => {
    const runId = await run({ timeoutMs: 1_000, defaultOutcome: 'rejected' });
    const approval = await pendingApproval(runId);
    const body = await finished(runId);
    expect(settledSteps(body)).toMatchObject({
      ask: { decision: 'rejected', decidedBy: { type: 'system', label: 'timeout' }, timedOut: true },
      on_approved: 'skipped',
      on_rejected: 'rejected',
    });
    expect((await get(`/v1/approvals/${approval.id}`)).body).toMatchObject({
      status: 'timed_out',
      canDecide: false,
    });
    expect((await decide(approval.id, { decision: 'approved' })).body.code).toBe('approval.already_decided');
  });

  it('a timeout without a default outcome follows the timeout port', async () => {
    const flowId = await runnableFlow(system.http, tenant.owner.accessToken, {
      ...approvalDefinition({ timeoutMs: 1_000 }),
      steps: [
        ...approvalDefinition({ timeoutMs: 1_000 }).steps,
        { id: 'nobody', type: 'transform', config: { expression: '"nobody decided"' } },
      ],
      edges: [...approvalDefinition().edges, { from: 'ask', to: 'nobody', when: 'timeout' }],
    });
    const started = await startRun(system.http, tenant.owner.accessToken, flowId, { input: {} });
    await pendingApproval(started.body.id);
    expect(settledSteps(await finished(started.body.id))).toMatchObject({
      ask: { decision: null, timedOut: true },
      on_approved: 'skipped',
      on_rejected: 'skipped',
      nobody: 'nobody decided',
    });
  });

  it('two concurrent decisions: one wins and the run goes on once', async () => {
    const runId = await run();
    const approval = await pendingApproval(runId);
    const answers = await Promise.all([
      decide(approval.id, { decision: 'approved' }),
      decide(approval.id, { decision: 'rejected' }, tenant.users.admin.accessToken),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!.body.decision as string;
    const body = await finished(runId);
    expect(settledSteps(body)).toMatchObject({ ask: { decision: winner }, [`on_${winner}`]: winner });
    expect(body.steps.filter((s: any) => s.stepId === 'ask' && s.status === 'succeeded')).toHaveLength(1);
  });

  it('the seeded "Expense approval" flow asks admins, then goes on to wait for the receipt once approved', async () => {
    const seeded = await system.tenant();
    await seedDemoFlows(system.api.get<DataSource>(DATA_SOURCE), seeded.id);
    const token = seeded.owner.accessToken;
    const flows = await system.http.get('/v1/flows?tag=example', { token });
    const flow = flows.body.data.find((f: { name: string }) => f.name === 'Expense approval');
    const started = await startRun(system.http, token, flow.id, {
      input: { expenseId: 'E-7', amount: 120, submitter: 'ada@example.com' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const runId = started.body.id as string;
    let approval: any;
    await waitFor(
      async () => {
        approval = (await system.http.get(`/v1/approvals?runId=${runId}`, { token })).body.data[0];
        return approval !== undefined;
      },
      { timeoutMs: 15_000, what: 'the expense approval' },
    );
    expect(approval).toMatchObject({
      title: 'Approve expense E-7?',
      message: 'Amount: 120, submitted by ada@example.com',
      approverRole: 'admin',
      defaultOutcome: 'rejected',
      canDecide: true,
    });
    const byOperator = await system.http.post(
      `/v1/approvals/${approval.id}/decide`,
      { decision: 'approved' },
      { token: seeded.users.operator.accessToken },
    );
    expect(byOperator.status).toBe(403);
    const byAdmin = await system.http.post(
      `/v1/approvals/${approval.id}/decide`,
      { decision: 'approved', comment: 'Within budget' },
      { token: seeded.users.admin.accessToken },
    );
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(200);
    // The approved port leads to the receipt wait; the rejected branch is skipped.
    await waitFor(
      async () => {
        const run = (await system.http.get(`/v1/runs/${runId}`, { token })).body;
        const status = (id: string) =>
          run.steps.filter((s: any) => s.stepId === id).map((s: any) => s.status);
        return (
          run.status === 'waiting' &&
          status('receipt').includes('waiting') &&
          status('rejected').includes('skipped')
        );
      },
      { timeoutMs: 15_000, what: 'the run to wait for the receipt' },
    );
  });

  it('the seeded "Expense approval" flow books the expense through its "Book expense" subflow once approved and the receipt arrived', async () => {
    const seeded = await system.tenant();
    await seedDemoFlows(system.api.get<DataSource>(DATA_SOURCE), seeded.id);
    const token = seeded.owner.accessToken;
    const flows = (await system.http.get('/v1/flows?tag=example', { token })).body.data;
    const flowNamed = (name: string) => flows.find((f: { name: string }) => f.name === name);
    // Point the subflow's accounting call at the local fake, and publish that as its new version.
    const book = flowNamed('Book expense');
    const draft = (await system.http.get(`/v1/flows/${book.id}/draft`, { token })).body;
    const definition = structuredClone(draft.definition);
    definition.steps.find((s: any) => s.id === 'book').config.url = `${accounting.origin}/api/expenses`;
    definition.steps.find((s: any) => s.id === 'book').retry = { maxAttempts: 1 };
    const saved = await system.http.put(
      `/v1/flows/${book.id}/draft`,
      { definition },
      { token, headers: ifMatch('*') },
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const published = await system.http.post(`/v1/flows/${book.id}/publish`, {}, { token });
    expect(published.status, JSON.stringify(published.body)).toBe(200);

    const started = await startRun(system.http, token, flowNamed('Expense approval').id, {
      input: { expenseId: 'E-8', amount: 75, submitter: 'ada@example.com' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const runId = started.body.id as string;
    let approval: any;
    await waitFor(
      async () => {
        approval = (await system.http.get(`/v1/approvals?runId=${runId}`, { token })).body.data[0];
        return approval !== undefined;
      },
      { timeoutMs: 15_000, what: 'the expense approval' },
    );
    const decided = await system.http.post(
      `/v1/approvals/${approval.id}/decide`,
      { decision: 'approved' },
      { token: seeded.users.admin.accessToken },
    );
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await waitFor(
      async () => {
        const run = (await system.http.get(`/v1/runs/${runId}`, { token })).body;
        return run.steps.some((s: any) => s.stepId === 'receipt' && s.status === 'waiting');
      },
      { timeoutMs: 15_000, what: 'the run to wait for the receipt' },
    );
    const receipt = await system.http.post(
      '/v1/events',
      { name: 'expense.receipt_uploaded', key: 'E-8', payload: { file: 'receipt.pdf' } },
      { token },
    );
    expect(receipt.status, JSON.stringify(receipt.body)).toBe(202);
    const body = await finished(runId, token);
    expect(body.status, JSON.stringify(body.error)).toBe('succeeded');
    expect(body.output).toEqual({ entry: 'E-8', booked: true });
    expect(accounting.requests.map((r) => JSON.parse(r.body))).toContainEqual({ id: 'E-8', amount: 75 });
    const children = (await system.http.get(`/v1/runs?flowId=${book.id}`, { token })).body.data;
    expect(children).toMatchObject([{ trigger: 'subflow', status: 'succeeded' }]);
  });
});
