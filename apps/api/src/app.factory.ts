import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { LOGGER, METRICS, type AppConfig, type Logger, type Metrics } from '@stepline/server';
import { AppModule } from './app.module.js';
import { createValidationPipe } from './common/errors/validation.pipe.js';
import { requestContextMiddleware } from './common/http/request-context.middleware.js';
import { securityHeaders } from './common/http/security-headers.middleware.js';
import { webAppMiddlewares } from './common/http/web-app.middleware.js';
import { serveOpenApi } from './common/openapi/openapi.document.js';

/**
 * Builds the API application (not listening). `main.ts` serves it; integration tests start it on
 * an ephemeral port against their own database and Redis prefix.
 */
export async function createApiApp(config: AppConfig, logger?: Logger): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, logger }), {
    bodyParser: false,
    logger: false,
  });
  const appLogger = app.get<Logger>(LOGGER);
  app.useLogger({
    log: (m: unknown) => appLogger.info({ nest: m }),
    error: (m: unknown, trace?: string) => appLogger.error({ nest: m, trace }),
    warn: (m: unknown) => appLogger.warn({ nest: m }),
    debug: (m: unknown) => appLogger.debug({ nest: m }),
    verbose: (m: unknown) => appLogger.trace({ nest: m }),
  });
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(requestContextMiddleware(appLogger, app.get<Metrics>(METRICS)));
  for (const middleware of webAppMiddlewares(config.webDistDir)) app.use(middleware);
  const limit = config.http.bodyLimitBytes;
  app.useBodyParser('json', { limit, type: ['application/json', 'application/*+json'] });
  app.useBodyParser('urlencoded', { limit, extended: false });
  app.useGlobalPipes(createValidationPipe());
  serveOpenApi(app);
  app.enableShutdownHooks();
  return app;
}
