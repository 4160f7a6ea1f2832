import { describe, expect, it } from 'vitest';
import { loggableError } from './problem.filter.js';

describe('loggableError', () => {
  it('keeps what diagnoses the failure and drops query parameters and driver payloads', () => {
    const error = Object.assign(new Error('duplicate key value'), {
      code: '23505',
      query: 'INSERT INTO users (email, password_hash) VALUES ($1, $2)',
      parameters: ['ada@example.com', '$argon2id$v=19$secret-hash'],
      driverError: { detail: 'Key (email)=(ada@example.com) already exists.' },
    });
    const logged = loggableError(error);
    expect(logged).toMatchObject({ type: 'Error', message: 'duplicate key value', code: '23505' });
    expect(logged.query).toContain('INSERT INTO users');
    expect(JSON.stringify(logged)).not.toContain('secret-hash');
    expect(JSON.stringify(logged)).not.toContain('already exists');
  });

  it('describes non-Error throwables', () => {
    expect(loggableError('boom')).toEqual({ value: 'boom' });
  });
});
