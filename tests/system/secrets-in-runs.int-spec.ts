import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableFlow, startRun } from '../../apps/api/src/modules/runs/testing/run.fixtures.js';
import { startFakeHttpServer, type FakeHttpServer } from '../../apps/worker/src/testing/fake-http-server.js';
import { startTestSystem, type TestSystem } from './support/system.js';

const SECRET = 'tok-9f2c7e1a-very-secret-value';

/**
 * Secrets end to end: a step uses the real value (the server receives it), and nothing a run
 * records or streams — step inputs, outputs, logs, errors, the run output — holds it.
 */
describe('tenant secrets in runs', () => {
  let system: TestSystem;
  let server: FakeHttpServer;
  beforeAll(async () => {
    system = await startTestSystem({ env: { OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32' } });
    server = await startFakeHttpServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ echoedAuthorization: req.headers.authorization ?? null }));
    });
  });
  afterAll(async () => {
    await system?.close();
    await server?.close();
  });

  it('are used by steps and masked in everything the run records', async () => {
    const tenant = await system.tenant();
    const token = tenant.owner.accessToken;
    const created = await system.http.post('/v1/secrets', { name: 'API_TOKEN', value: SECRET }, { token });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const flowId = await runnableFlow(system.http, token, {
      schemaVersion: 1,
      steps: [
        {
          id: 'call',
          type: 'http',
          config: {
            method: 'GET',
            url: `${server.origin}/me`,
            auth: { type: 'bearer', secret: 'API_TOKEN' },
          },
        },
        { id: 'echo', type: 'transform', config: { expression: '"key=" & secrets.API_TOKEN' } },
        {
          id: 'oops',
          type: 'transform',
          config: { expression: '$error("bad key " & secrets.API_TOKEN)' },
          onError: 'continue',
        },
      ],
      edges: [
        { from: 'call', to: 'echo' },
        { from: 'echo', to: 'oops' },
      ],
      output: '{{ steps.echo.output & " / " & secrets.API_TOKEN }}',
    });
    const run = await startRun(system.http, token, flowId, { input: {}, wait: 20 });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.status).toBe('succeeded');

    // The step used the real value.
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${SECRET}`);
    // Nothing recorded holds it, and the masks are where the value was.
    const detail = await system.http.get(`/v1/runs/${run.body.id}`, { token });
    const recorded = JSON.stringify(detail.body);
    expect(recorded).not.toContain(SECRET);
    const step = (id: string) => detail.body.steps.find((s: { stepId: string }) => s.stepId === id);
    expect(step('call').output.body.echoedAuthorization).toBe('Bearer ***');
    expect(step('echo').output).toBe('key=***');
    expect(step('oops').error.message).toContain('bad key ***');
    expect(detail.body.output).toBe('key=*** / ***');
    // Nor does the live event stream.
    const events = await fetch(`${system.baseUrl}/v1/runs/${run.body.id}/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await events.text()).not.toContain(SECRET);
  });
});
