import type { ErrorCode } from './error-codes.js';

/** One problem with one field of a request or definition; `path` is a JSON pointer ("/steps/0/id"). */
export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

export interface AppErrorOptions {
  problems?: FieldProblem[];
  detail?: Record<string, unknown>;
  /** Seconds after which a retry may succeed (429 / 503). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The one error type services throw. It knows nothing of HTTP or GraphQL: the API maps `code` to a
 * status and a problem+json body; the worker records it on the run.
 */
export class AppError extends Error {
  readonly problems: FieldProblem[];
  readonly detail: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.problems = options.problems ?? [];
    this.detail = options.detail ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  static notFound(resource: string): AppError {
    return new AppError('resource.not_found', `${resource} not found`);
  }

  static validation(problems: FieldProblem[], message = 'The request is not valid'): AppError {
    return new AppError('validation.failed', message, { problems });
  }
}

export const isAppError = (value: unknown): value is AppError => value instanceof AppError;
