import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '@stepline/server';
import { describe, expect, it } from 'vitest';
import { AccessTokenService } from './access-token.service.js';

const config = {
  jwt: {
    secret: 'a-test-secret-of-some-length-0123456789',
    issuer: 'stepline',
    audience: 'stepline-api',
    accessTtlSeconds: 60,
  },
} as unknown as AppConfig;

/** Signs as the service did before it held a key object: the secret as a plain string. */
const raw = new JwtService({});
const jwt = {
  sign: (payload: object, secret: string, options: Record<string, unknown>) =>
    raw.sign(payload, { ...options, secret }),
};

describe('AccessTokenService', () => {
  const tokens = new AccessTokenService(new JwtService({}), config);
  const claims = { sub: 'u1', tid: 't1', sid: 's1' };

  it('verifies what it signs', async () => {
    await expect(tokens.verify(tokens.sign(claims))).resolves.toEqual(claims);
  });

  it('verifies a token signed with the secret as a plain string (tokens issued before the key object)', async () => {
    const token = jwt.sign({ tid: 't1', sid: 's1' }, config.jwt.secret, {
      algorithm: 'HS256',
      subject: 'u1',
      issuer: 'stepline',
      audience: 'stepline-api',
      expiresIn: 60,
    });
    await expect(tokens.verify(token)).resolves.toEqual(claims);
  });

  it('refuses another secret, another algorithm and alg none', async () => {
    const opts = { subject: 'u1', issuer: 'stepline', audience: 'stepline-api', expiresIn: 60 } as const;
    const other = jwt.sign({ tid: 't1', sid: 's1' }, 'another-secret', { ...opts, algorithm: 'HS256' });
    const hs512 = jwt.sign({ tid: 't1', sid: 's1' }, config.jwt.secret, { ...opts, algorithm: 'HS512' });
    const none = jwt.sign({ tid: 't1', sid: 's1' }, '', { ...opts, algorithm: 'none' });
    for (const token of [other, hs512, none]) {
      await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'auth.token_invalid' });
    }
  });
});
