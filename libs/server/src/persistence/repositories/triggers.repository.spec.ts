import { describe, expect, it } from 'vitest';
import { toStoredTrigger, type StoredTriggerRow } from './triggers.repository.js';

const row = (over: Partial<StoredTriggerRow> = {}): StoredTriggerRow => ({
  id: 't1',
  tenant_id: 'a',
  flow_id: 'f1',
  enabled: true,
  version_number: 2,
  config: { mode: 'async' },
  token_prefix: 'whk_abcdefgh',
  secret_ciphertext: Buffer.from('c'),
  secret_iv: Buffer.from('i'),
  secret_auth_tag: Buffer.from('t'),
  secret_key_id: 'k1',
  created_by: null,
  created_at: new Date('2026-01-01T00:00:00Z'),
  updated_at: new Date('2026-01-02T00:00:00Z'),
  ...over,
});

describe('toStoredTrigger', () => {
  it('maps a row of the batch lookup (no kind, no slots) to a webhook trigger with its secret', () => {
    expect(toStoredTrigger(row())).toEqual({
      id: 't1',
      tenantId: 'a',
      flowId: 'f1',
      kind: 'webhook',
      enabled: true,
      versionNumber: 2,
      config: { mode: 'async' },
      tokenPrefix: 'whk_abcdefgh',
      hasSecret: true,
      nextFireAt: null,
      lastFiredAt: null,
      flowName: null,
      createdBy: null,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      updatedAt: new Date('2026-01-02T00:00:00Z'),
      secret: { ciphertext: Buffer.from('c'), iv: Buffer.from('i'), authTag: Buffer.from('t'), keyId: 'k1' },
    });
  });

  it('keeps a full row’s kind and slots, and has no secret when a part of it is missing', () => {
    const fired = new Date('2026-01-03T00:00:00Z');
    const t = toStoredTrigger(
      row({ kind: 'schedule', last_fired_at: fired, secret_ciphertext: null, secret_key_id: null }),
    );
    expect(t).toMatchObject({ kind: 'schedule', lastFiredAt: fired, hasSecret: false, secret: null });
    expect(toStoredTrigger(row({ secret_iv: null })).secret).toBeNull();
  });
});
