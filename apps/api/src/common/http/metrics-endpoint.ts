import { AppError } from '@stepline/domain';
import { hasMetricsToken, type AppConfig } from '@stepline/server';
import type { NextFunction, Request, Response } from 'express';

type MetricsConfig = AppConfig['metrics'];

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
