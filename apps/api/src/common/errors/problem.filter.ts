import { Catch, Inject, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import { LOGGER, requestContext, type Logger } from '@stepline/server';
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { AppError } from '@stepline/domain';
import { allowedMethods } from '../http/method-not-allowed.js';
import { toProblem, type Problem } from './problem.mapper.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemBody(problem: Problem, instance?: string) {
  return {
    type: `urn:stepline:error:${problem.code}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    ...(instance ? { instance } : {}),
    ...(problem.errors.length ? { errors: problem.errors } : {}),
    ...(problem.extra ?? {}),
    requestId: requestContext.current()?.requestId,
  };
}

/**
 * What of an unexpected error goes to the log: never its query parameters or driver payload, which
 * may hold password hashes, token hashes or customer data.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
  const { code, query } = error as Error & { code?: unknown; query?: unknown };
  return {
    type: error.name,
    message: error.message,
    stack: error.stack,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof query === 'string' ? { query } : {}),
  };
}

/**
 * Every error leaves the API here: as RFC 9457 problem+json over REST, or as a GraphQL error with
 * the same `code` in its extensions. Unexpected errors are logged with their stack and answered
 * with a bare 500, so no internals leak.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    let problem = toProblem(exception);
    if (problem.unexpected !== undefined)
      this.logger.error({ err: loggableError(problem.unexpected) }, 'unexpected error');
    if (host.getType<GqlContextType>() === 'graphql') {
      return new GraphQLError(problem.detail, {
        extensions: {
          code: problem.code,
          status: problem.status,
          ...(problem.errors.length ? { errors: problem.errors } : {}),
          ...(problem.extra ?? {}),
          requestId: requestContext.current()?.requestId,
        },
      });
    }
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof NotFoundException && !req.route) {
      // No route matched: a path that exists with other methods is a 405, not a 404.
      const allow = allowedMethods(req);
      if (allow.length) {
        res.setHeader('Allow', allow.join(', '));
        problem = toProblem(
          new AppError('method.not_allowed', `${req.method} is not allowed here; use ${allow.join(', ')}`, {
            detail: { allow },
          }),
        );
      }
    }
    if (problem.retryAfterSeconds !== undefined)
      res.setHeader('Retry-After', String(problem.retryAfterSeconds));
    res
      .status(problem.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(problemBody(problem, req.originalUrl)));
  }
}
