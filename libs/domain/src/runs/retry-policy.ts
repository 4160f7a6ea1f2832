import { AppError } from '../errors/index.js';
import type { RetryPolicy } from '../flows/definition/flow-definition.types.js';

export const DEFAULT_MAX_ATTEMPTS = 1;
export const DEFAULT_INITIAL_DELAY_MS = 1_000;
export const DEFAULT_MAX_DELAY_MS = 5 * 60_000;
/** The definition schema's default for `retry.backoff`. */
export const DEFAULT_BACKOFF = 'exponential' as const;

/**
 * How long to wait before the next attempt after attempt `attempt` (1-based) failed, or null when
 * no attempt is left. Exact on purpose (no jitter): runs are replayable and tests assert values.
 * Retrying at all (is the failure retryable?) is the caller's decision; this only counts and waits.
 *
 * fixed: initialDelayMs every time · exponential: initialDelayMs × 2^(attempt − 1) · both capped
 * by maxDelayMs.
 */
export const retryDelayMs = (policy: RetryPolicy | undefined, attempt: number): number | null => {
  if (!Number.isSafeInteger(attempt) || attempt < 1) {
    throw new AppError('internal.error', 'A retry attempt is a positive integer', { detail: { attempt } });
  }
  const maxAttempts = policy?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (attempt >= maxAttempts) return null;
  const initial = Math.max(0, policy?.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS);
  const cap = Math.max(0, policy?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
  const backoff = policy?.backoff ?? DEFAULT_BACKOFF;
  // The exponent is bounded so the product stays finite (0 × Infinity would be NaN).
  const factor = backoff === 'exponential' ? 2 ** Math.min(attempt - 1, 64) : 1;
  return Math.min(cap, initial * factor);
};
