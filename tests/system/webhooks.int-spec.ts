import { randomBytes } from 'node:crypto';
import { createStepline, SteplineError } from '@stepline/sdk';
import { waitFor } from '@stepline/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestTenant } from '../../apps/api/src/testing/tenant.factory.js';
import { runnableFlow } from '../../apps/api/src/modules/runs/testing/run.fixtures.js';
import { signGithub, signStandard } from '@stepline/server';
import { startTestSystem, type TestSystem } from './support/system.js';

/** Returns its input as its output: the test reads the mapped input back from the run. */
const echoDefinition = () => ({
  schemaVersion: 1,
  steps: [{ id: 'echo', type: 'transform', config: { expression: 'input' } }],
  edges: [],
  output: '{{ steps.echo.output }}',
});

/** Answers the webhook from a respond step, then goes on. */
const respondDefinition = () => ({
  schemaVersion: 1,
  steps: [
    {
      id: 'reply',
      type: 'respond',
      config: { status: 201, headers: { 'x-reply': 'yes' }, body: { hello: '{{ input.body.name }}' } },
    },
    { id: 'after', type: 'transform', config: { expression: '"done"' } },
  ],
  edges: [{ from: 'reply', to: 'after' }],
});

/** A webhook answer's JSON body, loosely typed for assertions. */
const json = (res: Response) => res.json() as Promise<Record<string, any>>;

const standardSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

describe('webhook triggers', () => {
  let system: TestSystem;
  let acme: TestTenant;
  let globex: TestTenant;
  let token: string;

  beforeAll(async () => {
    system = await startTestSystem();
    acme = await system.tenant();
    globex = await system.tenant();
    token = acme.owner.accessToken;
  });
  afterAll(async () => {
    await system?.close();
  });

  const createTrigger = async (flowId: string, body: Record<string, unknown> = {}, as = token) => {
    const res = await system.http.post(`/v1/flows/${flowId}/triggers`, body, { token: as });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; token: string; url: string };
  };
  const hook = (
    url: string,
    init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${system.baseUrl}${url}`, {
      method: init.method ?? 'POST',
      body: init.body,
      headers: init.headers,
    });
  const runOf = async (runId: string, as = token) => {
    let run: { status: string; input: unknown; output: unknown; trigger: string } | undefined;
    await waitFor(async () => {
      const res = await system.http.get(`/v1/runs/${runId}`, { token: as });
      run = res.body;
      return ['succeeded', 'failed', 'cancelled'].includes(res.body.status);
    });
    return run!;
  };
  const runCount = async (flowId: string) =>
    (await system.http.get(`/v1/flows/${flowId}/runs?limit=100`, { token })).body.data.length as number;

  it('starts a run asynchronously with the mapped input and answers 202 with the run id and URL', async () => {
    const flowId = await runnableFlow(system.http, token, echoDefinition());
    const trigger = await createTrigger(flowId, { config: { headers: ['X-Source'] } });
    expect(trigger.url).toBe(`/hooks/${trigger.token}`);
    const res = await hook(`${trigger.url}?lang=en`, {
      body: JSON.stringify({ name: 'Ada' }),
      headers: { 'content-type': 'application/json', 'x-source': 'crm', 'x-other': 'dropped' },
    });
    expect(res.status).toBe(202);
    const body = await json(res);
    expect(body).toMatchObject({
      runId: expect.any(String),
      status: 'queued',
      url: `/v1/runs/${body.runId}`,
    });
    const run = await runOf(body.runId);
    expect(run.status).toBe('succeeded');
    expect(run.trigger).toBe('webhook');
    expect(run.output).toEqual({
      body: { name: 'Ada' },
      query: { lang: 'en' },
      headers: { 'x-source': 'crm' },
    });
  });

  it('maps form and text bodies, and refuses malformed JSON with a 400 problem', async () => {
    const flowId = await runnableFlow(system.http, token, echoDefinition());
    const { url } = await createTrigger(flowId);
    const form = await hook(url, {
      body: 'a=1&b=2&b=3',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(202);
    expect((await runOf((await json(form)).runId)).output).toMatchObject({
      body: { a: '1', b: ['2', '3'] },
    });
    const text = await hook(url, { body: 'plain words', headers: { 'content-type': 'text/plain' } });
    expect((await runOf((await json(text)).runId)).output).toMatchObject({ body: 'plain words' });
    const bad = await hook(url, { body: '{"name": ', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await json(bad)).code).toBe('request.invalid');
  });

  it('answers sync webhooks with the respond step’s response', async () => {
    const flowId = await runnableFlow(system.http, token, respondDefinition());
    const { url } = await createTrigger(flowId, { config: { responseMode: 'sync', timeoutSeconds: 20 } });
    const res = await hook(url, {
      body: JSON.stringify({ name: 'Ada' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-reply')).toBe('yes');
    expect(await json(res)).toEqual({ hello: 'Ada' });
  });

  it('answers sync webhooks without a respond step with the run output', async () => {
    const flowId = await runnableFlow(system.http, token, echoDefinition());
    const { url } = await createTrigger(flowId, { config: { responseMode: 'sync', timeoutSeconds: 20 } });
    const res = await hook(url, {
      body: JSON.stringify({ n: 1 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ body: { n: 1 }, query: {}, headers: {} });
  });

  it('verifies Standard Webhooks signatures: good → 202, bad or missing → 401, replayed timestamp → 401', async () => {
    const flowId = await runnableFlow(system.http, token, echoDefinition());
    const secret = standardSecret();
    const { url } = await createTrigger(flowId, {
      config: { auth: { type: 'hmac', style: 'standard', secret } },
    });
    const body = JSON.stringify({ event: 'paid' });
    const signed = (id: string, ts: number, sig = signStandard(secret, id, ts, body)) => ({
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(ts),
      'webhook-signature': `v1,bm90LXRoZS1zaWc= ${sig}`,
    });
    const now = Math.floor(Date.now() / 1000);
    expect((await hook(url, { body, headers: signed('msg_1', now) })).status).toBe(202);
    const wrong = signStandard(standardSecret(), 'msg_2', now, body);
    const bad = await hook(url, { body, headers: signed('msg_2', now, wrong) });
    expect(bad.status).toBe(401);
    expect((await json(bad)).code).toBe('auth.unauthenticated');
    expect((await hook(url, { body, headers: { 'content-type': 'application/json' } })).status).toBe(401);
    const tampered = await hook(url, { body: body.replace('paid', 'free'), headers: signed('msg_3', now) });
    expect(tampered.status).toBe(401);
    const old = now - 301;
    const replayed = await hook(url, { body, headers: signed('msg_4', old) });
    expect(replayed.status).toBe(401);
    expect((await json(replayed)).detail).toMatch(/replay window/);
  });

  it('verifies X-Hub-Signature-256 signatures and shared header secrets', async () => {
    const flowId = await runnableFlow(system.http, token, echoDefinition());
    const secret = 'a-github-style-secret';
    const gh = await createTrigger(flowId, { config: { auth: { type: 'hmac', style: 'github', secret } } });
    const body = JSON.stringify({ action: 'opened' });
    const headers = (sig: string) => ({ 'content-type': 'application/json', 'x-hub-signature-256': sig });
    expect((await hook(gh.url, { body, headers: headers(signGithub(secret, body)) })).status).toBe(202);
    expect(
      (await hook(gh.url, { body, headers: headers(signGithub('another-secret-value', body)) })).status,
    ).toBe(401);
    expect((await hook(gh.url, { body, headers: headers('sha256=zz') })).status).toBe(401);

    const shared = await createTrigger(flowId, {
      config: { auth: { type: 'header', header: 'X-Webhook-Token', secret: 'shared-secret-0123456789' } },
    });
    const ok = await hook(shared.url, {
      body,
      headers: { 'content-type': 'application/json', 'x-webhook-token': 'shared-secret-0123456789' },
    });
    expect(ok.status).toBe(202);
    const no = await hook(shared.url, {
      body,
      headers: { 'content-type': 'application/json', 'x-webhook-token': 'guess' },
    });
    expect(no.status).toBe(401);
  });

  it('refuses a body over the trigger’s limit with 413 and a method it does not allow with 405', async () => {
    const flowId = await runnableFlow(system.http, token, echoDefinition());
    const { url } = await createTrigger(flowId, { config: { maxBodyBytes: 1024, methods: ['POST', 'PUT'] } });
    const big = await hook(url, {
      body: JSON.stringify({ pad: 'x'.repeat(2000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect((await json(big)).code).toBe('request.too_large');
    const del = await hook(url, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('POST, PUT');
    const defaults = await createTrigger(flowId);
    const huge = await hook(defaults.url, {
      body: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);
    expect(await runCount(flowId)).toBe(0);
  });

  it('starts one run for a delivery sent twice and answers the duplicate like the original', async () => {
    const flowId = await runnableFlow(system.http, token, echoDefinition());
    const { url } = await createTrigger(flowId);
    const send = (key: Record<string, string>) =>
      hook(url, { body: '{"n":1}', headers: { 'content-type': 'application/json', ...key } });
    const first = await send({ 'webhook-id': 'evt_123' });
    const again = await send({ 'webhook-id': 'evt_123' });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    const a = await json(first);
    expect((await json(again)).runId).toBe(a.runId);
    expect(again.headers.get('webhook-replayed')).toBe('true');
    const racing = await Promise.all([1, 2, 3].map(() => send({ 'idempotency-key': 'k-race' })));
    const ids = new Set(await Promise.all(racing.map(async (r) => (await json(r)).runId)));
    expect(ids.size).toBe(1);
    await runOf(a.runId);
    expect(await runCount(flowId)).toBe(2);
  });

  it('answers a duplicate sync delivery with the original response, without a second run', async () => {
    const flowId = await runnableFlow(system.http, token, respondDefinition());
    const { url } = await createTrigger(flowId, { config: { responseMode: 'sync', timeoutSeconds: 20 } });
    const send = () =>
      hook(url, {
        body: JSON.stringify({ name: 'Bo' }),
        headers: { 'content-type': 'application/json', 'idempotency-key': 'order-42' },
      });
    const first = await send();
    expect(first.status).toBe(201);
    expect(await json(first)).toEqual({ hello: 'Bo' });
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers.get('x-reply')).toBe('yes');
    expect(await json(again)).toEqual({ hello: 'Bo' });
    expect(await runCount(flowId)).toBe(1);
  });

  it('rotates the token: the old one answers 404, the new one starts runs', async () => {
    const flowId = await runnableFlow(system.http, token, echoDefinition());
    const created = await createTrigger(flowId);
    const rotated = await system.http.post(`/v1/triggers/${created.id}/rotate`, {}, { token });
    expect(rotated.status).toBe(200);
    expect(rotated.body.token).not.toBe(created.token);
    const old = await hook(created.url, { body: '{}', headers: { 'content-type': 'application/json' } });
    expect(old.status).toBe(404);
    const fresh = await hook(rotated.body.url, {
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(fresh.status).toBe(202);
  });

  it('answers 404 alike for a disabled trigger and an unknown token', async () => {
    const flowId = await runnableFlow(system.http, token, echoDefinition());
    const created = await createTrigger(flowId);
    const off = await system.http.patch(`/v1/triggers/${created.id}`, { enabled: false }, { token });
    expect(off.status).toBe(200);
    const disabled = await hook(created.url, { body: '{}', headers: { 'content-type': 'application/json' } });
    const unknown = await hook(`/hooks/whk_${randomBytes(32).toString('base64url')}`, { body: '{}' });
    expect(disabled.status).toBe(404);
    expect(unknown.status).toBe(404);
    const same = ({ status, code, title, detail }: Record<string, unknown>) => ({
      status,
      code,
      title,
      detail,
    });
    expect(same(await json(disabled))).toEqual(same(await json(unknown)));
    expect(await runCount(flowId)).toBe(0);
  });

  it('runs another tenant’s trigger only in that tenant: its runs are invisible to the caller', async () => {
    const theirs = await runnableFlow(system.http, globex.owner.accessToken, echoDefinition());
    const trigger = await createTrigger(theirs, {}, globex.owner.accessToken);
    expect((await system.http.get(`/v1/triggers/${trigger.id}`, { token })).status).toBe(404);
    expect((await system.http.post(`/v1/flows/${theirs}/triggers`, {}, { token })).status).toBe(404);
    const res = await hook(trigger.url, {
      body: JSON.stringify({ tenantId: acme.id }),
      headers: { 'content-type': 'application/json', 'x-tenant-id': acme.id },
    });
    expect(res.status).toBe(202);
    const { runId } = await json(res);
    expect((await system.http.get(`/v1/runs/${runId}`, { token })).status).toBe(404);
    expect((await runOf(runId, globex.owner.accessToken)).status).toBe('succeeded');
  });

  it('manages triggers through the SDK: create, list, get, update, rotate, delete', async () => {
    const sdk = createStepline({ baseUrl: system.baseUrl, token, maxDelayMs: 0 });
    const flowId = await runnableFlow(system.http, token, echoDefinition());
    const created = await sdk.triggers.create(flowId, {
      config: { responseMode: 'sync', timeoutSeconds: 5 },
    });
    expect(created.url).toBe(`/hooks/${created.token}`);
    expect((await sdk.triggers.list(flowId)).map((t) => t.id)).toEqual([created.id]);
    expect((await sdk.triggers.get(created.id)).config).toMatchObject({ responseMode: 'sync' });
    expect((await sdk.triggers.update(created.id, { enabled: false })).enabled).toBe(false);
    const rotated = await sdk.triggers.rotate(created.id);
    expect(rotated.tokenPrefix).not.toBe(created.tokenPrefix);
    await sdk.triggers.delete(created.id);
    const gone = await sdk.triggers.get(created.id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(SteplineError);
    expect((gone as SteplineError).code).toBe('resource.not_found');
  });
});
