import { HttpErrorResponse } from '@angular/common/http';
import type { ErrorCode } from '@stepline/domain';
import { isErrorCode, problemOf, userMessageFor } from './problem';

/**
 * The sentence to show for a failed call (GraphQL or REST): its problem code, else its HTTP status.
 * The names keep "Http" for history; they read both protocols through `problemOf`.
 */
export const messageForHttpError = (error: unknown): string => userMessageFor(problemOf(error));

/**
 * Like `messageForHttpError`, with wording of the caller's own for some codes (where the screen
 * can say more) and the failing fields of a validation problem appended.
 */
export const detailedMessageForHttpError = (
  error: unknown,
  wording: Partial<Record<ErrorCode, string>> = {},
): string => {
  const problem = problemOf(error);
  if (!problem) return userMessageFor(undefined);
  const code = problem.code;
  const base = (isErrorCode(code) ? wording[code] : undefined) ?? userMessageFor(problem);
  const fields = [...(problem.errors ?? []), ...(problem.problems ?? [])]
    .map((field) => field.message)
    .filter((message) => typeof message === 'string' && message !== '');
  return fields.length ? `${base} ${fields.join('; ')}.` : base;
};

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date), if it has a usable one. */
export const retryAfterSeconds = (error: unknown, now = Date.now()): number | undefined => {
  if (!(error instanceof HttpErrorResponse)) return undefined;
  const header = error.headers.get('Retry-After')?.trim();
  if (!header) return undefined;
  const seconds = /^\d+$/.test(header) ? Number(header) : Math.ceil((Date.parse(header) - now) / 1000);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
};
