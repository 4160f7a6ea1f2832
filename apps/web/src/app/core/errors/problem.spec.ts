import { ERROR_CODES, type ErrorCode } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { asProblem, isErrorCode, userMessageFor } from './problem';

describe('problem helpers', () => {
  it('recognises exactly the domain error codes', () => {
    expect(isErrorCode('permission.denied')).toBe(true);
    expect(isErrorCode('no.such_code')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(403)).toBe(false);
  });

  it('gives every domain error code a non-empty message', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      expect(userMessageFor(code), code).not.toBe('');
    }
  });

  it('words the codes a user can act on', () => {
    expect(userMessageFor('auth.token_expired')).toBe('Your session has expired. Please sign in again.');
    expect(userMessageFor({ status: 409, code: 'resource.conflict' })).toBe(
      'Someone else changed this. Reload and try again.',
    );
  });

  it('falls back on the HTTP status for an unknown code or a bare status', () => {
    expect(userMessageFor({ status: 502, code: 'gateway.strange' })).toBe(
      'The service is having trouble. Try again shortly.',
    );
    expect(userMessageFor({ status: 400 })).toBe('The request could not be completed.');
    expect(userMessageFor({ status: 0 })).toBe('The API cannot be reached.');
    expect(userMessageFor(undefined)).toBe('The API cannot be reached.');
  });

  it('reads problem bodies whether parsed or still text', () => {
    expect(asProblem({ status: 503, code: 'dependency.unavailable' })?.code).toBe('dependency.unavailable');
    expect(asProblem('{"code":"internal.error","status":500}')?.status).toBe(500);
    expect(asProblem('<html>Bad gateway</html>')).toBeUndefined();
    expect(asProblem({ hello: 'world' })).toBeUndefined();
    expect(asProblem(null)).toBeUndefined();
  });
});
