import type { Role } from '@stepline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { expectGqlError, expectGqlOk, expectProblem } from '../../testing/problem-assertions.js';
import { tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { publishedFlow } from '../flows/testing/flow.fixtures.js';
import { EVERYONE } from '../members/testing/identity.fixtures.js';

const EDITORS: Role[] = ['owner', 'admin', 'editor'];
const WEEKDAYS_BERLIN = { mode: 'cron', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const FIELDS = 'id flowId flowName kind enabled config nextFireTimes lastFiredAt';

describe('schedule and event triggers', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let victim: TestTenant;
  let flowId: string;
  const owner = () => acme.owner.accessToken;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    [acme, victim] = await Promise.all([
      createTestTenant(http, api.db.ownerUrl),
      createTestTenant(http, api.db.ownerUrl, 'victim'),
    ]);
    flowId = (await publishedFlow(http, owner(), { name: 'Morning report' })).id;
  });
  afterAll(() => api?.close());

  const create = async (body: Record<string, unknown>, tenant = acme, flow = flowId) => {
    const res = await http.post(`/v1/flows/${flow}/triggers`, body, { token: tenant.owner.accessToken });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const rowOf = async (id: string) =>
    (
      await tenantQuery(
        api.db.ownerUrl,
        acme.id,
        `SELECT next_fire_at, last_fired_at, enabled FROM triggers WHERE id = $1`,
        [id],
      )
    )[0];
  const auditOf = (id: string) =>
    tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `SELECT action, before, after FROM audit_log WHERE target_type = 'trigger' AND target_id = $1
        ORDER BY created_at, id`,
      [id],
    );

  it('creates a cron schedule in a time zone with its next five fire times and no token', async () => {
    const created = await create({ kind: 'schedule', config: WEEKDAYS_BERLIN });
    expect(created).toMatchObject({
      kind: 'schedule',
      enabled: true,
      flowName: 'Morning report',
      config: WEEKDAYS_BERLIN,
      token: null,
      url: null,
      tokenPrefix: null,
      hasSecret: false,
      lastFiredAt: null,
    });
    expect(created.nextFireTimes).toHaveLength(5);
    for (const time of created.nextFireTimes) {
      expect(time).toMatch(ISO);
      // 09:00 in Berlin is 07:00 or 08:00 UTC, on a weekday.
      const at = new Date(time);
      expect([7, 8]).toContain(at.getUTCHours());
      expect([1, 2, 3, 4, 5]).toContain(at.getUTCDay());
    }
    const row = await rowOf(created.id);
    expect(new Date(row.next_fire_at).toISOString()).toBe(created.nextFireTimes[0]);
  });

  it('creates an interval schedule aligned to the epoch, defaulting nothing it cannot', async () => {
    const created = await create({ kind: 'schedule', config: { mode: 'interval', intervalSeconds: 300 } });
    const times = created.nextFireTimes.map((t: string) => Date.parse(t));
    expect(times.every((t: number) => t % 300_000 === 0)).toBe(true);
    expect(times[1] - times[0]).toBe(300_000);
  });

  it('clears the next slot when disabled and recomputes it when enabled or changed, audited', async () => {
    const created = await create({ kind: 'schedule', config: WEEKDAYS_BERLIN });
    const off = await http.patch(`/v1/triggers/${created.id}`, { enabled: false }, { token: owner() });
    expect(off.body).toMatchObject({ enabled: false, nextFireTimes: [] });
    expect((await rowOf(created.id)).next_fire_at).toBeNull();
    const on = await http.patch(
      `/v1/triggers/${created.id}`,
      { enabled: true, config: { cron: '30 2 * * *' } },
      { token: acme.users.editor.accessToken },
    );
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    expect(on.body.config).toEqual({ mode: 'cron', cron: '30 2 * * *', timezone: 'Europe/Berlin' });
    expect(on.body.nextFireTimes).toHaveLength(5);
    expect(new Date((await rowOf(created.id)).next_fire_at).toISOString()).toBe(on.body.nextFireTimes[0]);
    const audit = await auditOf(created.id);
    expect(audit.map((r) => r.action)).toEqual(['trigger.created', 'trigger.updated', 'trigger.updated']);
    expect(audit[2].before.config.cron).toBe('0 9 * * 1-5');
    expect(audit[2].after.config.cron).toBe('30 2 * * *');
  });

  it('creates and updates an event trigger whose filter must parse', async () => {
    const config = { event: 'message.received', filter: "$lowercase(payload.text) in ['help','start']" };
    const created = await create({ kind: 'event', config });
    expect(created).toMatchObject({ kind: 'event', config, nextFireTimes: [], token: null });
    const patched = await http.patch(
      `/v1/triggers/${created.id}`,
      { config: { filter: null } },
      { token: owner() },
    );
    expect(patched.body.config).toEqual({ event: 'message.received' });
    const bad = await http.patch(
      `/v1/triggers/${created.id}`,
      { config: { filter: 'payload.text = ' } },
      { token: owner() },
    );
    expectProblem(bad, 422, 'validation.failed');
    expect(bad.body.errors[0].path).toBe('/config/filter');
  });

  it('refuses to rotate a token of a trigger that has none', async () => {
    const created = await create({ kind: 'event', config: { event: 'x' } });
    const res = await http.post(`/v1/triggers/${created.id}/rotate`, {}, { token: owner() });
    expect(res.status).toBe(400);
  });

  it.each([
    [{ kind: 'cron' }, '/kind'],
    [{ kind: 'schedule' }, '/config/mode'],
    [{ kind: 'schedule', config: { mode: 'cron', cron: '0 9 * *' } }, '/config/cron'],
    [{ kind: 'schedule', config: { mode: 'cron', cron: '0 0 0 9 * *' } }, '/config/cron'],
    [
      { kind: 'schedule', config: { mode: 'cron', cron: '* * * * *', timezone: 'Europe/Nowhere' } },
      '/config/timezone',
    ],
    [{ kind: 'schedule', config: { mode: 'interval', intervalSeconds: 10 } }, '/config/intervalSeconds'],
    [
      { kind: 'schedule', config: { mode: 'interval', intervalSeconds: 60, cron: '* * * * *' } },
      '/config/cron',
    ],
    [{ kind: 'event', config: {} }, '/config/event'],
    [{ kind: 'event', config: { event: 'has space' } }, '/config/event'],
    [{ kind: 'event', config: { event: 'e'.repeat(201) } }, '/config/event'],
    [{ kind: 'event', config: { event: 'ok', filter: '((' } }, '/config/filter'],
    [{ kind: 'event', config: { event: 'ok', other: 1 } }, '/config/other'],
  ])('refuses %j with 422 at %s', async (body, path) => {
    const res = await http.post(`/v1/flows/${flowId}/triggers`, body, { token: owner() });
    expectProblem(res, 422, 'validation.failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('previews a schedule over REST and GraphQL, and answers 422 for an invalid one', async () => {
    const rest = await http.post(`/v1/triggers/schedule-preview`, WEEKDAYS_BERLIN, {
      token: acme.users.viewer.accessToken,
    });
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect(rest.body.nextFireTimes).toHaveLength(5);
    const gql = await http.gql(
      `query($i: SchedulePreviewInput!) { previewSchedule(input: $i) }`,
      { i: { mode: 'interval', intervalSeconds: 3600 } },
      owner(),
    );
    expectGqlOk(gql);
    expect(gql.data.previewSchedule).toHaveLength(5);
    expect(Date.parse(gql.data.previewSchedule[0]) % 3_600_000).toBe(0);
    const invalid = await http.post(
      `/v1/triggers/schedule-preview`,
      { mode: 'cron', cron: '99 * * * *' },
      { token: owner() },
    );
    expectProblem(invalid, 422, 'validation.failed');
    expect(invalid.body.errors[0].path).toBe('/cron');
    expectGqlError(
      await http.gql(
        `query { previewSchedule(input: { mode: "cron", cron: "0 9 * * *", timezone: "Nowhere/City" }) }`,
        {},
        owner(),
      ),
      'validation.failed',
    );
  });

  it('lists the tenant’s triggers by flow and kind with a cursor, and the flow’s name', async () => {
    const other = (await publishedFlow(http, owner(), { name: 'Other flow' })).id;
    const mine = [
      await create({ kind: 'schedule', config: { mode: 'interval', intervalSeconds: 600 } }, acme, other),
      await create({ kind: 'event', config: { event: 'a.b' } }, acme, other),
      await create({}, acme, other),
    ];
    const all = await http.get(`/v1/triggers?flowId=${other}&limit=2`, {
      token: acme.users.viewer.accessToken,
    });
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.data.map((t: { id: string }) => t.id)).toEqual([mine[0].id, mine[1].id]);
    expect(all.body.data[0].flowName).toBe('Other flow');
    const next = await http.get(`/v1/triggers?flowId=${other}&limit=2&cursor=${all.body.nextCursor}`, {
      token: owner(),
    });
    expect(next.body).toMatchObject({ data: [{ id: mine[2].id, kind: 'webhook' }], nextCursor: null });
    const schedules = await http.get(`/v1/triggers?kind=schedule&limit=100`, { token: owner() });
    expect(schedules.body.data.every((t: { kind: string }) => t.kind === 'schedule')).toBe(true);
    expect(schedules.body.data.map((t: { id: string }) => t.id)).toContain(mine[0].id);
    expectProblem(await http.get(`/v1/triggers?kind=cron`, { token: owner() }), 422, 'validation.failed');

    const gql = await http.gql(`query { triggers(kind: "event") { ${FIELDS} } }`, {}, owner());
    expectGqlOk(gql);
    expect(gql.data.triggers.map((t: { id: string }) => t.id)).toContain(mine[1].id);
    expect(gql.data.triggers.every((t: { kind: string }) => t.kind === 'event')).toBe(true);
    const ofFlow = await http.gql(
      `query($f: ID!) { triggers(flowId: $f, kind: "schedule") { ${FIELDS} } }`,
      { f: other },
      owner(),
    );
    expect(ofFlow.data.triggers).toMatchObject([{ id: mine[0].id, flowName: 'Other flow' }]);
    expect(ofFlow.data.triggers[0].nextFireTimes).toHaveLength(5);
  });

  const OPERATIONS = [
    {
      does: 'create a schedule trigger',
      write: true,
      rest: (token: string) =>
        http.post(`/v1/flows/${flowId}/triggers`, { kind: 'schedule', config: WEEKDAYS_BERLIN }, { token }),
      gql: (token: string) =>
        http.gql(
          `mutation($f: ID!, $c: JSON) { createTrigger(flowId: $f, input: { kind: "schedule", config: $c }) { trigger { id } } }`,
          { f: flowId, c: WEEKDAYS_BERLIN },
          token,
        ),
    },
    {
      does: 'update a schedule trigger',
      write: true,
      rest: async (token: string) =>
        http.patch(
          `/v1/triggers/${(await create({ kind: 'schedule', config: WEEKDAYS_BERLIN })).id}`,
          { config: { cron: '0 8 * * *' } },
          { token },
        ),
      gql: async (token: string) =>
        http.gql(
          `mutation($id: ID!) { updateTrigger(id: $id, input: { enabled: false }) { enabled } }`,
          { id: (await create({ kind: 'event', config: { event: 'x' } })).id },
          token,
        ),
    },
    {
      does: 'list the tenant’s triggers',
      write: false,
      rest: (token: string) => http.get(`/v1/triggers`, { token }),
      gql: (token: string) => http.gql(`query { triggers { id nextFireTimes } }`, {}, token),
    },
    {
      does: 'preview a schedule',
      write: false,
      rest: (token: string) => http.post(`/v1/triggers/schedule-preview`, WEEKDAYS_BERLIN, { token }),
      gql: (token: string) =>
        http.gql(`query { previewSchedule(input: { mode: "interval", intervalSeconds: 60 }) }`, {}, token),
    },
  ];

  for (const op of OPERATIONS) {
    for (const role of EVERYONE) {
      const allowed = !op.write || EDITORS.includes(role);
      const outcome = allowed ? 'allowed' : 'refused with permission.denied';
      it(`${op.does} is ${outcome} for ${role} over REST and GraphQL`, async () => {
        const res = await op.rest(acme.users[role].accessToken);
        if (allowed) expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
        else expectProblem(res, 403, 'permission.denied');
        const body = await op.gql(acme.users[role].accessToken);
        if (allowed) expectGqlOk(body);
        else expectGqlError(body, 'permission.denied');
      });
    }
  }

  describe("another tenant's schedule trigger", () => {
    let victimTrigger: { id: string };
    let victimFlow: string;
    const attacker = () => acme.users.admin.accessToken;

    beforeAll(async () => {
      victimFlow = (await publishedFlow(http, victim.owner.accessToken)).id;
      victimTrigger = await create({ kind: 'schedule', config: WEEKDAYS_BERLIN }, victim, victimFlow);
    });

    it('answers 404 over REST and GraphQL, is in no list of the attacker, and changes nothing', async () => {
      const before = await tenantQuery(api.db.ownerUrl, victim.id, `SELECT * FROM triggers WHERE id = $1`, [
        victimTrigger.id,
      ]);
      for (const res of [
        await http.get(`/v1/triggers/${victimTrigger.id}`, { token: attacker() }),
        await http.patch(`/v1/triggers/${victimTrigger.id}`, { enabled: false }, { token: attacker() }),
        await http.post(
          `/v1/flows/${victimFlow}/triggers`,
          { kind: 'schedule', config: WEEKDAYS_BERLIN },
          { token: attacker() },
        ),
      ]) {
        expectProblem(res, 404, 'resource.not_found');
      }
      expectGqlError(
        await http.gql(
          `mutation($id: ID!) { updateTrigger(id: $id, input: { enabled: false }) { id } }`,
          { id: victimTrigger.id },
          attacker(),
        ),
        'resource.not_found',
      );
      const listed = await http.get(`/v1/triggers?flowId=${victimFlow}`, { token: attacker() });
      expect(listed.body.data).toEqual([]);
      const all = await http.gql(`query { triggers { id } }`, {}, attacker());
      expect(all.data.triggers.map((t: { id: string }) => t.id)).not.toContain(victimTrigger.id);
      const after = await tenantQuery(api.db.ownerUrl, victim.id, `SELECT * FROM triggers WHERE id = $1`, [
        victimTrigger.id,
      ]);
      expect(after).toEqual(before);
    });
  });
});
