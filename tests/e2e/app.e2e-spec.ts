import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@stepline/server/testing';
import { describe, expect, it } from 'vitest';
import { baseUrl } from './support.js';

describe('the running app', () => {
  it('is live and ready', async () => {
    expect((await fetch(`${baseUrl()}/health`)).status).toBe(200);
    const ready = await fetch(`${baseUrl()}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { postgres: 'up', redis: 'up' } });
  });

  it('serves the editor at / and its client-side routes, but not over API paths', async () => {
    const home = await fetch(`${baseUrl()}/`, { headers: { accept: 'text/html' } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<sl-root');
    const deep = await fetch(`${baseUrl()}/flows`, { headers: { accept: 'text/html' } });
    expect(await deep.text()).toContain('<sl-root');
    const api = await fetch(`${baseUrl()}/v1/not-a-route`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
  });

  it('sends security headers, including a CSP without inline scripts, on the editor and the API', async () => {
    for (const path of ['/', '/v1/auth/me', '/health']) {
      const res = await fetch(`${baseUrl()}${path}`, { headers: { accept: 'text/html' } });
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toMatch(/script-src 'self'(?! 'unsafe-inline')/);
    }
  });

  it('serves an editor page with no inline script or event handler (the CSP would block them)', async () => {
    const html = await (await fetch(`${baseUrl()}/`, { headers: { accept: 'text/html' } })).text();
    expect(html).not.toMatch(/\son[a-z]+="/i);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
  });

  it('exposes Prometheus metrics', async () => {
    const res = await fetch(`${baseUrl()}/metrics`);
    expect(await res.text()).toContain('stepline_http_requests_total');
  });
});

describe('process lifecycle', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));

  for (const app of ['api', 'worker'] as const) {
    it(`the ${app} shuts down gracefully on SIGTERM`, async () => {
      const port = String(20000 + Math.floor(Math.random() * 20000));
      const child = spawn('node', [`${root}/apps/${app}/dist/main.js`], {
        env: { ...process.env, PORT: port, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (out += c));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await waitFor(() => out.includes(app === 'api' ? 'listening on' : 'worker started'), {
        timeoutMs: 20_000,
      });
      child.kill('SIGTERM');
      await exited;
      expect(out).toContain('shutdown complete');
    });

    it(`the ${app} refuses to start with a clear message when the config is invalid`, async () => {
      const child = spawn('node', [`${root}/apps/${app}/dist/main.js`], {
        env: { ...process.env, PORT: 'not-a-port', REDIS_URL: 'http://nope' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (c) => (err += c));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(err).toContain('Invalid configuration');
      expect(err).toContain('PORT must be an integer');
      expect(err).toContain('REDIS_URL must be a redis: or rediss: URL');
    });
  }
});
