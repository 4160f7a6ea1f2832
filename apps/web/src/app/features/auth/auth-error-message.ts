import { messageForHttpError, retryAfterSeconds } from '../../core/errors/http-error-message';

/** The sentence for a failed sign-in, sign-up or acceptance; says how long to wait when throttled. */
export const authErrorMessage = (error: unknown): string => {
  const seconds = retryAfterSeconds(error);
  if (seconds === undefined) return messageForHttpError(error);
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many attempts. Try again in ${wait}.`;
};
