import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A URL-safe random secret of `bytes` bytes of entropy (default 32 = 256 bits). */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/**
 * Lookup hash of a high-entropy secret (refresh token, API key, invitation). SHA-256 suffices for
 * secrets with ≥ 128 bits of entropy — there is nothing to brute-force — and allows an indexed
 * lookup, which a salted password hash would not.
 */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Constant-time equality of two byte strings (strings as UTF-8) of possibly different lengths. */
export const safeEqual = (a: string | Buffer, b: string | Buffer): boolean => {
  const x = typeof a === 'string' ? Buffer.from(a) : a;
  const y = typeof b === 'string' ? Buffer.from(b) : b;
  return x.length === y.length && timingSafeEqual(x, y);
};
