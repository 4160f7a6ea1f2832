import type { ApiKeyScope, Role } from '@stepline/domain';
import { waitFor } from '@stepline/server/testing';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HttpClient, type HttpResponse } from '../../testing/http-client.js';
import { expectProblem } from '../../testing/problem-assertions.js';
import { insertApiKey, tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { runnableFlow, startRun } from './testing/run.fixtures.js';

/** One run operation over REST: what it needs (a run or a flow), and the status of success. */
interface Operation {
  does: string;
  writes: boolean;
  ok: number[];
  call(token: string, ids: { flowId: string; runId: string }): Promise<HttpResponse>;
}

const EVERYONE: Role[] = ['owner', 'admin', 'editor', 'operator', 'viewer'];
const STARTERS: Role[] = ['owner', 'admin', 'editor', 'operator'];

describe('run permissions and tenant isolation', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let other: TestTenant;
  const clients: Client[] = [];

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    [acme, other] = await Promise.all([
      createTestTenant(http, api.db.ownerUrl),
      createTestTenant(http, api.db.ownerUrl, 'other'),
    ]);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await api?.close();
  });

  /** A published flow of acme and a run of it, finished as failed so every action applies. */
  const target = async () => {
    const owner = acme.owner.accessToken;
    const flowId = await runnableFlow(http, owner);
    const runId = (await startRun(http, owner, flowId)).body.id as string;
    await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `UPDATE runs SET status = 'failed', finished_at = now(),
              error = '{"code":"step.failed","message":"x","stepId":"greet"}' WHERE id = $1`,
      [runId],
    );
    return { flowId, runId };
  };

  const OPERATIONS: Operation[] = [
    { does: 'start a run', writes: true, ok: [202], call: (t, { flowId }) => startRun(http, t, flowId) },
    {
      does: 'read a run',
      writes: false,
      ok: [200],
      call: (t, { runId }) => http.get(`/v1/runs/${runId}`, { token: t }),
    },
    {
      does: 'list a flow’s runs',
      writes: false,
      ok: [200],
      call: (t, { flowId }) => http.get(`/v1/flows/${flowId}/runs`, { token: t }),
    },
    {
      does: 'retry a run',
      writes: true,
      ok: [201],
      call: (t, { runId }) => http.post(`/v1/runs/${runId}/retry`, {}, { token: t }),
    },
    {
      does: 'resume a run',
      writes: true,
      ok: [201],
      call: (t, { runId }) => http.post(`/v1/runs/${runId}/resume`, {}, { token: t }),
    },
    {
      // The run is failed: cancel answers its own 409, which proves the guard let it through.
      does: 'cancel a run',
      writes: true,
      ok: [409],
      call: (t, { runId }) => http.post(`/v1/runs/${runId}/cancel`, {}, { token: t }),
    },
    {
      does: 'stream a run’s events',
      writes: false,
      ok: [200],
      call: (t, { runId }) => http.get(`/v1/runs/${runId}/events`, { token: t }),
    },
  ];

  describe.each(EVERYONE)('as %s', (role) => {
    for (const op of OPERATIONS) {
      const allowed = op.writes ? STARTERS.includes(role) : true;
      it(`${allowed ? 'may' : 'may not'} ${op.does}`, async () => {
        const res = await op.call(acme.users[role].accessToken, await target());
        if (allowed) expect(op.ok, JSON.stringify(res.body)).toContain(res.status);
        else expectProblem(res, 403, 'permission.denied');
      });
    }
  });

  describe.each<[ApiKeyScope[], boolean, boolean]>([
    [['runs:read'], true, false],
    [['runs:write'], true, true],
    [['flows:read', 'flows:write', 'events:write'], false, false],
  ])('with an API key of scopes %j', (scopes, reads, writes) => {
    for (const op of OPERATIONS) {
      const allowed = op.writes ? writes : reads;
      it(`${allowed ? 'may' : 'may not'} ${op.does}`, async () => {
        const key = await insertApiKey(api.db.ownerUrl, acme.id, scopes);
        const res = await op.call(key, await target());
        if (allowed) expect(op.ok, JSON.stringify(res.body)).toContain(res.status);
        else expectProblem(res, 403, 'permission.denied');
      });
    }
  });

  it('starts runs of API keys with trigger api and of users with trigger manual', async () => {
    const { flowId } = await target();
    const key = await insertApiKey(api.db.ownerUrl, acme.id, ['runs:write']);
    const byKey = await startRun(http, key, flowId);
    const byUser = await startRun(http, acme.users.operator.accessToken, flowId);
    const triggers = await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `SELECT id, trigger FROM runs WHERE id = ANY($1::uuid[])`,
      [[byKey.body.id, byUser.body.id]],
    );
    expect(Object.fromEntries(triggers.map((r) => [r.id, r.trigger]))).toEqual({
      [byKey.body.id]: 'api',
      [byUser.body.id]: 'manual',
    });
  });

  describe('another tenant', () => {
    it('gets 404 on every run route for a run or flow of acme, and changes nothing', async () => {
      const ids = await target();
      for (const op of OPERATIONS) {
        const res = await op.call(other.owner.accessToken, ids);
        expectProblem(res, 404, 'resource.not_found');
      }
      const rows = await tenantQuery(
        api.db.ownerUrl,
        acme.id,
        `SELECT count(*)::int AS n FROM runs WHERE flow_id = $1`,
        [ids.flowId],
      );
      expect(rows[0].n).toBe(1);
      const mine = await http.get(`/v1/runs?flowId=${ids.flowId}`, { token: other.owner.accessToken });
      expect(mine.body.data).toEqual([]);
    });

    it('gets not-found over GraphQL, subscription included', async () => {
      const { runId, flowId } = await target();
      const token = other.owner.accessToken;
      const read = await http.gql(`query($id: ID!) { run(id: $id) { id } }`, { id: runId }, token);
      expect(read.errors?.[0]?.extensions?.code).toBe('resource.not_found');
      const start = await http.gql(`mutation($f: ID!) { startRun(flowId: $f) { id } }`, { f: flowId }, token);
      expect(start.errors?.[0]?.extensions?.code).toBe('resource.not_found');
      for (const m of ['cancelRun', 'retryRun', 'resumeRun']) {
        const res = await http.gql(`mutation($id: ID!) { ${m}(id: $id) { id } }`, { id: runId }, token);
        expect(res.errors?.[0]?.extensions?.code, m).toBe('resource.not_found');
      }

      const url = api.baseUrl.replace(/^http/, 'ws') + '/graphql';
      const client = createClient({
        url,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: true,
        connectionParams: { authorization: `Bearer ${token}` },
      });
      clients.push(client);
      const outcome = { values: [] as unknown[], codes: [] as string[], done: false };
      client.subscribe(
        {
          query: 'subscription($id: ID!) { runEvents(runId: $id) { type status } }',
          variables: { id: runId },
        },
        {
          next: (msg) => {
            if (msg.data) outcome.values.push(msg.data);
            for (const e of msg.errors ?? []) outcome.codes.push(String(e.extensions?.code));
          },
          error: (e) => {
            for (const x of Array.isArray(e) ? e : []) outcome.codes.push(String(x.extensions?.code));
            outcome.done = true;
          },
          complete: () => (outcome.done = true),
        },
      );
      await waitFor(() => outcome.done || outcome.codes.length > 0, { what: 'the refusal' });
      expect(outcome.codes[0]).toBe('resource.not_found');
      expect(outcome.values.filter(Boolean)).toEqual([]);
    });
  });
});
