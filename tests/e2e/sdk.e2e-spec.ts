import { createStepline, SteplineError } from '@stepline/sdk';
import { describe, expect, it } from 'vitest';
import { baseUrl } from './support.js';

describe('the Stepline SDK against the running app', () => {
  const api = { baseUrl: baseUrl() };
  const email = `sdk.${Date.now()}@example.com`;

  it('signs up, then calls a protected endpoint with the issued token', async () => {
    const anonymous = createStepline({ baseUrl: api.baseUrl });
    const session = await anonymous.call(
      anonymous.raw.POST('/v1/auth/signup', {
        body: { email, password: 'a-long-password', name: 'SDK', tenantName: 'SDK Co' },
      }),
    );
    const client = createStepline({ baseUrl: api.baseUrl, token: () => session.accessToken });
    const me = await client.call(client.raw.GET('/v1/auth/me'));
    expect(me).toMatchObject({ user: { email }, role: 'owner' });
  });

  it('throws SteplineError with the stable code and field paths', async () => {
    const client = createStepline({ baseUrl: api.baseUrl });
    const error = await client
      .call(
        client.raw.POST('/v1/auth/signup', {
          body: { email: 'nope', password: 'x', name: '', tenantName: '' },
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SteplineError);
    expect(error).toMatchObject({ status: 422, code: 'validation.failed' });
    expect((error as SteplineError).problems.map((p) => p.path)).toContain('/email');
  });
});
