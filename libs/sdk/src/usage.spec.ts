import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createStepline } from './client.js';
import { SteplineError } from './stepline-error.js';

describe('usage.get', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  const serve = async (status: number, body: unknown) => {
    const urls: string[] = [];
    server = createServer((req, res) => {
      urls.push(req.url ?? '');
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { urls, client: createStepline({ baseUrl, token: 'sl_live_test', maxDelayMs: 0, retries: 0 }) };
  };

  it('asks for the range and answers the usage', async () => {
    const usage = {
      from: '2026-11-01',
      to: '2026-11-02',
      days: [],
      totals: { runs: 1, steps: 2, stepSeconds: 0.5 },
    };
    const { urls, client } = await serve(200, usage);
    expect(await client.usage.get({ from: '2026-11-01', to: '2026-11-02' })).toEqual(usage);
    expect(urls).toEqual(['/v1/usage?from=2026-11-01&to=2026-11-02']);
  });

  it('throws the problem code when the caller may not read usage', async () => {
    const { client } = await serve(403, { code: 'permission.denied', status: 403, title: 'Forbidden' });
    await expect(client.usage.get()).rejects.toBeInstanceOf(SteplineError);
  });
});
