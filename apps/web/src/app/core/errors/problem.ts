import { HttpErrorResponse } from '@angular/common/http';
import { ERROR_CODES, httpStatusOf, type ErrorCode } from '@stepline/domain';
import { GraphqlRequestError } from '../graphql/graphql-request.error';

/** An RFC 9457 problem+json body as the API sends it; `code` is one of the domain's error codes. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  problems?: { path: string; code: string; message: string }[];
  /** The failing fields of a `validation.failed` problem, as the API sends them. */
  errors?: { path: string; code: string; message: string }[];
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);

/** Reads a response body as a problem when it looks like one; anything else yields undefined. */
export const asProblem = (body: unknown): Problem | undefined => {
  if (typeof body === 'string') {
    try {
      return asProblem(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  if (body === null || typeof body !== 'object') return undefined;
  const candidate = body as Record<string, unknown>;
  return typeof candidate['code'] === 'string' || typeof candidate['status'] === 'number'
    ? (candidate as Problem)
    : undefined;
};

/**
 * The problem of a failed call, whichever protocol carried it: a GraphQL error's extensions or a
 * REST problem+json body; a bare HTTP failure yields just its status (0: the API is unreachable).
 */
export const problemOf = (error: unknown): Problem | undefined => {
  if (error instanceof GraphqlRequestError) return error.problem;
  if (error instanceof HttpErrorResponse) return asProblem(error.error) ?? { status: error.status };
  return undefined;
};

// Only the codes a user can act on get their own wording; the rest fall back by HTTP status, so a
// code added to the domain never leaves the editor without a message.
const MESSAGES: Partial<Record<ErrorCode, string>> = {
  'validation.failed': 'Some fields need attention.',
  'request.too_large': 'That is too large to send.',
  'auth.unauthenticated': 'Please sign in to continue.',
  'auth.invalid_credentials': 'The email or password is not correct.',
  'auth.token_expired': 'Your session has expired. Please sign in again.',
  'auth.rate_limited': 'Too many attempts. Wait a moment and try again.',
  'permission.denied': 'You do not have permission to do that.',
  'resource.not_found': 'That item does not exist or was deleted.',
  'resource.conflict': 'Someone else changed this. Reload and try again.',
  'precondition.failed': 'This changed since you opened it. Reload and try again.',
  'quota.exceeded': 'This workspace has reached a limit of its plan.',
  'quota.run_starts_exceeded': 'This workspace started too many runs this minute. Try again shortly.',
  'quota.payload_too_large': 'The input is larger than this workspace allows.',
  'member.last_owner': 'A workspace needs at least one owner.',
  'flow.archived': 'This flow is archived. Restore it to change it.',
  'flow.invalid_definition': 'The flow has problems to fix before it can be saved.',
  'version.immutable': 'Published versions cannot be changed.',
  'dependency.unavailable': 'A service the API depends on is unavailable.',
  'internal.error': 'Something went wrong on our side.',
};

const byStatus = (status: number | undefined): string => {
  if (status === undefined || status === 0) return 'The API cannot be reached.';
  if (status >= 500) return 'The service is having trouble. Try again shortly.';
  return 'The request could not be completed.';
};

/** The sentence to show a user for an error code or a problem body from the API. */
export const userMessageFor = (error: ErrorCode | Problem | undefined): string => {
  const problem: Problem | undefined = typeof error === 'string' ? { code: error } : error;
  const code = problem?.code;
  if (isErrorCode(code)) return MESSAGES[code] ?? byStatus(httpStatusOf(code));
  return byStatus(problem?.status);
};
