import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createStepline } from './client.js';
import { SteplineError } from './stepline-error.js';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: any;
}

/** A throwaway HTTP server standing in for the API; records each request. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body: body ? JSON.parse(body) : undefined,
      });
      handler(req, res, seen.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, seen, client: createStepline({ baseUrl, token: 'sl_live_test', maxDelayMs: 0 }) };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

describe('events.publish', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('posts the event with the API key and answers the runs it resumed and started', async () => {
    const answer = { eventId: 'wamid.1', resumed: ['r1'], started: ['r2', 'r3'] };
    const s = await serve((_req, res) => json(res, 202, answer));
    server = s.server;
    const published = await s.client.events.publish({
      id: 'wamid.1',
      name: 'message.received',
      key: '+491701234567',
      payload: { text: 'help' },
    });
    expect(published).toEqual(answer);
    expect(s.seen).toEqual([
      {
        method: 'POST',
        url: '/v1/events',
        authorization: 'Bearer sl_live_test',
        body: { id: 'wamid.1', name: 'message.received', key: '+491701234567', payload: { text: 'help' } },
      },
    ]);
  });

  it('gives an event without an id a random one that its retries reuse, so it is published once', async () => {
    const s = await serve((_req, res, n) =>
      n === 1
        ? json(res, 503, { code: 'dependency.unavailable', status: 503 }, { 'retry-after': '0' })
        : json(res, 202, { eventId: 'x', resumed: [], started: [] }),
    );
    server = s.server;
    await s.client.events.publish({ name: 'order.paid' });
    expect(s.seen).toHaveLength(2);
    expect(s.seen[0].body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.seen[1].body).toEqual(s.seen[0].body);
    expect(s.seen[0].body).toEqual({ name: 'order.paid', id: s.seen[0].body.id });
  });

  it('throws a typed error with the code when the API refuses', async () => {
    const s = await serve((_req, res) =>
      json(
        res,
        403,
        { type: 'about:blank', title: 'Forbidden', status: 403, code: 'permission.denied' },
        { 'content-type': 'application/problem+json' },
      ),
    );
    server = s.server;
    const error = await s.client.events.publish({ name: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SteplineError);
    expect(error).toMatchObject({ status: 403, code: 'permission.denied' });
  });
});
