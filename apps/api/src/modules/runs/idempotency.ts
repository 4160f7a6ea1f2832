import { AppError } from '@stepline/domain';
import { createHash } from 'node:crypto';
import { IDEMPOTENCY_KEY_PATTERN } from './runs.types.js';

/** JSON with object keys sorted at every level: two bodies that mean the same hash the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/**
 * What an idempotency key promises to repeat: the flow, the version asked for and the input —
 * not `wait`, which only shapes the answer.
 */
export const requestHashOf = (flowId: string, version: unknown, input: unknown): string =>
  createHash('sha256')
    .update(canonicalJson({ flowId, version: version ?? 'published', input: input ?? null }))
    .digest('hex');

/** The header value, checked: printable ASCII, at most 255 characters. */
export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw AppError.validation([
      {
        path: '/headers/idempotency-key',
        code: 'field.invalid',
        message: 'Idempotency-Key must be 1–255 printable ASCII characters without spaces',
      },
    ]);
  }
  return key;
}
