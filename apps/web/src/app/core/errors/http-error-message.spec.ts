import { HttpErrorResponse } from '@angular/common/http';
import { describe, expect, it } from 'vitest';
import { detailedMessageForHttpError } from './http-error-message';

const failure = (status: number, error: unknown) => new HttpErrorResponse({ status, error });

describe('detailedMessageForHttpError', () => {
  it('prefers the screen’s own wording for a code', () => {
    const error = failure(409, { status: 409, code: 'member.last_owner' });
    expect(detailedMessageForHttpError(error)).toBe('A workspace needs at least one owner.');
    expect(detailedMessageForHttpError(error, { 'member.last_owner': 'Promote someone first.' })).toBe(
      'Promote someone first.',
    );
  });

  it('lists the failing fields of a validation problem', () => {
    const error = failure(400, {
      status: 400,
      code: 'validation.failed',
      errors: [{ path: '/email', code: 'field.invalid', message: 'email must be an email' }],
    });
    expect(detailedMessageForHttpError(error)).toBe('Some fields need attention. email must be an email.');
  });

  it('falls back on the status, or says the API cannot be reached', () => {
    expect(detailedMessageForHttpError(failure(502, 'Bad gateway'))).toBe(
      'The service is having trouble. Try again shortly.',
    );
    expect(detailedMessageForHttpError(new Error('boom'))).toBe('The API cannot be reached.');
  });
});
