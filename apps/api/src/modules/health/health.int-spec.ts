import { waitFor } from '@stepline/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { TcpProxy } from '../../testing/tcp-proxy.js';

describe('health endpoints', () => {
  let api: TestApi;
  const redisTarget = new URL(process.env.STEPLINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const proxy = new TcpProxy(redisTarget.hostname, Number(redisTarget.port || 6379));

  beforeAll(async () => {
    await proxy.start();
    api = await startTestApi({ redisUrl: `redis://127.0.0.1:${proxy.port}` });
  });
  afterAll(async () => {
    await proxy.stop();
    await api?.close();
  });

  it('answers /health with 200 while the process lives', async () => {
    const res = await fetch(`${api.baseUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /ready with 200 when Postgres and Redis are reachable', async () => {
    const res = await fetch(`${api.baseUrl}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
  });

  it('answers /ready with 503 problem+json while Redis is down, and 200 again once it is back', async () => {
    await proxy.stop();
    const down = await waitFor(async () => {
      const res = await fetch(`${api.baseUrl}/ready`);
      return res.status === 503 ? res : undefined;
    });
    expect(down.headers.get('content-type')).toContain('application/problem+json');
    const body = (await down.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 503,
      code: 'dependency.unavailable',
      checks: { postgres: 'up', redis: 'down' },
    });
    expect(body.requestId).toEqual(expect.any(String));

    await proxy.start();
    await waitFor(async () => (await fetch(`${api.baseUrl}/ready`)).status === 200, { timeoutMs: 15_000 });
  });

  it('serves Prometheus metrics including HTTP request counts', async () => {
    await fetch(`${api.baseUrl}/health`);
    const res = await fetch(`${api.baseUrl}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toMatch(/stepline_http_requests_total\{[^}]*route="\/health"[^}]*\} \d+/);
  });

  it('answers unknown routes with a problem+json 404 and echoes a well-formed request id', async () => {
    const res = await fetch(`${api.baseUrl}/v1/nothing-here`, { headers: { 'X-Request-Id': 'req-123' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('req-123');
    expect(await res.json()).toMatchObject({ code: 'route.not_found', requestId: 'req-123' });
  });

  it('answers malformed JSON with 400 and an oversized body with 413, without a stack trace', async () => {
    const bad = await fetch(`${api.baseUrl}/v1/anything`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as Record<string, unknown>;
    expect(badBody.code).toBe('request.invalid');
    expect(JSON.stringify(badBody)).not.toMatch(/at .*\.js:\d+/);

    const big = await fetch(`${api.baseUrl}/v1/anything`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ blob: 'x'.repeat(api.config.http.bodyLimitBytes + 10) }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'request.too_large' });
  });

  it('answers the GraphQL health query', async () => {
    const res = await fetch(`${api.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { status postgres redis } }' }),
    });
    expect(await res.json()).toEqual({ data: { health: { status: 'ok', postgres: 'up', redis: 'up' } } });
  });
});
