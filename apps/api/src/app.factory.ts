import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { LOGGER, METRICS, type AppConfig, type Logger, type Metrics } from '@stepline/server';
import { AppModule } from './app.module.js';
import { createValidationPipe } from './common/errors/validation.pipe.js';
import { answerClientErrorsWithProblems } from './common/http/client-error.js';
import { jsonBodyVerifier } from './common/http/json-body-limits.js';
import { metricsAccess } from './common/http/metrics-endpoint.js';
import { metricsRoute, requestContextMiddleware } from './common/http/request-context.middleware.js';
import { securityHeaders } from './common/http/security-headers.middleware.js';
import { webAppMiddlewares } from './common/http/web-app.middleware.js';
import { serveOpenApi } from './common/openapi/openapi.document.js';
import { WEBHOOK_LIMITS } from './modules/triggers/webhook-config.js';

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
  answerClientErrorsWithProblems(app.getHttpServer());
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(requestContextMiddleware(appLogger, app.get<Metrics>(METRICS)));
  app.use('/metrics', metricsAccess(config.metrics));
  app.use('/graphql', metricsRoute('/graphql'));
  for (const middleware of webAppMiddlewares(config.webDistDir)) app.use(middleware);
  const limit = config.http.bodyLimitBytes;
  const shape = { maxDepth: config.http.jsonMaxDepth, maxNodes: config.http.jsonMaxNodes };
  // Every JSON body, GraphQL requests included, is measured on its bytes before it is parsed.
  // (express's parsers directly: Nest's typed wrapper reserves `verify` for its raw-body option)
  // Webhooks read their body as bytes (HMAC signs the bytes); each trigger applies its own limit
  // below this ceiling. Mounted first, so the JSON and form parsers skip these requests.
  app.use('/hooks', express.raw({ type: () => true, limit: WEBHOOK_LIMITS.maxBodyBytes }));
  app.use(
    express.json({
      limit,
      type: ['application/json', 'application/*+json'],
      verify: jsonBodyVerifier(shape),
    }),
  );
  app.use(express.urlencoded({ limit, extended: false, parameterLimit: 1000 }));
  app.useGlobalPipes(createValidationPipe(shape));
  serveOpenApi(app);
  app.enableShutdownHooks();
  return app;
}
