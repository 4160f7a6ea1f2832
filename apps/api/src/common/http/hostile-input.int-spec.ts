import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { METRICS, startMetricsServer, type Metrics } from '@stepline/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { expectGqlError, expectProblem } from '../../testing/problem-assertions.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { encodeCursorJson } from './cursor-codec.js';

/** Regression tests of each class of hostile input fixed at the root (issue 7), over real HTTP. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const ID = '00000000-0000-4000-8000-000000000001';
/** A walkable draft whose one step's config holds `extra`. */
const definitionWith = (extra: unknown) => ({
  schemaVersion: 1,
  steps: [{ id: 'a', type: 'transform', config: { expression: 'input', extra } }],
  edges: [],
});

describe('hostile input is refused at the root', () => {
  let api: TestApi;
  let http: HttpClient;
  let tenant: TestTenant;
  let token: string;
  beforeAll(async () => {
    api = await startTestApi();
    http = new HttpClient(api.baseUrl);
    tenant = await createTestTenant(http, api.db.ownerUrl);
    token = tenant.owner.accessToken;
  });
  afterAll(() => api?.close());

  describe('JSON bodies', () => {
    it('refuses a body nested 2,500 levels deep with 400 request.too_deep, credential or not', async () => {
      for (const path of ['/v1/flows', '/v1/auth/signup', '/v1/auth/login', '/v1/auth/refresh']) {
        const res = await http.post(path, `{"name":"x","zz":${nested(2500)}}`, { token });
        expectProblem(res, 400, 'request.too_deep');
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
    });

    it('refuses GraphQL variables nested too deep, in the same body check', async () => {
      const res = await http.post(
        '/graphql',
        `{"query":"mutation($i: CreateFlowInput!){ createFlow(input: $i) { id } }","variables":{"i":${nested(2500)}}}`,
        { token },
      );
      expectProblem(res, 400, 'request.too_deep');
    });

    it('refuses more values than the limit with 413 request.too_large', async () => {
      const res = await http.post(
        '/v1/flows',
        { name: 'x', definition: { a: Array(100_001).fill(0) } },
        { token },
      );
      expectProblem(res, 413, 'request.too_large');
    });

    it('answers malformed JSON with a 400 that does not quote the body back', async () => {
      const res = await http.post('/v1/flows', '{"name":"secret-ish', { token });
      expectProblem(res, 400, 'request.invalid');
      expect(res.body.detail).toBe('The request body is not valid JSON');
    });

    it('accepts a definition nested within the limit', async () => {
      const res = await http.post(
        '/v1/flows',
        { name: 'deep-ok', definition: definitionWith(JSON.parse(nested(40))) },
        { token },
      );
      expect(res.status).toBe(201);
    });
  });

  describe('text', () => {
    it('refuses NUL in a query string with 422 and the parameter path', async () => {
      const res = await http.get('/v1/flows?q=a%00b', { token });
      expectProblem(res, 422, 'validation.failed');
      expect(res.body.errors).toEqual([
        expect.objectContaining({ path: '/q', code: 'field.controlCharacter' }),
      ]);
    });

    it('refuses NUL and unpaired surrogates in body strings, with their paths', async () => {
      const cases: Array<[string, string, unknown, string, string]> = [
        ['POST', '/v1/flows', { name: 'a\u0000b' }, '/name', 'field.controlCharacter'],
        ['POST', '/v1/flows', { name: 'ok', tags: ['x', '\udc00'] }, '/tags/1', 'field.unpairedSurrogate'],
        [
          'POST',
          '/v1/api-keys',
          { name: '\u0000', scopes: ['flows:read'] },
          '/name',
          'field.controlCharacter',
        ],
        ['PATCH', '/v1/tenant', { name: 'x\u0007' }, '/name', 'field.controlCharacter'],
        [
          'POST',
          '/v1/auth/signup',
          { email: '\ud800x@example.com', password: 'p'.repeat(12), name: 'n', tenantName: 't' },
          '/email',
          'field.unpairedSurrogate',
        ],
        ['POST', '/v1/auth/login', { email: '\ud800x', password: 'x' }, '/email', 'field.unpairedSurrogate'],
        [
          'POST',
          '/v1/invitations',
          { email: 'a\u0000@example.com', role: 'viewer' },
          '/email',
          'field.controlCharacter',
        ],
      ];
      for (const [method, path, body, pointer, code] of cases) {
        const res = await http.request(method, path, { token, body });
        expectProblem(res, 422, 'validation.failed');
        expect(res.body.errors, `${method} ${path}`).toContainEqual(
          expect.objectContaining({ path: pointer, code }),
        );
      }
    });

    it('allows tab and newline only in multi-line fields', async () => {
      const ok = await http.post(
        '/v1/flows',
        { name: 'multi', description: 'line one\n\tline two\r\n' },
        { token },
      );
      expect(ok.status).toBe(201);
      const bad = await http.post('/v1/flows', { name: 'two\nlines' }, { token });
      expectProblem(bad, 422, 'validation.failed');
      expect(bad.body.errors[0]).toMatchObject({ path: '/name', code: 'field.controlCharacter' });
    });

    it('refuses NUL and unpaired surrogates inside a definition (keys too), allows other JSON text', async () => {
      const nul = await http.post(
        '/v1/flows',
        { name: 'd', definition: { steps: [{ id: 'a\u0000' }] } },
        { token },
      );
      expectProblem(nul, 422, 'validation.failed');
      expect(nul.body.errors[0]).toMatchObject({
        path: '/definition/steps/0/id',
        code: 'field.controlCharacter',
      });
      const key = await http.post('/v1/flows', { name: 'd', definition: { ['\udc00']: 1 } }, { token });
      expectProblem(key, 422, 'validation.failed');
      const fine = await http.post(
        '/v1/flows',
        { name: 'd', definition: definitionWith('tab\there\u0001') },
        { token },
      );
      expect(fine.status).toBe(201);
    });

    it('refuses the same characters in GraphQL arguments with a typed error', async () => {
      const body = await http.gql(
        'mutation($i: CreateFlowInput!){ createFlow(input: $i) { id } }',
        { i: { name: 'x\u0000' } },
        token,
      );
      expectGqlError(body, 'validation.failed');
      expect(body.errors?.[0]?.extensions?.errors?.[0]).toMatchObject({
        path: '/name',
        code: 'field.controlCharacter',
      });
      const scalar = await http.gql(
        'mutation($t: String!){ refreshSession(refreshToken: $t) { accessToken } }',
        { t: '\ud800' },
      );
      expectGqlError(scalar, 'validation.failed');
    });
  });

  describe('cursors', () => {
    it('answers 400 pagination.invalid_cursor to forged but well-formed cursors on every list', async () => {
      const forged = [
        encodeCursorJson({ t: '1', id: ID }),
        encodeCursorJson({ t: '2020-02-30T00:00:00Z', id: ID }),
        encodeCursorJson({ t: '+275760-09-13T00:00:00.000Z', id: ID }),
      ];
      const lists = ['/v1/flows', '/v1/members', '/v1/invitations', '/v1/api-keys', '/v1/audit-log'];
      for (const list of lists) {
        for (const cursor of forged) {
          expectProblem(
            await http.get(`${list}?cursor=${cursor}`, { token }),
            400,
            'pagination.invalid_cursor',
          );
        }
      }
      const flow = await http.post('/v1/flows', { name: 'versions' }, { token });
      const versions = `/v1/flows/${flow.body.id}/versions`;
      for (const n of [2 ** 31, 0, '1']) {
        expectProblem(
          await http.get(`${versions}?cursor=${encodeCursorJson({ n })}`, { token }),
          400,
          'pagination.invalid_cursor',
        );
      }
    });
  });

  describe('routing', () => {
    it('answers 405 with Allow to a wrong method on a known path, 404 to an unknown path', async () => {
      const res = await http.request('PUT', '/v1/flows', { token, body: {} });
      expectProblem(res, 405, 'method.not_allowed');
      expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
      const item = await http.request('POST', `/v1/flows/${ID}`, { token, body: {} });
      expectProblem(item, 405, 'method.not_allowed');
      expect(item.headers.get('allow')).toContain('PATCH');
      expectProblem(await http.get('/v1/no-such-thing', { token }), 404, 'route.not_found');
    });
  });

  describe('metrics', () => {
    it('labels requests by route template or "unmatched", never by the raw path', async () => {
      const marker = `zz-${Date.now()}`;
      await http.post(`/${marker}/a`, '{not json', {});
      await http.post(`/v1/${marker}`, `{"a":${nested(100)}}`, {});
      await http.get(`/${marker}`);
      await http.request('DELETE', '/v1/flows', { token });
      await http.get(`/v1/flows/${ID}`, { token });
      await http.gql('{ health { status } }');
      const text = (await http.get('/metrics')).body as string;
      expect(text).not.toContain(marker);
      expect(text).toMatch(/route="unmatched",status="400"/);
      expect(text).toMatch(/route="unmatched",status="405"/);
      expect(text).toMatch(/route="\/v1\/flows\/:id"/);
      expect(text).toMatch(/route="\/graphql"/);
    });
  });
});

describe('/metrics protection', () => {
  const METRICS_TOKEN = 'scrape-token-0123456789abcdef';
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ env: { METRICS_TOKEN } });
  });
  afterAll(() => api?.close());

  it('asks for the bearer token when one is configured', async () => {
    const http = new HttpClient(api.baseUrl);
    const anonymous = await http.get('/metrics');
    expectProblem(anonymous, 401, 'auth.unauthenticated');
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expectProblem(
      await http.get('/metrics', { token: 'wrong-token-0123456789' }),
      401,
      'auth.unauthenticated',
    );
    const scraped = await http.get('/metrics', { token: METRICS_TOKEN });
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('stepline_http_requests_total');
  });
});

describe('/metrics on a separate listener', () => {
  const METRICS_TOKEN = 'scrape-token-0123456789abcdef';
  let api: TestApi;
  let server: Server | undefined;
  beforeAll(async () => {
    api = await startTestApi({ env: { METRICS_PORT: '9464', METRICS_HOST: '127.0.0.1', METRICS_TOKEN } });
  });
  afterAll(async () => {
    server?.close();
    await api?.close();
  });

  it('hides /metrics on the API listener and serves it, token-checked, on its own', async () => {
    expectProblem(await new HttpClient(api.baseUrl).get('/metrics'), 404, 'route.not_found');
    // Port 0 instead of the configured one: tests run in parallel.
    server = await startMetricsServer(api.app.get<Metrics>(METRICS), { ...api.config.metrics, port: 0 });
    const metrics = new HttpClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    expect((await metrics.get('/metrics')).status).toBe(401);
    const scraped = await metrics.get('/metrics', { token: METRICS_TOKEN });
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('stepline_http_requests_total');
    expect((await metrics.get('/other', { token: METRICS_TOKEN })).status).toBe(404);
    const post = await metrics.post('/metrics', {}, { token: METRICS_TOKEN });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
