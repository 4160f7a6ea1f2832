import { describe, expect, it } from 'vitest';
import { REDACTED, redact } from './redact.js';

describe('redact', () => {
  it('replaces values under secret-looking keys, at any depth and inside arrays', () => {
    expect(
      redact({
        name: 'SMTP',
        password: 'hunter2',
        config: { apiKey: 'k', api_key: 'k', clientSecret: 's', Authorization: 'x' },
        steps: [{ refreshToken: 't', url: 'https://example.com' }],
      }),
    ).toEqual({
      name: 'SMTP',
      password: REDACTED,
      config: { apiKey: REDACTED, api_key: REDACTED, clientSecret: REDACTED, Authorization: REDACTED },
      steps: [{ refreshToken: REDACTED, url: 'https://example.com' }],
    });
  });

  it('replaces credential-shaped strings under innocent keys', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(
      redact({ note: 'sl_live_q2X9vK3mPz7LwR4tY8nB', header: 'Bearer abc.def', values: [jwt, 'plain'] }),
    ).toEqual({
      note: REDACTED,
      header: REDACTED,
      values: [REDACTED, 'plain'],
    });
  });

  it('keeps everything else as it is', () => {
    const value = {
      prefix: 'sl_live_AbCd',
      role: 'admin',
      count: 3,
      enabled: true,
      nothing: null,
      when: '2024-01-01T00:00:00Z',
    };
    expect(redact(value)).toEqual(value);
  });
});
