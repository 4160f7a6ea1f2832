import fc from 'fast-check';
import { WEBHOOK_TRIGGER_LIMITS } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { parseWebhookConfig, WEBHOOK_LIMITS } from './webhook-config.js';

const whsec = `whsec_${Buffer.from('0123456789abcdef').toString('base64')}`;

describe('parseWebhookConfig', () => {
  it('fills the defaults: POST, no auth, async, 10 s, no headers, 1 MiB', () => {
    expect(parseWebhookConfig(undefined)).toEqual({
      ok: true,
      value: {
        config: {
          methods: ['POST'],
          auth: { type: 'none' },
          responseMode: 'async',
          timeoutSeconds: 10,
          headers: [],
          maxBodyBytes: WEBHOOK_LIMITS.defaultMaxBodyBytes,
        },
        secret: undefined,
      },
    });
  });

  it('keeps the secret out of the stored config and lower-cases header names', () => {
    const parsed = parseWebhookConfig({
      auth: { type: 'hmac', secret: whsec },
      headers: ['X-Source', 'x-source'],
    });
    expect(parsed.ok && parsed.value.secret).toBe(whsec);
    expect(parsed.ok && parsed.value.config.auth).toEqual({
      type: 'hmac',
      style: 'standard',
      replayWindowSeconds: 300,
    });
    expect(parsed.ok && parsed.value.config.headers).toEqual(['x-source']);
    expect(JSON.stringify(parsed.ok && parsed.value.config)).not.toContain(whsec);
  });

  it('merges over a previous config', () => {
    const first = parseWebhookConfig({ methods: ['PUT'], responseMode: 'sync' });
    if (!first.ok) throw new Error('valid');
    const next = parseWebhookConfig({ timeoutSeconds: 30 }, first.value.config);
    expect(next.ok && next.value.config).toMatchObject({
      methods: ['PUT'],
      responseMode: 'sync',
      timeoutSeconds: 30,
    });
  });

  it('answers problems with JSON pointers under /config, never throwing, for any input (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = parseWebhookConfig(input);
        if (result.ok) return true;
        return result.problems.length > 0 && result.problems.every((p) => p.path.startsWith('/config'));
      }),
    );
  });

  it('refuses a sync timeout above 30 s', () => {
    const r = parseWebhookConfig({ timeoutSeconds: 31 });
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['/config/timeoutSeconds']);
  });

  it('holds secrets, copied headers and Standard Webhooks keys to the domain limits the editor checks too', () => {
    const pathsOf = (config: unknown) => {
      const r = parseWebhookConfig(config);
      return r.ok ? [] : r.problems.map((p) => p.path);
    };
    const header = (secret: string) => ({ auth: { type: 'header', header: 'x-token', secret } });
    expect(pathsOf(header('s'.repeat(WEBHOOK_TRIGGER_LIMITS.secretMaxLength)))).toEqual([]);
    expect(pathsOf(header('s'.repeat(WEBHOOK_TRIGGER_LIMITS.secretMaxLength + 1)))).toEqual([
      '/config/auth/secret',
    ]);
    const headers = (n: number) => ({ headers: Array.from({ length: n }, (_, i) => `x-h${i}`) });
    expect(pathsOf(headers(WEBHOOK_TRIGGER_LIMITS.maxHeaders))).toEqual([]);
    expect(pathsOf(headers(WEBHOOK_TRIGGER_LIMITS.maxHeaders + 1))).toEqual(['/config/headers']);
    const standard = (bytes: number) => ({
      auth: { type: 'hmac', style: 'standard', secret: `whsec_${Buffer.alloc(bytes, 7).toString('base64')}` },
    });
    expect(pathsOf(standard(WEBHOOK_TRIGGER_LIMITS.standardSecretMinBytes))).toEqual([]);
    expect(pathsOf(standard(WEBHOOK_TRIGGER_LIMITS.standardSecretMinBytes - 1))).toEqual([
      '/config/auth/secret',
    ]);
  });
});
