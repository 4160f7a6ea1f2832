import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../testing/failure-of.js';
import { startFakeHttpServer, type FakeHttpServer } from '../testing/fake-http-server.js';
import type { LookupFn } from './guarded-connector.js';
import { OutboundHttpClient } from './outbound-http.client.js';

/** `*.test` names resolve to the fake servers; `a.test:P` and `b.test:P` are distinct origins. */
const fakeDns: LookupFn = async () => [{ address: '127.0.0.1', family: 4 }];

describe('OutboundHttpClient redirects', () => {
  let client: OutboundHttpClient;
  const servers: FakeHttpServer[] = [];
  const serve = async (...args: Parameters<typeof startFakeHttpServer>) => {
    const server = await startFakeHttpServer(...args);
    servers.push(server);
    return server;
  };
  const redirect = (status: number, location: string) => (res: import('node:http').ServerResponse) =>
    res.writeHead(status, { location }).end('moved');

  beforeAll(() => {
    client = new OutboundHttpClient(
      {
        allowCidrs: ['127.0.0.1/32'],
        maxResponseBytes: 64 * 1024,
        connectTimeoutMs: 2_000,
        maxRedirects: 3,
        userAgent: 'Stepline-Test/1.0',
      },
      { lookup: fakeDns },
    );
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await client.close();
  });

  it('follows relative and absolute redirects and reports the final URL and hop count', async () => {
    const server = await serve((req, res) => {
      if (req.path === '/start') return redirect(301, '/middle?x=1')(res);
      if (req.path === '/middle?x=1') return redirect(302, `http://a.test:${server.port}/end`)(res);
      res.end(`arrived at ${req.path}`);
    });
    const res = await client.request({ method: 'GET', url: `${server.origin}/start`, timeoutMs: 5_000 });
    expect(Buffer.from(res.body).toString()).toBe('arrived at /end');
    expect(res).toMatchObject({ status: 200, url: `http://a.test:${server.port}/end`, redirects: 2 });
  });

  it('fails with net.too_many_redirects past the limit', async () => {
    let hops = 0;
    const server = await serve((_req, res) => redirect(302, `/hop/${++hops}`)(res));
    const failure = await failureOf(client.request({ method: 'GET', url: server.origin, timeoutMs: 5_000 }));
    expect(failure.code).toBe('net.too_many_redirects');
    expect(failure.detail).toMatchObject({ maxRedirects: 3 });
    // The first request and three followed hops; the fourth redirect is not followed.
    expect(server.requests).toHaveLength(4);
  });

  it('returns the redirect itself when asked not to follow', async () => {
    const server = await serve((_req, res) => redirect(302, '/elsewhere')(res));
    const res = await client.request({
      method: 'GET',
      url: server.origin,
      timeoutMs: 5_000,
      followRedirects: false,
    });
    expect(res).toMatchObject({ status: 302, redirects: 0 });
    expect(res.headers['location']).toBe('/elsewhere');
    expect(server.requests).toHaveLength(1);
  });

  it('turns a POST into a body-less GET on 303, and on 301/302 as fetch does', async () => {
    for (const status of [301, 302, 303]) {
      const server = await serve((req, res) =>
        req.path === '/form' ? redirect(status, '/result')(res) : res.end(),
      );
      await client.request({
        method: 'POST',
        url: `${server.origin}/form`,
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
        timeoutMs: 5_000,
      });
      const followed = server.requests[1];
      expect(followed, String(status)).toMatchObject({ method: 'GET', path: '/result', body: '' });
      expect(followed?.headers['content-type'], String(status)).toBeUndefined();
    }
  });

  it('turns any other method into GET on 303 but keeps PUT on 301', async () => {
    const server = await serve((req, res) =>
      req.path.startsWith('/r') ? redirect(Number(req.path.slice(2)), '/to')(res) : res.end(),
    );
    await client.request({ method: 'DELETE', url: `${server.origin}/r303`, timeoutMs: 5_000 });
    await client.request({ method: 'PUT', url: `${server.origin}/r301`, body: 'x', timeoutMs: 5_000 });
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
      'DELETE /r303 ',
      'GET /to ',
      'PUT /r301 x',
      'PUT /to x',
    ]);
  });

  it('keeps method and body on 307 and 308', async () => {
    for (const status of [307, 308]) {
      const server = await serve((req, res) =>
        req.path === '/in' ? redirect(status, '/out')(res) : res.end(),
      );
      await client.request({ method: 'POST', url: `${server.origin}/in`, body: 'payload', timeoutMs: 5_000 });
      expect(server.requests[1], String(status)).toMatchObject({
        method: 'POST',
        path: '/out',
        body: 'payload',
      });
    }
  });

  it('drops Authorization and Cookie on a redirect to another origin, keeps them on the same origin', async () => {
    const server = await serve((req, res) => {
      if (req.path === '/same') return redirect(307, '/same-next')(res);
      if (req.path === '/cross') return redirect(307, `http://b.test:${server.port}/cross-next`)(res);
      res.end();
    });
    const headers = { authorization: 'Bearer t0ken', cookie: 'sid=1', 'x-keep': 'yes' };
    await client.request({
      method: 'GET',
      url: `http://a.test:${server.port}/same`,
      headers,
      timeoutMs: 5_000,
    });
    await client.request({
      method: 'GET',
      url: `http://a.test:${server.port}/cross`,
      headers,
      timeoutMs: 5_000,
    });
    const [, sameNext, , crossNext] = server.requests;
    expect(sameNext?.headers).toMatchObject({
      authorization: 'Bearer t0ken',
      cookie: 'sid=1',
      'x-keep': 'yes',
    });
    expect(crossNext?.headers).toMatchObject({ host: `b.test:${server.port}`, 'x-keep': 'yes' });
    expect(crossNext?.headers.authorization).toBeUndefined();
    expect(crossNext?.headers.cookie).toBeUndefined();
  });

  it('refuses a redirect to a non-HTTP scheme or to a URL with credentials', async () => {
    for (const location of [
      'file:///etc/passwd',
      'gopher://a.test/',
      'http://user:pw@a.test/',
      'http://[::1',
    ]) {
      const server = await serve((_req, res) => redirect(302, location)(res));
      const failure = await failureOf(
        client.request({ method: 'GET', url: server.origin, timeoutMs: 5_000 }),
      );
      expect(failure.code, location).toBe('net.invalid_url');
      expect(failure.detail, location).toMatchObject({ redirect: true });
    }
  });

  it('counts every hop against one total deadline', async () => {
    const server = await serve((req, res) => (req.path === '/' ? redirect(302, '/slow')(res) : undefined));
    const failure = await failureOf(client.request({ method: 'GET', url: server.origin, timeoutMs: 300 }));
    expect(failure.code).toBe('net.timeout');
    expect(server.requests.map((r) => r.path)).toEqual(['/', '/slow']);
  });
});
