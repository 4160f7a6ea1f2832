import { HttpException } from '@nestjs/common';
import { AppError, ERROR_CODES, type ErrorCode, type FieldProblem } from '@stepline/domain';

/** The transport-neutral shape of an error, rendered as problem+json (REST) or a GraphQL error. */
export interface Problem {
  status: number;
  code: ErrorCode;
  title: string;
  detail: string;
  errors: FieldProblem[];
  retryAfterSeconds?: number;
  extra?: Record<string, unknown>;
  /** Set for errors we did not anticipate: logged with their stack, never shown. */
  unexpected?: unknown;
}

const TITLES: Partial<Record<ErrorCode, string>> = {
  'validation.failed': 'Validation failed',
  'resource.not_found': 'Not found',
  'route.not_found': 'Not found',
  'permission.denied': 'Forbidden',
  'internal.error': 'Internal error',
  'dependency.unavailable': 'Service unavailable',
  'request.too_large': 'Payload too large',
  'request.invalid': 'Bad request',
};

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'request.invalid',
  401: 'auth.unauthenticated',
  403: 'permission.denied',
  404: 'route.not_found',
  405: 'method.not_allowed',
  409: 'resource.conflict',
  412: 'precondition.failed',
  413: 'request.too_large',
  415: 'request.unsupported_media_type',
  428: 'precondition.required',
  429: 'quota.exceeded',
  503: 'dependency.unavailable',
};

const titleOf = (code: ErrorCode) =>
  TITLES[code] ?? (code.split('.').pop() ?? code).replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** Errors raised by body-parser before any handler runs carry `type` and `status`. */
interface BodyParserError {
  type: string;
  status: number;
  message: string;
}
const isBodyParserError = (e: unknown): e is BodyParserError =>
  typeof e === 'object' && e !== null && typeof (e as BodyParserError).type === 'string' && 'status' in e;

export function toProblem(error: unknown): Problem {
  if (error instanceof AppError) {
    return {
      status: ERROR_CODES[error.code],
      code: error.code,
      title: titleOf(error.code),
      detail: error.message,
      errors: error.problems,
      retryAfterSeconds: error.retryAfterSeconds,
      extra: Object.keys(error.detail).length ? error.detail : undefined,
    };
  }
  // Express hands errors of its middlewares (body-parser, our own) to Nest wrapped in an
  // HttpException: what we threw there is the cause.
  if (error instanceof HttpException && error.cause instanceof AppError) return toProblem(error.cause);
  // body-parser's own errors: answer with our wording, not the parser's (which quotes the body).
  if (error instanceof HttpException && isBodyParserError(error.cause)) return toProblem(error.cause);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal.error' : 'request.invalid');
    const detail = status >= 500 ? 'An unexpected error occurred' : error.message;
    return { status, code, title: titleOf(code), detail, errors: [] };
  }
  if (isBodyParserError(error)) {
    const code = CODE_BY_STATUS[error.status] ?? 'request.invalid';
    const detail =
      error.type === 'entity.parse.failed' ? 'The request body is not valid JSON' : error.message;
    return { status: ERROR_CODES[code], code, title: titleOf(code), detail, errors: [] };
  }
  return {
    status: 500,
    code: 'internal.error',
    title: titleOf('internal.error'),
    detail: 'An unexpected error occurred',
    errors: [],
    unexpected: error,
  };
}
