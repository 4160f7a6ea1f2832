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
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, seen, client: createStepline({ baseUrl, token: 'sl_live_test', maxDelayMs: 0 }) };
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const approval = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  status: 'pending',
  runId: 'r',
  flowId: 'f',
  flowName: 'Expense approval',
  flowVersion: 1,
  stepId: 'approve',
  stepName: null,
  title: 'Approve?',
  message: null,
  options: ['approved', 'rejected'],
  approverRole: 'operator',
  assignees: [],
  requestedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: null,
  defaultOutcome: null,
  decision: null,
  comment: null,
  decidedBy: null,
  decidedAt: null,
  canDecide: true,
  ...over,
});

describe('approvals', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('reads and decides through the REST routes', async () => {
    const decided = approval('a', { status: 'decided', decision: 'approved', comment: 'ok' });
    const s = await serve((req, res) => json(res, 200, req.method === 'POST' ? decided : approval('a')));
    server = s.server;
    expect(await s.client.approvals.get('a')).toEqual(approval('a'));
    expect(await s.client.approvals.decide('a', { decision: 'approved', comment: 'ok' })).toEqual(decided);
    expect(s.seen.map((r) => [r.method, r.url, r.body])).toEqual([
      ['GET', '/v1/approvals/a', ''],
      ['POST', '/v1/approvals/a/decide', JSON.stringify({ decision: 'approved', comment: 'ok' })],
    ]);
  });

  it('lists every page with the filters, following nextCursor', async () => {
    const s = await serve((req, res) =>
      req.url?.includes('cursor=c2')
        ? json(res, 200, { data: [approval('c')], nextCursor: null })
        : json(res, 200, { data: [approval('a'), approval('b')], nextCursor: 'c2' }),
    );
    server = s.server;
    const ids: string[] = [];
    for await (const x of s.client.approvals.list({ status: ['pending'], assignedToMe: true, limit: 2 })) {
      ids.push(x.id);
    }
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(s.seen.map((r) => r.url)).toEqual([
      '/v1/approvals?status=pending&assignedToMe=true&limit=2',
      '/v1/approvals?status=pending&assignedToMe=true&limit=2&cursor=c2',
    ]);
  });

  it('throws a typed error on a second decision (409 approval.already_decided)', async () => {
    const s = await serve((_req, res) =>
      res
        .writeHead(409, { 'content-type': 'application/problem+json' })
        .end(JSON.stringify({ status: 409, code: 'approval.already_decided', title: 'Conflict' })),
    );
    server = s.server;
    const error = await s.client.approvals.decide('a', { decision: 'rejected' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SteplineError);
    expect((error as SteplineError).code).toBe('approval.already_decided');
  });
});
