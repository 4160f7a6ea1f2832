import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SECRETS_KEY, DEV_SECRETS_KEY_ID } from '../config/secrets-config.js';
import { insertTrigger, triggerSecretBinding } from '../persistence/repositories/index.js';
import { inTenant } from '../persistence/tenant-transaction.js';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { appDataSource, createPublishedFlow, createTenant } from '../testing/run-fixtures.js';
import { SecretsCipher } from './secrets-cipher.js';
import { reencryptAllSecrets } from './secrets-reencryption.js';

const oldCipher = new SecretsCipher({
  keys: new Map([[DEV_SECRETS_KEY_ID, DEV_SECRETS_KEY]]),
  activeKeyId: 'dev',
});
const newCipher = new SecretsCipher({
  keys: new Map([
    [DEV_SECRETS_KEY_ID, DEV_SECRETS_KEY],
    ['k2', randomBytes(32)],
  ]),
  activeKeyId: 'k2',
});

interface TriggerSecretRow {
  id: string;
  ciphertext: Buffer;
  iv: Buffer;
  authTag: Buffer;
  keyId: string;
  updated_at: Date;
}

describe('re-encryption of trigger secrets', () => {
  let db: TestDatabase;
  let app: DataSource;
  let owner: DataSource;
  let tenantId: string;
  let flowId: string;

  const webhookWithSecret = (secret: string, cipher = oldCipher) =>
    inTenant(app, tenantId, async (m) => {
      const id = randomUUID();
      await insertTrigger(m, {
        id,
        tenantId,
        flowId,
        kind: 'webhook',
        enabled: true,
        versionNumber: null,
        config: { auth: { type: 'header', header: 'x-token' } },
        tokenHash: `hash-${id}`,
        tokenPrefix: 'whk_test',
        secret: cipher.encrypt(secret, triggerSecretBinding(tenantId, id)),
        createdBy: null,
      });
      return id;
    });
  const stored = (id: string) =>
    inTenant(app, tenantId, async (m) => {
      const rows: TriggerSecretRow[] = await m.query(
        `SELECT id, secret_ciphertext AS ciphertext, secret_iv AS iv, secret_auth_tag AS "authTag",
                secret_key_id AS "keyId", updated_at FROM triggers WHERE id = $1`,
        [id],
      );
      return rows[0]!;
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await appDataSource(db.appUrl);
    owner = await appDataSource(db.ownerUrl);
    tenantId = await createTenant(app);
    ({ flowId } = await createPublishedFlow(app, tenantId));
  });
  afterAll(async () => {
    await app?.destroy();
    await owner?.destroy();
    await db?.drop();
  });

  it('moves webhook auth secrets to the active key, still bound to their trigger, leaving updated_at', async () => {
    const ids = [
      await webhookWithSecret('shared-secret-0001'),
      await webhookWithSecret('shared-secret-0002'),
    ];
    const before = await Promise.all(ids.map(stored));
    const report = await reencryptAllSecrets(owner, newCipher, { batchSize: 1 });
    expect(report).toEqual({ tenants: 1, reencrypted: 2, failed: [] });
    for (const [i, id] of ids.entries()) {
      const after = await stored(id);
      expect(after.keyId).toBe('k2');
      expect(after.updated_at).toEqual(before[i]!.updated_at);
      expect(newCipher.decrypt(after, triggerSecretBinding(tenantId, id))).toBe(`shared-secret-000${i + 1}`);
      // Bound to its trigger: under another trigger's binding it does not decrypt.
      expect(() => newCipher.decrypt(after, triggerSecretBinding(tenantId, ids[1 - i]!))).toThrow();
    }
    expect(await reencryptAllSecrets(owner, newCipher)).toEqual({ tenants: 1, reencrypted: 0, failed: [] });
  });

  it('reports and keeps a trigger secret whose key is gone', async () => {
    const lost = new SecretsCipher({ keys: new Map([['gone', randomBytes(32)]]), activeKeyId: 'gone' });
    const id = await webhookWithSecret('shared-secret-lost', lost);
    const report = await reencryptAllSecrets(owner, newCipher);
    expect(report.failed).toEqual([
      { tenantId, secretId: id, name: `trigger:${id}`, keyId: 'gone', reason: 'unknown_key' },
    ]);
    expect((await stored(id)).keyId).toBe('gone');
  });
});
