import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createStepline } from './client.js';
import { SteplineError } from './stepline-error.js';

interface Seen {
  method: string;
  url: string;
  body: string;
}

/** A throwaway HTTP server standing in for the API; records each request. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', body };
      seen.push(entry);
      handler(req, res, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, seen, client: createStepline({ baseUrl, token: 'sl_live_test', maxDelayMs: 0 }) };
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const secret = (id: string) => ({
  id,
  name: `S_${id}`,
  description: null,
  keyId: 'k1',
  createdBy: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  lastUsedAt: null,
});

describe('secrets', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('creates, updates and deletes through the REST routes, sending the value only in requests', async () => {
    const s = await serve((req, res) =>
      req.method === 'DELETE'
        ? res.writeHead(204).end()
        : json(res, req.method === 'POST' ? 201 : 200, secret('a')),
    );
    server = s.server;
    expect(await s.client.secrets.create({ name: 'S_A', value: 'v1' })).toEqual(secret('a'));
    await s.client.secrets.update('a', { value: 'v2', description: null });
    await expect(s.client.secrets.delete('a')).resolves.toBeUndefined();
    expect(s.seen.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', '/v1/secrets', JSON.stringify({ name: 'S_A', value: 'v1' })],
      ['PATCH', '/v1/secrets/a', JSON.stringify({ value: 'v2', description: null })],
      ['DELETE', '/v1/secrets/a', ''],
    ]);
  });

  it('lists every page, following nextCursor', async () => {
    const s = await serve((req, res) =>
      req.url?.includes('cursor=c2')
        ? json(res, 200, { data: [secret('c')], nextCursor: null })
        : json(res, 200, { data: [secret('a'), secret('b')], nextCursor: 'c2' }),
    );
    server = s.server;
    const ids: string[] = [];
    for await (const x of s.client.secrets.list({ limit: 2 })) ids.push(x.id);
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(s.seen.map((r) => r.url)).toEqual(['/v1/secrets?limit=2', '/v1/secrets?limit=2&cursor=c2']);
  });

  it('throws a typed error with the API code (409 secret.name_taken)', async () => {
    const s = await serve((_req, res) =>
      res
        .writeHead(409, { 'content-type': 'application/problem+json' })
        .end(JSON.stringify({ status: 409, code: 'secret.name_taken', title: 'Conflict' })),
    );
    server = s.server;
    const error = await s.client.secrets.create({ name: 'TAKEN', value: 'v' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SteplineError);
    expect((error as SteplineError).code).toBe('secret.name_taken');
  });
});
