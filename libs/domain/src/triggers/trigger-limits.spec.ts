import { describe, expect, it } from 'vitest';
import { HTTP_HEADER_NAME_MAX_LENGTH, isHttpHeaderName } from './trigger-limits.js';

describe('HTTP header names', () => {
  it('accepts RFC 9110 tokens of 1 to 100 characters, in any case', () => {
    for (const name of ['x-webhook-secret', 'X-Hub-Signature-256', "a!#$%&'*+.^_`|~-z", 'x'.repeat(100)])
      expect(isHttpHeaderName(name)).toBe(true);
  });

  it('refuses empty, too long, spaced or separator-bearing names and non-strings', () => {
    for (const name of [
      '',
      'x'.repeat(HTTP_HEADER_NAME_MAX_LENGTH + 1),
      'x header',
      'x:y',
      'x(y)',
      'é',
      7,
      null,
    ])
      expect(isHttpHeaderName(name)).toBe(false);
  });
});
