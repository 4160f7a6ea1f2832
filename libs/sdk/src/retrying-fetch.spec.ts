import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { retryingFetch } from './retrying-fetch.js';

/** A throwaway HTTP server answering a scripted sequence of statuses. */
async function scripted(statuses: number[]): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    const status = statuses[Math.min(hits++, statuses.length - 1)];
    if (status !== 200) res.setHeader('Retry-After', '0');
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ body })),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits: () => hits };
}

describe('retryingFetch', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('retries 429 and 503 and resends the body each time', async () => {
    const s = await scripted([429, 503, 200]);
    server = s.server;
    const res = await retryingFetch(fetch)(s.url, { method: 'POST', body: 'payload' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ body: 'payload' });
    expect(s.hits()).toBe(3);
  });

  it('gives up after the configured retries and answers the last response', async () => {
    const s = await scripted([503]);
    server = s.server;
    const res = await retryingFetch(fetch, { retries: 2 })(s.url);
    expect(res.status).toBe(503);
    expect(s.hits()).toBe(3);
  });

  it('does not retry other errors', async () => {
    const s = await scripted([500, 200]);
    server = s.server;
    expect((await retryingFetch(fetch)(s.url)).status).toBe(500);
    expect(s.hits()).toBe(1);
  });
});
