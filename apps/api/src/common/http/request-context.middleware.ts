import { randomUUID } from 'node:crypto';
import { requestContext, type Logger, type Metrics } from '@stepline/server';
import type { NextFunction, Request, Response } from 'express';

const VALID_REQUEST_ID = /^[\w.:-]{1,128}$/;

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
      // The matched route pattern keeps metric cardinality bounded; unmatched paths collapse.
      const route =
        (req.route?.path as string | undefined) ?? (res.statusCode === 404 ? 'unmatched' : req.path);
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
