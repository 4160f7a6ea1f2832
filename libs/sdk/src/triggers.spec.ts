import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createStepline } from './client.js';
import { SteplineError } from './stepline-error.js';

interface Seen {
  method: string;
  url: string;
  body: any;
}

/** A throwaway HTTP server standing in for the API; records each request. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body: body ? JSON.parse(body) : undefined });
      handler(req, res, seen.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, seen, client: createStepline({ baseUrl, token: 'sl_live_test', maxDelayMs: 0 }) };
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

describe('triggers', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('previews a schedule and answers its next fire times', async () => {
    const times = ['2026-12-01T08:00:00.000Z', '2026-12-02T08:00:00.000Z'];
    const s = await serve((_req, res) => json(res, 200, { nextFireTimes: times }));
    server = s.server;
    const schedule = { mode: 'cron', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' } as const;
    expect(await s.client.triggers.preview(schedule)).toEqual(times);
    expect(s.seen).toEqual([{ method: 'POST', url: '/v1/triggers/schedule-preview', body: schedule }]);
  });

  it('throws a SteplineError with the problems of an invalid schedule', async () => {
    const s = await serve((_req, res) =>
      json(res, 422, {
        code: 'validation.failed',
        status: 422,
        errors: [{ path: '/cron', code: 'field.invalid', message: 'not a cron' }],
      }),
    );
    server = s.server;
    const error = await s.client.triggers.preview({ mode: 'cron', cron: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SteplineError);
    expect(error).toMatchObject({ status: 422, code: 'validation.failed', problems: [{ path: '/cron' }] });
  });

  it('lists the tenant’s triggers of a kind page by page', async () => {
    const s = await serve((_req, res, n) =>
      json(
        res,
        200,
        n === 1 ? { data: [{ id: 'a' }], nextCursor: 'c1' } : { data: [{ id: 'b' }], nextCursor: null },
      ),
    );
    server = s.server;
    const ids: string[] = [];
    for await (const trigger of s.client.triggers.listAll({ kind: 'schedule', limit: 1 }))
      ids.push(trigger.id);
    expect(ids).toEqual(['a', 'b']);
    expect(s.seen.map((r) => r.url)).toEqual([
      '/v1/triggers?kind=schedule&limit=1',
      '/v1/triggers?kind=schedule&limit=1&cursor=c1',
    ]);
  });

  it('creates a schedule trigger with its config', async () => {
    const s = await serve((_req, res) =>
      json(res, 201, { id: 't', kind: 'schedule', token: null, url: null }),
    );
    server = s.server;
    await s.client.triggers.create('f', {
      kind: 'schedule',
      config: { mode: 'interval', intervalSeconds: 300 },
    });
    expect(s.seen[0]).toMatchObject({
      method: 'POST',
      url: '/v1/flows/f/triggers',
      body: { kind: 'schedule', config: { mode: 'interval', intervalSeconds: 300 } },
    });
  });
});
