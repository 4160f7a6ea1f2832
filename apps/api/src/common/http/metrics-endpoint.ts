import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { AppError } from '@stepline/domain';
import type { AppConfig, Metrics } from '@stepline/server';
import type { NextFunction, Request, Response } from 'express';

type MetricsConfig = AppConfig['metrics'];

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison of `Authorization: Bearer <token>` with the configured token. */
export function hasMetricsToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/.exec(authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]), digest(token));
}

/**
 * Guards `/metrics` on the API's own listener: hidden (404) when a separate metrics listener is
 * configured, behind the bearer token when one is set, open otherwise.
 */
export function metricsAccess(config: MetricsConfig) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (config.port !== null) return next(new AppError('route.not_found', 'Not found'));
    if (config.token !== null && !hasMetricsToken(req.header('authorization'), config.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return next(new AppError('auth.unauthenticated', 'A metrics token is required'));
    }
    next();
  };
}

/** A listener that serves only `GET /metrics` (e.g. on an address only Prometheus can reach). */
export async function startMetricsServer(metrics: Metrics, config: MetricsConfig): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const fail = (status: number, code: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
      res.end(JSON.stringify({ type: `urn:stepline:error:${code}`, status, code }));
    };
    if (path !== '/metrics') return fail(404, 'route.not_found');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return fail(405, 'method.not_allowed', { allow: 'GET, HEAD' });
    if (config.token !== null && !hasMetricsToken(req.headers.authorization, config.token)) {
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
    server.listen(config.port ?? 0, config.host, () => resolve());
  });
  return server;
}
