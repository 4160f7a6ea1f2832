import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { expectGqlError, expectGqlOk, expectProblem } from '../../testing/problem-assertions.js';
import { insertApiKey, tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { runnableFlow, startRun } from '../runs/testing/run.fixtures.js';
import {
  approvalAudit,
  approvalDefinition,
  parkedApproval,
  waitpointOf,
} from './testing/approval.fixtures.js';

const APPROVAL_FIELDS = `id status runId flowId flowName flowVersion stepId stepName title message options
  approverRole assignees requestedAt expiresAt defaultOutcome decision comment decidedAt canDecide
  decidedBy { type id label }`;

describe('approvals API', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let victim: TestTenant;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    [acme, victim] = await Promise.all([
      createTestTenant(http, api.db.ownerUrl),
      createTestTenant(http, api.db.ownerUrl, 'victim'),
    ]);
  });
  afterAll(() => api?.close());

  const park = (config = {}, tenant = acme, options = {}) =>
    parkedApproval(http, api.db.ownerUrl, tenant, config, options);
  const decide = (id: string, body: Record<string, unknown>, token = acme.users.operator.accessToken) =>
    http.post(`/v1/approvals/${id}/decide`, body, { token });

  it('shows a pending approval with its run, flow, step, options and times', async () => {
    const { approvalId, runId, flowId } = await park({ message: 'v2 is ready', timeoutMs: 3_600_000 });
    const res = await http.get(`/v1/approvals/${approvalId}`, { token: acme.users.operator.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: approvalId,
      status: 'pending',
      runId,
      flowId,
      flowVersion: 1,
      stepId: 'ask',
      stepName: 'Ask a person',
      title: 'Ship it?',
      message: 'v2 is ready',
      options: ['approved', 'rejected'],
      approverRole: 'operator',
      assignees: [],
      decision: null,
      decidedBy: null,
      canDecide: true,
    });
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.requestedAt)).toBeGreaterThan(3_500_000);
    const asViewer = await http.get(`/v1/approvals/${approvalId}`, { token: acme.users.viewer.accessToken });
    expect(asViewer.body).toMatchObject({ status: 'pending', canDecide: false });
  });

  it('lets an operator approve once: the waitpoint resolves with the output, the run runs again, the decision is audited', async () => {
    const { approvalId } = await park();
    const res = await decide(approvalId, { decision: 'approved', comment: '  Looks good  ' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const operator = acme.users.operator;
    expect(res.body).toMatchObject({
      status: 'decided',
      decision: 'approved',
      comment: 'Looks good',
      decidedBy: { type: 'user', id: operator.id, label: operator.email },
      canDecide: false,
    });
    const waitpoint = await waitpointOf(api.db.ownerUrl, acme.id, approvalId);
    expect(waitpoint).toMatchObject({
      status: 'resolved',
      resolvedBy: `user:${operator.id}`,
      runStatus: 'running',
      result: { decision: 'approved', comment: 'Looks good', timedOut: false },
    });
    const audit = await approvalAudit(api.db.ownerUrl, acme.id, approvalId);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'approval.decided',
        actorType: 'user',
        actorId: operator.id,
        after: expect.objectContaining({ decision: 'approved', comment: 'Looks good', stepId: 'ask' }),
      }),
    ]);
    expectProblem(await decide(approvalId, { decision: 'rejected' }), 409, 'approval.already_decided');
    expect(await approvalAudit(api.db.ownerUrl, acme.id, approvalId)).toHaveLength(1);
  });

  it('refuses a viewer over REST and GraphQL, and leaves the approval pending', async () => {
    const { approvalId } = await park();
    const token = acme.users.viewer.accessToken;
    expectProblem(await decide(approvalId, { decision: 'approved' }, token), 403, 'permission.denied');
    const gql = await http.gql(
      `mutation($id: ID!) { decideApproval(id: $id, input: { decision: "approved" }) { id } }`,
      { id: approvalId },
      token,
    );
    expectGqlError(gql, 'permission.denied');
    expect((await waitpointOf(api.db.ownerUrl, acme.id, approvalId)).status).toBe('waiting');
  });

  it('holds a step’s approver role and assignees, while admins and owners may always step in', async () => {
    const adminsOnly = await park({ approverRole: 'admin' });
    expectProblem(await decide(adminsOnly.approvalId, { decision: 'approved' }), 403, 'permission.denied');
    const named = await park({ assignees: [acme.users.editor.email.toUpperCase()] });
    expectProblem(await decide(named.approvalId, { decision: 'approved' }), 403, 'approval.not_assignee');
    const byEditor = await decide(named.approvalId, { decision: 'rejected' }, acme.users.editor.accessToken);
    expect(byEditor.status, JSON.stringify(byEditor.body)).toBe(200);
    const other = await park({ assignees: [acme.users.editor.id] });
    expect(
      (await decide(other.approvalId, { decision: 'approved' }, acme.users.admin.accessToken)).status,
    ).toBe(200);
  });

  it('accepts only the approval’s options, and comments within the limits', async () => {
    const { approvalId } = await park({ options: ['ship', 'hold'] });
    const wrong = await decide(approvalId, { decision: 'approved' });
    expectProblem(wrong, 422, 'validation.failed');
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: '/decision' })]);
    expectProblem(
      await decide(approvalId, { decision: 'ship', comment: 'x'.repeat(2001) }),
      422,
      'validation.failed',
    );
    expectProblem(await decide(approvalId, {}), 422, 'validation.failed');
    const ok = await decide(approvalId, { decision: 'hold', comment: 'Not on a Friday.\nMonday.' });
    expect(ok.body).toMatchObject({ decision: 'hold', comment: 'Not on a Friday.\nMonday.' });
  });

  it('refuses a decision after the expiry, even before the timeout was swept', async () => {
    const { approvalId } = await park({ timeoutMs: 60_000 }, acme, {
      expiresAt: new Date(Date.now() - 1_000),
    });
    const res = await decide(approvalId, { decision: 'approved' });
    expectProblem(res, 409, 'approval.already_decided');
    expect(res.body.approvalStatus).toBe('timed_out');
  });

  it('closes the approval of a cancelled run: shown cancelled, a decision is 409', async () => {
    const { approvalId, runId } = await park();
    const cancelled = await http.post(
      `/v1/runs/${runId}/cancel`,
      {},
      { token: acme.users.operator.accessToken },
    );
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const res = await decide(approvalId, { decision: 'approved' });
    expectProblem(res, 409, 'approval.already_decided');
    expect(res.body.approvalStatus).toBe('cancelled');
    const view = await http.get(`/v1/approvals/${approvalId}`, { token: acme.users.operator.accessToken });
    expect(view.body).toMatchObject({ status: 'cancelled', canDecide: false });
  });

  it('lets an API key with runs:write decide, and refuses one without', async () => {
    const { approvalId } = await park({ approverRole: 'admin', assignees: ['someone@example.com'] });
    const reader = await insertApiKey(api.db.ownerUrl, acme.id, ['runs:read']);
    expectProblem(await decide(approvalId, { decision: 'approved' }, reader), 403, 'permission.denied');
    const writer = await insertApiKey(api.db.ownerUrl, acme.id, ['runs:write']);
    const res = await decide(approvalId, { decision: 'approved' }, writer);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.decidedBy).toMatchObject({ type: 'api_key' });
    expect((await http.get('/v1/approvals', { token: reader })).status).toBe(200);
  });

  it('applies one of two concurrent decisions; the other is 409', async () => {
    const { approvalId } = await park();
    const answers = await Promise.all([
      decide(approvalId, { decision: 'approved' }),
      decide(approvalId, { decision: 'rejected' }, acme.users.editor.accessToken),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const loser = answers.find((a) => a.status === 409)!;
    expect(loser.body.code).toBe('approval.already_decided');
    const winner = answers.find((a) => a.status === 200)!;
    expect((await waitpointOf(api.db.ownerUrl, acme.id, approvalId)).result.decision).toBe(
      winner.body.decision,
    );
    expect(await approvalAudit(api.db.ownerUrl, acme.id, approvalId)).toHaveLength(1);
  });

  it('answers 404 for another tenant’s approval, and never lists it', async () => {
    const theirs = await park({}, victim);
    const token = acme.owner.accessToken;
    expectProblem(await http.get(`/v1/approvals/${theirs.approvalId}`, { token }), 404, 'resource.not_found');
    expectProblem(
      await decide(theirs.approvalId, { decision: 'approved' }, token),
      404,
      'resource.not_found',
    );
    expectProblem(await http.get('/v1/approvals/not-a-uuid', { token }), 404, 'resource.not_found');
    const gql = await http.gql(
      `query($id: ID!) { approval(id: $id) { id } }`,
      { id: theirs.approvalId },
      token,
    );
    expectGqlError(gql, 'resource.not_found');
    const decidedOverGql = await http.gql(
      `mutation($id: ID!) { decideApproval(id: $id, input: { decision: "approved" }) { id } }`,
      { id: theirs.approvalId },
      token,
    );
    expectGqlError(decidedOverGql, 'resource.not_found');
    const listed = await http.get(`/v1/approvals?runId=${theirs.runId}`, { token });
    expect(listed.body.data).toEqual([]);
    expect((await waitpointOf(api.db.ownerUrl, victim.id, theirs.approvalId)).status).toBe('waiting');
  });

  it('lists approvals newest first with status, flow, run and "assigned to me" filters and cursor pages', async () => {
    const tenant = await createTestTenant(http, api.db.ownerUrl, 'lister');
    const p = (config = {}, options = {}) => parkedApproval(http, api.db.ownerUrl, tenant, config, options);
    const first = await p();
    const forEditor = await p({ assignees: [tenant.users.editor.email] }, { flowId: first.flowId });
    const forAdmins = await p({ approverRole: 'admin' });
    const decided = await p({}, { flowId: first.flowId });
    expect(
      (await decide(decided.approvalId, { decision: 'approved' }, tenant.users.operator.accessToken)).status,
    ).toBe(200);
    const ids = async (query: string, token = tenant.users.operator.accessToken) =>
      (await http.get(`/v1/approvals${query}`, { token })).body.data.map((a: { id: string }) => a.id);

    expect(await ids('')).toEqual([decided, forAdmins, forEditor, first].map((x) => x.approvalId));
    expect(await ids('?status=pending')).toEqual([forAdmins, forEditor, first].map((x) => x.approvalId));
    expect(await ids('?status=decided,timed_out')).toEqual([decided.approvalId]);
    expect(await ids(`?flowId=${first.flowId}&status=pending`)).toEqual(
      [forEditor, first].map((x) => x.approvalId),
    );
    expect(await ids(`?runId=${first.runId}`)).toEqual([first.approvalId]);
    expect(await ids('?assignedToMe=true&status=pending')).toEqual([first.approvalId]);
    expect(await ids('?assignedToMe=true&status=pending', tenant.users.editor.accessToken)).toEqual(
      [forEditor, first].map((x) => x.approvalId),
    );
    expect(await ids('?assignedToMe=true&status=pending', tenant.users.admin.accessToken)).toEqual(
      [forAdmins, first].map((x) => x.approvalId),
    );

    const token = tenant.users.viewer.accessToken;
    const page1 = await http.get('/v1/approvals?limit=3', { token });
    expect(page1.body.data).toHaveLength(3);
    const page2 = await http.get(`/v1/approvals?limit=3&cursor=${page1.body.nextCursor}`, { token });
    expect(page2.body).toEqual({
      data: [expect.objectContaining({ id: first.approvalId })],
      nextCursor: null,
    });
    expectProblem(await http.get('/v1/approvals?status=maybe', { token }), 422, 'validation.failed');
  });

  it('serves the same over GraphQL: approvals with a filter, approval, decideApproval', async () => {
    const { approvalId, runId } = await park({ options: ['ship', 'hold'] });
    const token = acme.users.operator.accessToken;
    const list = await http.gql(
      `query($f: ApprovalFilter) { approvals(filter: $f, limit: 5) { data { ${APPROVAL_FIELDS} } nextCursor } }`,
      { f: { runId, status: ['pending'], assignedToMe: true } },
      token,
    );
    expectGqlOk(list);
    expect(list.data.approvals.data).toEqual([
      expect.objectContaining({ id: approvalId, options: ['ship', 'hold'], canDecide: true }),
    ]);
    const decided = await http.gql(
      `mutation($id: ID!, $input: DecideApprovalInput!) { decideApproval(id: $id, input: $input) { ${APPROVAL_FIELDS} } }`,
      { id: approvalId, input: { decision: 'ship', comment: 'go' } },
      token,
    );
    expectGqlOk(decided);
    expect(decided.data.decideApproval).toMatchObject({ status: 'decided', decision: 'ship', comment: 'go' });
    const again = await http.gql(
      `mutation($id: ID!) { decideApproval(id: $id, input: { decision: "hold" }) { id } }`,
      { id: approvalId },
      token,
    );
    expectGqlError(again, 'approval.already_decided');
    const wrong = await http.gql(
      `mutation($id: ID!) { decideApproval(id: $id, input: { decision: "nope" }) { id } }`,
      { id: (await park({ options: ['ship', 'hold'] })).approvalId },
      token,
    );
    expectGqlError(wrong, 'validation.failed');
  });

  it('reports a new approval of a published version’s run to the tenant’s webhook endpoints as approval.requested, not a test run’s', async () => {
    const tenant = await createTestTenant(http, api.db.ownerUrl, 'hooked');
    await tenantQuery(
      api.db.ownerUrl,
      tenant.id,
      `INSERT INTO webhook_endpoints (tenant_id, url, event_types, secret_ciphertext, secret_iv, secret_auth_tag, secret_key_id)
       VALUES ($1, 'https://hooks.example/in', '{approval.requested}', '\\x00', '\\x00', '\\x00', 'dev')`,
      [tenant.id],
    );
    const { approvalId, runId, flowId } = await parkedApproval(http, api.db.ownerUrl, tenant, {
      title: 'Pay?',
      timeoutMs: 60_000,
    });
    const draftFlow = await runnableFlow(http, tenant.owner.accessToken, approvalDefinition(), false);
    const testRun = await startRun(http, tenant.owner.accessToken, draftFlow, {
      input: {},
      version: 'draft',
    });
    await tenantQuery(
      api.db.ownerUrl,
      tenant.id,
      `INSERT INTO waitpoints (tenant_id, run_id, step_id, attempt, kind, details) VALUES ($1, $2, 'ask', 1, 'approval', '{}')`,
      [tenant.id, testRun.body.id],
    );
    const deliveries = await tenantQuery(
      api.db.ownerUrl,
      tenant.id,
      `SELECT event_type AS "type", payload FROM webhook_deliveries WHERE tenant_id = $1`,
      [tenant.id],
    );
    expect(deliveries).toEqual([
      {
        type: 'approval.requested',
        payload: expect.objectContaining({
          type: 'approval.requested',
          data: expect.objectContaining({
            approvalId,
            runId,
            flowId,
            stepId: 'ask',
            title: 'Pay?',
            options: ['approved', 'rejected'],
            expiresAt: expect.any(String),
          }),
        }),
      },
    ]);
  });
});
