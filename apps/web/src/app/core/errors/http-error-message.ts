import { HttpErrorResponse } from '@angular/common/http';
import { asProblem, userMessageFor } from './problem';

/** The sentence to show for a failed HttpClient call: its problem code, else its HTTP status. */
export const messageForHttpError = (error: unknown): string =>
  error instanceof HttpErrorResponse
    ? userMessageFor(asProblem(error.error) ?? { status: error.status })
    : userMessageFor(undefined);

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date), if it has a usable one. */
export const retryAfterSeconds = (error: unknown, now = Date.now()): number | undefined => {
  if (!(error instanceof HttpErrorResponse)) return undefined;
  const header = error.headers.get('Retry-After')?.trim();
  if (!header) return undefined;
  const seconds = /^\d+$/.test(header) ? Number(header) : Math.ceil((Date.parse(header) - now) / 1000);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
};
