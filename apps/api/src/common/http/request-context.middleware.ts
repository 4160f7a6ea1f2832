import { randomUUID } from 'node:crypto';
import { requestContext, type Logger, type Metrics } from '@stepline/server';
import type { NextFunction, Request, Response } from 'express';

const VALID_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Requests no route matched (404, 405, a body refused before routing): one label, never the path. */
export const UNMATCHED_ROUTE = 'unmatched';
const ROUTE_LABEL = 'steplineMetricsRoute';

/**
 * Names the metrics route of requests answered by a mounted middleware rather than a route (GraphQL,
 * the editor's static files): a fixed label, chosen by the code, never taken from the request.
 */
export const metricsRoute =
  (label: string) =>
  (_req: Request, res: Response, next: NextFunction): void => {
    res.locals[ROUTE_LABEL] = label;
    next();
  };

/** The route template (`/v1/flows/:id`), a fixed mount label, or `unmatched`: bounded cardinality. */
export function metricsRouteOf(req: Request, res: Response): string {
  const mounted = res.locals[ROUTE_LABEL] as string | undefined;
  if (mounted) return mounted;
  const template = req.route?.path as unknown;
  return typeof template === 'string' ? `${req.baseUrl}${template}` : UNMATCHED_ROUTE;
}

/**
 * Gives every request an id (the caller's `X-Request-Id` when well-formed), runs the rest of the
 * request inside that context so every log line carries it, and writes one access-log line and the
 * HTTP metrics when the response finishes.
 */
export function requestContextMiddleware(logger: Logger, metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.header('x-request-id');
    const requestId = incoming && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    const context = { requestId };
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = metricsRouteOf(req, res);
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
      requestContext.run(context, () =>
        logger.info(
          { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(seconds * 1000) },
          'request',
        ),
      );
    });
    requestContext.run(context, () => next());
  };
}
