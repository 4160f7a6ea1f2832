import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createStepline } from './client.js';
import type { RunEvent } from './run-events.js';
import { SteplineError } from './stepline-error.js';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

/** A throwaway HTTP server standing in for the API; records each request's headers. */
async function serve(handler: Handler) {
  const seen: IncomingMessage['headers'][] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => handler(req, res, seen.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, seen, client: createStepline({ baseUrl, token: 'sl_live_test', maxDelayMs: 0 }) };
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '0' }).end(JSON.stringify(body));

const sse = (id: number | null, event: Record<string, unknown>) =>
  `${id === null ? '' : `id: ${id}\n`}event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;

const settled = (seq: number, stepId: string) => ({
  type: 'step.settled',
  runId: 'r1',
  seq,
  stepId,
  path: '',
  attempt: 1,
  status: 'succeeded',
  at: '2026-01-01T00:00:00.000Z',
});
const status = (s: string) => ({
  type: 'run.status',
  runId: 'r1',
  status: s,
  at: '2026-01-01T00:00:00.000Z',
});

describe('runs', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('sends an automatic Idempotency-Key on start and keeps it across 429 retries', async () => {
    const s = await serve((_req, res, hit) =>
      hit === 1
        ? json(res, 429, { code: 'quota.exceeded' })
        : json(res, 202, { id: 'r1', status: 'queued', url: '/v1/runs/r1' }),
    );
    server = s.server;
    const started = await s.client.runs.start('f1', { input: { a: 1 } });
    expect(started).toEqual({ id: 'r1', status: 'queued', url: '/v1/runs/r1' });
    const keys = s.seen.map((h) => h['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(s.seen[0].authorization).toBe('Bearer sl_live_test');

    await s.client.runs.start('f1', { idempotencyKey: 'mine' });
    expect(s.seen[2]['idempotency-key']).toBe('mine');
  });

  it('resumes a dropped event stream with Last-Event-ID and ends after the terminal status', async () => {
    const s = await serve((_req, res, hit) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (hit === 1) {
        res.write(': ping\n\n' + sse(1, settled(1, 'a')) + sse(null, status('running')));
        // The connection drops mid-stream, before the run ended.
        setTimeout(() => res.destroy(), 20);
      } else {
        res.end(sse(2, settled(2, 'b')) + sse(null, status('succeeded')));
      }
    });
    server = s.server;
    const events: RunEvent[] = [];
    for await (const e of s.client.runs.stream('r1')) events.push(e);
    expect(events.map((e) => (e.type === 'run.status' ? e.status : e.stepId))).toEqual([
      'a',
      'running',
      'b',
      'succeeded',
    ]);
    expect(s.seen[0]['last-event-id']).toBeUndefined();
    expect(s.seen[1]['last-event-id']).toBe('1');
    expect(s.seen[1].accept).toBe('text/event-stream');
  });

  it('does not reconnect after a refusal: a 404 is thrown as a SteplineError', async () => {
    const s = await serve((_req, res) =>
      json(res, 404, { code: 'resource.not_found', detail: 'Run not found' }),
    );
    server = s.server;
    const error = await (async () => {
      for await (const _ of s.client.runs.stream('r1')) void _;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SteplineError);
    expect(error).toMatchObject({ status: 404, code: 'resource.not_found' });
    expect(s.seen).toHaveLength(1);
  });

  it('waitFor polls with backoff when the stream is unavailable', async () => {
    let gets = 0;
    const s = await serve((req, res) => {
      if (req.url?.endsWith('/events')) return json(res, 502, { code: 'bad.gateway' });
      gets++;
      json(res, 200, { id: 'r1', status: gets < 3 ? 'running' : 'succeeded', steps: [] });
    });
    server = s.server;
    const run = await s.client.runs.waitFor('r1', { timeoutMs: 10_000 });
    expect(run.status).toBe('succeeded');
    expect(gets).toBe(3);
  });

  it('waitFor gives up at its timeout with sdk.timeout', async () => {
    const s = await serve((req, res) => {
      if (req.url?.endsWith('/events')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(sse(null, status('running')));
        return;
      }
      json(res, 200, { id: 'r1', status: 'running', steps: [] });
    });
    server = s.server;
    const error = await s.client.runs.waitFor('r1', { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'sdk.timeout' });
  });

  it('lists every run across pages', async () => {
    const s = await serve((req, res) => {
      const cursor = new URL(req.url ?? '/', 'http://x').searchParams.get('cursor');
      json(
        res,
        200,
        cursor
          ? { data: [{ id: 'r3' }], nextCursor: null }
          : { data: [{ id: 'r1' }, { id: 'r2' }], nextCursor: 'c1' },
      );
    });
    server = s.server;
    const ids: string[] = [];
    for await (const run of s.client.runs.list({ flowId: 'f', status: ['failed', 'cancelled'] }))
      ids.push(run.id);
    expect(ids).toEqual(['r1', 'r2', 'r3']);
  });
});
