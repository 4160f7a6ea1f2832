import { loadConfig } from '@stepline/server';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { waitFor } from '@stepline/server/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHttpServer, type FakeHttpServer } from '../testing/fake-http-server.js';
import { failureOf } from '../testing/failure-of.js';
import { OutboundHttpClient, outboundPolicyFromConfig, type OutboundPolicy } from './outbound-http.client.js';
import type { LookupFn } from './guarded-connector.js';

const policy = (overrides: Partial<OutboundPolicy> = {}): OutboundPolicy => ({
  allowCidrs: ['127.0.0.1/32'],
  maxResponseBytes: 64 * 1024,
  connectTimeoutMs: 2_000,
  maxRedirects: 3,
  userAgent: 'Stepline-Test/1.0',
  ...overrides,
});

/** Test names that resolve to the fake servers' loopback address. */
const fakeDns: LookupFn = async (name) => {
  if (name.endsWith('.test')) return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

describe('OutboundHttpClient', () => {
  let client: OutboundHttpClient;
  const servers: FakeHttpServer[] = [];
  const serve = async (...args: Parameters<typeof startFakeHttpServer>) => {
    const server = await startFakeHttpServer(...args);
    servers.push(server);
    return server;
  };

  beforeAll(() => {
    client = new OutboundHttpClient(policy(), { lookup: fakeDns });
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await client.close();
  });

  it('is constructible from the validated instance config', async () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://a@localhost/b',
      REDIS_URL: 'redis://localhost',
      OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32',
    });
    const fromConfig = new OutboundHttpClient(outboundPolicyFromConfig(config.outbound, 'Stepline-Test/1.0'));
    const server = await serve((_req, res) => res.end('ok'));
    const res = await fromConfig.request({ method: 'GET', url: server.origin, timeoutMs: 5_000 });
    expect(Buffer.from(res.body).toString()).toBe('ok');
    await fromConfig.close();
  });

  it('sends method, headers and body and returns status, headers and a JSON body', async () => {
    const server = await serve((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.statusCode = 201;
      res.end(JSON.stringify({ got: JSON.parse(req.body) }));
    });
    const res = await client.request({
      method: 'post',
      url: `${server.origin}/items?x=1`,
      headers: { 'Content-Type': 'application/json', 'X-Trace': 'abc', Host: 'evil.example' },
      body: JSON.stringify({ name: 'widget' }),
      timeoutMs: 5_000,
    });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['set-cookie']).toBe('a=1, b=2');
    expect(JSON.parse(Buffer.from(res.body).toString())).toEqual({ got: { name: 'widget' } });
    expect(res).toMatchObject({ url: `${server.origin}/items?x=1`, redirects: 0 });
    const [seen] = server.requests;
    expect(seen).toMatchObject({ method: 'POST', path: '/items?x=1' });
    expect(seen?.headers).toMatchObject({
      'x-trace': 'abc',
      'user-agent': 'Stepline-Test/1.0',
      // The URL decides the Host header; a caller's own is dropped.
      host: `127.0.0.1:${server.port}`,
    });
  });

  it('returns text and binary bodies as bytes, and empty ones for HEAD, 204 and 304', async () => {
    const server = await serve((req, res) => {
      if (req.path === '/text') return void res.end('héllo');
      if (req.path === '/bytes') return void res.end(Buffer.from([0, 255, 1]));
      if (req.path === '/204') return void res.writeHead(204).end();
      if (req.path === '/304') return void res.writeHead(304).end();
      res.setHeader('content-length', '5');
      res.end(req.method === 'HEAD' ? undefined : 'hello');
    });
    const get = (path: string, method = 'GET') =>
      client.request({ method, url: `${server.origin}${path}`, timeoutMs: 5_000 });
    expect(Buffer.from((await get('/text')).body).toString()).toBe('héllo');
    expect([...(await get('/bytes')).body]).toEqual([0, 255, 1]);
    for (const [path, method, status] of [
      ['/204', 'GET', 204],
      ['/304', 'GET', 304],
      ['/head', 'HEAD', 200],
    ] as const) {
      const res = await get(path, method);
      expect(res.status).toBe(status);
      expect(res.body.byteLength).toBe(0);
    }
  });

  it('reaches a host by name through the checked resolver, keeping the name in the Host header', async () => {
    const server = await serve((req, res) => res.end(String(req.headers.host)));
    const res = await client.request({
      method: 'GET',
      url: `http://api.test:${server.port}/`,
      timeoutMs: 5_000,
    });
    expect(Buffer.from(res.body).toString()).toBe(`api.test:${server.port}`);
  });

  it('keeps connections alive and reuses them', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    for (let i = 0; i < 6; i += 1)
      await client.request({ method: 'GET', url: server.origin, timeoutMs: 5_000 });
    // undici opens a second socket when the next request starts before the first is released.
    expect(server.connections).toBeLessThanOrEqual(2);
  });

  it('fails with net.timeout when the server never answers', async () => {
    const server = await serve(() => undefined);
    const failure = await failureOf(client.request({ method: 'GET', url: server.origin, timeoutMs: 300 }));
    expect(failure.code).toBe('net.timeout');
    expect(failure.detail).toMatchObject({ phase: 'total', timeoutMs: 300 });
    expect(failure.retryable).toBe(true);
  });

  it('fails with net.timeout when the body stalls after the headers', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const failure = await failureOf(client.request({ method: 'GET', url: server.origin, timeoutMs: 300 }));
    expect(failure.code).toBe('net.timeout');
  });

  it('refuses a declared Content-Length over the cap before reading the body', async () => {
    const server = await serve((_req, res) => {
      res.setHeader('content-length', String(10 * 1024 * 1024));
      res.write('x'.repeat(1024));
    });
    const failure = await failureOf(client.request({ method: 'GET', url: server.origin, timeoutMs: 5_000 }));
    expect(failure.code).toBe('net.response_too_large');
    expect(failure.detail).toMatchObject({ limit: 64 * 1024, contentLength: 10 * 1024 * 1024 });
  });

  it('stops reading a streamed body as soon as it passes the cap', async () => {
    let written = 0;
    const server = await serve((_req, res) => {
      const chunk = Buffer.alloc(16 * 1024, 'x');
      // Writes up to 16 MiB unless the client hangs up first.
      const pump = () => {
        while (written < 16 * 1024 * 1024 && res.write(chunk)) written += chunk.length;
        if (written >= 16 * 1024 * 1024) res.end();
      };
      res.on('drain', pump);
      pump();
    });
    const failure = await failureOf(client.request({ method: 'GET', url: server.origin, timeoutMs: 10_000 }));
    expect(failure.code).toBe('net.response_too_large');
    expect(written).toBeLessThan(16 * 1024 * 1024);
  });

  it('aborts mid-body when the caller cancels, with net.aborted', async () => {
    const cancel = new AbortController();
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('first chunk', () => cancel.abort());
    });
    const failure = await failureOf(
      client.request({ method: 'GET', url: server.origin, timeoutMs: 10_000, signal: cancel.signal }),
    );
    expect(failure.code).toBe('net.aborted');
    expect(failure.retryable).toBe(false);
  });

  it('does not start a request whose signal is already aborted', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const failure = await failureOf(
      client.request({ method: 'GET', url: server.origin, timeoutMs: 5_000, signal: AbortSignal.abort() }),
    );
    expect(failure.code).toBe('net.aborted');
    expect(server.connections).toBe(0);
  });

  it('reports a refused connection as net.connect_failed', async () => {
    const server = await serve((_req, res) => res.end());
    await server.close();
    const failure = await failureOf(client.request({ method: 'GET', url: server.origin, timeoutMs: 5_000 }));
    expect(failure.code).toBe('net.connect_failed');
    expect(failure.detail).toMatchObject({ host: '127.0.0.1', code: 'ECONNREFUSED' });
  });

  it('fails with net.timeout when resolving the name takes longer than the connect timeout', async () => {
    const stalled = new OutboundHttpClient(policy({ connectTimeoutMs: 200 }), {
      lookup: () => new Promise(() => undefined),
    });
    const failure = await failureOf(
      stalled.request({ method: 'GET', url: 'http://slow.test/', timeoutMs: 10_000 }),
    );
    expect(failure.code).toBe('net.timeout');
    expect(failure.detail).toMatchObject({ phase: 'dns', host: 'slow.test' });
    await stalled.close();
  });

  it('fails with net.timeout when the connection is not established within the connect timeout', async () => {
    // A TCP listener that never answers the TLS handshake: the connection never completes.
    const silent = createNetServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const impatient = new OutboundHttpClient(policy({ connectTimeoutMs: 200 }));
    const failure = await failureOf(
      impatient.request({ method: 'GET', url: `https://127.0.0.1:${port}/`, timeoutMs: 10_000 }),
    );
    expect(failure.code).toBe('net.timeout');
    expect(failure.detail).toMatchObject({ phase: 'connect' });
    await impatient.close();
    silent.close();
  });

  it('connects to the checked address but presents the URL name for TLS (SNI)', async () => {
    const seen: string[] = [];
    // Records the name the client asks for, then aborts the handshake: no certificate needed.
    const tls = createTlsServer({
      SNICallback: (name, done) => {
        seen.push(name);
        done(new Error('no certificate here'));
      },
    });
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    const { port } = tls.address() as AddressInfo;
    const failure = await failureOf(
      client.request({ method: 'GET', url: `https://api.test:${port}/`, timeoutMs: 5_000 }),
    );
    expect(failure.code).toBe('net.connect_failed');
    expect(seen).toEqual(['api.test']);
    tls.close();
  });

  it('reports an unknown name as net.dns_failed, not worth retrying', async () => {
    const failure = await failureOf(
      client.request({ method: 'GET', url: 'http://nowhere.invalid/', timeoutMs: 5_000 }),
    );
    expect(failure.code).toBe('net.dns_failed');
    expect(failure.retryable).toBe(false);
  });

  it('never puts the path, query or headers of a request in its failure', async () => {
    const server = await serve(() => undefined);
    const failure = await failureOf(
      client.request({
        method: 'GET',
        url: `${server.origin}/private-path?token=s3cret-query`,
        headers: { authorization: 'Bearer s3cret-header' },
        timeoutMs: 200,
      }),
    );
    const recorded = JSON.stringify({ message: failure.message, detail: failure.detail });
    expect(recorded).not.toMatch(/s3cret|private-path/);
  });

  it('waits for in-flight requests on close', async () => {
    const local = new OutboundHttpClient(policy());
    let answer: (() => void) | undefined;
    const server = await serve((_req, res) => {
      answer = () => res.end('late');
    });
    const pending = local.request({ method: 'GET', url: server.origin, timeoutMs: 5_000 });
    await waitFor(() => answer !== undefined, { what: 'the request to arrive' });
    const closed = local.close();
    answer?.();
    expect(Buffer.from((await pending).body).toString()).toBe('late');
    await closed;
  });
});
