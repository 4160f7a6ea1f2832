import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { failureOf } from '../testing/failure-of.js';
import { startFakeHttpServer, type FakeHttpServer } from '../testing/fake-http-server.js';
import type { LookupAddress, LookupFn } from './guarded-connector.js';
import { OutboundHttpClient, type OutboundPolicy } from './outbound-http.client.js';

const policy = (allowCidrs: string[]): OutboundPolicy => ({
  allowCidrs,
  maxResponseBytes: 64 * 1024,
  connectTimeoutMs: 2_000,
  maxRedirects: 5,
  userAgent: 'Stepline-Test/1.0',
});

/** A resolver answering from a table, counting its calls. */
const dnsTable = (table: Record<string, string[]>) =>
  vi.fn<LookupFn>(async (name) => {
    const answers = table[name];
    if (!answers) throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return answers.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  });

describe('SSRF guard of the outbound HTTP client', () => {
  // A server on the loopback address the blocked spellings denote: a refusal must not reach it.
  let loopback: FakeHttpServer;
  // A server on 127.0.0.2, outside the tests' allow-list of 127.0.0.1/32.
  let neighbour: FakeHttpServer;

  beforeAll(async () => {
    loopback = await startFakeHttpServer((_req, res) => res.end('reached'));
    neighbour = await startFakeHttpServer((_req, res) => res.end('reached'), '127.0.0.2');
  });
  afterAll(async () => {
    await Promise.all([loopback?.close(), neighbour?.close()]);
  });

  describe('with nothing allowed (the default)', () => {
    const lookup = dnsTable({});
    const client = new OutboundHttpClient(policy([]), { lookup });
    afterAll(() => client.close());

    const blockedSpellings = (port: number) => [
      `http://127.0.0.1:${port}/`,
      `http://2130706433:${port}/`,
      `http://0x7f000001:${port}/`,
      `http://0x7f.1:${port}/`,
      `http://0177.0.0.1:${port}/`,
      `http://017700000001:${port}/`,
      `http://127.1:${port}/`,
      `http://127.0.1:${port}/`,
      `http://127.0.0.1.:${port}/`,
      `http://%31%32%37.0.0.1:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::ffff:7f00:1]:${port}/`,
      `http://[0:0:0:0:0:ffff:127.0.0.1]:${port}/`,
      `http://[::127.0.0.1]:${port}/`,
      `http://[64:ff9b::127.0.0.1]:${port}/`,
      `http://[2002:7f00:1::]:${port}/`,
      `http://0.0.0.0:${port}/`,
      `http://0:${port}/`,
      `http://[::]:${port}/`,
      `http://[::1]:${port}/`,
      `http://localhost:${port}/`,
      `http://LOCALHOST.:${port}/`,
      `http://api.localhost:${port}/`,
      `https://127.0.0.1:${port}/`,
    ];

    it('refuses every spelling of a loopback address without opening a connection or asking DNS', async () => {
      for (const url of blockedSpellings(loopback.port)) {
        const failure = await failureOf(client.request({ method: 'GET', url, timeoutMs: 5_000 }));
        expect(failure.code, url).toBe('net.blocked_address');
        expect(failure.retryable, url).toBe(false);
      }
      expect(loopback.connections).toBe(0);
      expect(lookup).not.toHaveBeenCalled();
    });

    it.each([
      ['http://10.0.0.1/', 'private'],
      ['http://172.16.5.4/', 'private'],
      ['http://192.168.0.1/', 'private'],
      ['http://169.254.1.1/', 'link_local'],
      ['http://[fe80::1]/', 'link_local'],
      ['http://100.64.0.1/', 'cgnat'],
      ['http://224.0.0.1/', 'multicast'],
      ['http://[ff02::1]/', 'multicast'],
      ['http://255.255.255.255/', 'broadcast'],
      ['http://240.0.0.1/', 'reserved'],
      ['http://[fd12::1]/', 'unique_local'],
      ['http://192.0.2.1/', 'documentation'],
      ['http://169.254.169.254/latest/meta-data/', 'metadata'],
      ['http://0xa9fea9fe/latest/meta-data/', 'metadata'],
      ['http://[::ffff:169.254.169.254]/', 'metadata'],
      ['http://[fd00:ec2::254]/', 'metadata'],
      ['http://100.100.100.200/', 'metadata'],
      ['http://168.63.129.16/', 'metadata'],
    ])('refuses %s as %s', async (url, category) => {
      const failure = await failureOf(client.request({ method: 'GET', url, timeoutMs: 5_000 }));
      expect(failure.code).toBe('net.blocked_address');
      expect(failure.detail).toMatchObject({ category });
    });

    it('refuses `localhost` even through the system resolver', async () => {
      const system = new OutboundHttpClient(policy([]));
      const failure = await failureOf(
        system.request({ method: 'GET', url: `http://localhost:${loopback.port}/`, timeoutMs: 5_000 }),
      );
      expect(failure.code).toBe('net.blocked_address');
      expect(loopback.connections).toBe(0);
      await system.close();
    });
  });

  describe('with only the test servers allowed (127.0.0.1/32)', () => {
    const lookup = dnsTable({
      'public.test': ['127.0.0.1'],
      'internal.test': ['10.0.0.5'],
      'mapped.test': ['::ffff:127.0.0.2'],
      'metadata.test': ['169.254.169.254'],
      'mixed.test': ['127.0.0.1', '10.0.0.5'],
      'neighbour.test': ['127.0.0.2'],
    });
    const client = new OutboundHttpClient(policy(['127.0.0.1/32']), { lookup });
    afterAll(() => client.close());

    it('reaches the allowed address', async () => {
      const res = await client.request({ method: 'GET', url: loopback.origin, timeoutMs: 5_000 });
      expect(res.status).toBe(200);
    });

    it('still refuses loopback addresses outside the allowed range', async () => {
      for (const url of [
        neighbour.origin,
        `http://0x7f.0.0.2:${neighbour.port}/`,
        `http://[::ffff:127.0.0.2]:${neighbour.port}/`,
        `http://[::1]:${loopback.port}/`,
        // localhost answers 127.0.0.1 and ::1, and ::1 is not allowed.
        `http://localhost:${loopback.port}/`,
      ]) {
        const failure = await failureOf(client.request({ method: 'GET', url, timeoutMs: 5_000 }));
        expect(failure.code, url).toBe('net.blocked_address');
      }
      expect(neighbour.connections).toBe(0);
    });

    it.each([
      ['internal.test', 'private'],
      ['mapped.test', 'loopback'],
      ['metadata.test', 'metadata'],
      ['mixed.test', 'private'],
    ])(
      'refuses %s, a name resolving to a %s address, without revealing the address',
      async (name, category) => {
        const failure = await failureOf(
          client.request({ method: 'GET', url: `http://${name}/`, timeoutMs: 5_000 }),
        );
        expect(failure.code).toBe('net.blocked_address');
        expect(failure.detail).toEqual({ host: name, category });
      },
    );

    it('checks the answer of every new connection, so a name cannot rebind to a private address', async () => {
      let answer = '127.0.0.1';
      const rebinding = vi.fn<LookupFn>(async () => [{ address: answer, family: 4 }]);
      const local = new OutboundHttpClient(policy(['127.0.0.1/32']), { lookup: rebinding });
      const closing = await startFakeHttpServer((_req, res) =>
        res.setHeader('connection', 'close').end('ok'),
      );
      const url = `http://rebind.test:${closing.port}/`;
      await expect(local.request({ method: 'GET', url, timeoutMs: 5_000 })).resolves.toMatchObject({
        status: 200,
      });
      answer = '10.0.0.5';
      const failure = await failureOf(local.request({ method: 'GET', url, timeoutMs: 5_000 }));
      expect(failure.code).toBe('net.blocked_address');
      expect(rebinding).toHaveBeenCalledTimes(2);
      await Promise.all([local.close(), closing.close()]);
    });

    it.each([
      ['an address outside the allow-list', (p: number) => `http://127.0.0.2:${p}/`],
      ['a hex spelling of one', (p: number) => `http://0x7f000002:${p}/`],
      ['IPv6 loopback', (p: number) => `http://[::1]:${p}/`],
      ['localhost', (p: number) => `http://localhost:${p}/`],
      ['a private address', () => 'http://10.0.0.1/'],
      ['the metadata service', () => 'http://169.254.169.254/latest/meta-data/iam/'],
      ['a name resolving to a private address', () => 'http://internal.test/'],
      ['a name resolving to a neighbour', (p: number) => `http://neighbour.test:${p}/`],
    ])('refuses a redirect to %s', async (_what, target) => {
      const redirector = await startFakeHttpServer((_req, res) =>
        res.writeHead(302, { location: target(neighbour.port) }).end(),
      );
      const failure = await failureOf(
        client.request({ method: 'GET', url: redirector.origin, timeoutMs: 5_000 }),
      );
      expect(failure.code).toBe('net.blocked_address');
      expect(redirector.requests).toHaveLength(1);
      expect(neighbour.connections).toBe(0);
      await redirector.close();
    });
  });

  it.each([
    'ftp://example.com/',
    'file:///etc/passwd',
    'http://user:secret@example.com/',
    'http://:secret@example.com/',
    'not a url',
    'http://',
    '//example.com/',
  ])('refuses the URL %s as invalid', async (url) => {
    const client = new OutboundHttpClient(policy([]), { lookup: dnsTable({}) });
    const failure = await failureOf(client.request({ method: 'GET', url, timeoutMs: 5_000 }));
    expect(failure.code).toBe('net.invalid_url');
    expect(JSON.stringify(failure.detail)).not.toContain('secret');
    await client.close();
  });
});
