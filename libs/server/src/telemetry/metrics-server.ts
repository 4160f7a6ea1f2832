import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Metrics } from './metrics.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison of `Authorization: Bearer <token>` with the configured token. */
export function hasMetricsToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/.exec(authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1] as string), digest(token));
}

/**
 * A listener that serves only `GET /metrics` (an address only Prometheus reaches): the API's
 * separate metrics listener, and the worker's only HTTP surface. Behind the bearer token when one
 * is configured; every other path is a 404 problem.
 */
export async function startMetricsServer(
  metrics: Metrics,
  options: { port: number | null; host: string; token: string | null },
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const fail = (status: number, code: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
      res.end(JSON.stringify({ type: `urn:stepline:error:${code}`, status, code }));
    };
    if (path !== '/metrics') return fail(404, 'route.not_found');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return fail(405, 'method.not_allowed', { allow: 'GET, HEAD' });
    if (options.token !== null && !hasMetricsToken(req.headers.authorization, options.token)) {
      return fail(401, 'auth.unauthenticated', { 'www-authenticate': 'Bearer realm="metrics"' });
    }
    metrics.text().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => fail(500, 'internal.error'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host, () => resolve());
  });
  return server;
}
