import type { FlowDefinition } from '@stepline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHttpServer, type FakeHttpServer } from '../testing/fake-http-server.js';
import { startRunHarness, type RunHarness } from '../testing/run-fixtures.js';

/**
 * Independent branches run at the same time, up to the run's maxConcurrency. The fake server
 * counts requests in flight and holds each until `expected` are in flight together (or a short
 * while passed) — so concurrency shows as a count, not as a timing.
 */
describe('parallel branches', () => {
  let h: RunHarness;
  let tenant: string;
  let server: FakeHttpServer;
  let inFlight = 0;
  let maxInFlight = 0;
  let expected = 1;
  const waiting: Array<() => void> = [];

  beforeAll(async () => {
    h = await startRunHarness();
    tenant = await h.tenant();
    server = await startFakeHttpServer(async (_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (inFlight >= expected) waiting.splice(0).forEach((release) => release());
      else
        await new Promise<void>((release) => {
          waiting.push(release);
          setTimeout(release, 400);
        });
      inFlight--;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  const fanOut = (width: number, maxConcurrency?: number): FlowDefinition => ({
    schemaVersion: 1,
    steps: [
      { id: 'start', type: 'transform', config: { expression: '1' } },
      ...Array.from({ length: width }, (_, i) => ({
        id: `b${i}`,
        type: 'http',
        config: { method: 'GET', url: `${server.origin}/b${i}` },
      })),
      { id: 'join', type: 'transform', config: { expression: '$count($keys(steps))' } },
    ],
    edges: [
      ...Array.from({ length: width }, (_, i) => ({ from: 'start', to: `b${i}` })),
      ...Array.from({ length: width }, (_, i) => ({ from: `b${i}`, to: 'join' })),
    ],
    ...(maxConcurrency ? { settings: { maxConcurrency } } : {}),
  });

  it('runs independent branches at the same time and joins after all of them', async () => {
    inFlight = 0;
    maxInFlight = 0;
    expected = 4;
    const runId = await h.start(tenant, await h.publish(tenant, fanOut(4)));
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(maxInFlight).toBe(4);
    expect(run.output).toEqual({ join: 5 }); // start and the four branches are in scope
  });

  it('never runs more steps of one run at once than settings.maxConcurrency', async () => {
    inFlight = 0;
    maxInFlight = 0;
    expected = 6;
    const runId = await h.start(tenant, await h.publish(tenant, fanOut(6, 2)));
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 30_000);
    expect(run.status).toBe('succeeded');
    expect(maxInFlight).toBe(2);
  });
});
