import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SECRETS_KEY, DEV_SECRETS_KEY_ID } from '../config/secrets-config.js';
import { countSecretsByKey, insertSecret, loadStoredSecrets } from '../persistence/repositories/index.js';
import { inTenant } from '../persistence/tenant-transaction.js';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { appDataSource, createTenant } from '../testing/run-fixtures.js';
import { SecretsCipher } from './secrets-cipher.js';
import { reencryptAllSecrets } from './secrets-reencryption.js';

const k2 = randomBytes(32);
const oldCipher = new SecretsCipher({
  keys: new Map([[DEV_SECRETS_KEY_ID, DEV_SECRETS_KEY]]),
  activeKeyId: 'dev',
});
const newCipher = new SecretsCipher({
  keys: new Map([
    [DEV_SECRETS_KEY_ID, DEV_SECRETS_KEY],
    ['k2', k2],
  ]),
  activeKeyId: 'k2',
});

describe('re-encryption of secrets', () => {
  let db: TestDatabase;
  let app: DataSource;
  let owner: DataSource;
  const tenants: string[] = [];
  const values = new Map<string, string>(); // `${tenant}/${name}` → value

  const put = (tenantId: string, name: string, cipher = oldCipher) =>
    inTenant(app, tenantId, async (m) => {
      const value = `value of ${name} in ${tenantId}`;
      values.set(`${tenantId}/${name}`, value);
      await insertSecret(m, {
        tenantId,
        name,
        description: null,
        value: cipher.encrypt(value, { tenantId, name }),
        createdBy: null,
      });
    });
  const snapshot = (tenantId: string) =>
    inTenant(app, tenantId, (m) =>
      m.query(
        `SELECT id, name, key_id, updated_at, ciphertext FROM secrets WHERE tenant_id = $1 ORDER BY name`,
        [tenantId],
      ),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await appDataSource(db.appUrl);
    owner = await appDataSource(db.ownerUrl);
    for (let t = 0; t < 3; t++) tenants.push(await createTenant(app));
    // 7 secrets in the first tenant (more than a batch of 3), 2 in the second, none in the third.
    for (let i = 0; i < 7; i++) await put(tenants[0], `SECRET_${i}`);
    await put(tenants[1], 'ONE');
    await put(tenants[1], 'ALREADY_NEW', newCipher);
  });
  afterAll(async () => {
    await app?.destroy();
    await owner?.destroy();
    await db?.drop();
  });

  it('refuses to run on the application role, which cannot see every tenant', async () => {
    await expect(reencryptAllSecrets(app, newCipher)).rejects.toThrow(/schema owner/);
  });

  it('moves every secret of every tenant to the active key in batches; each still decrypts to its value', async () => {
    const before = await snapshot(tenants[0]);
    const batches: number[] = [];
    const report = await reencryptAllSecrets(owner, newCipher, {
      batchSize: 3,
      onBatch: ({ reencrypted }) => batches.push(reencrypted),
    });
    expect(report).toEqual({ tenants: 3, reencrypted: 8, failed: [] });
    // Tenants go in id order (random here): 3 + 3 + 1 for the first tenant, 1 for the second.
    expect(batches.sort()).toEqual([1, 1, 3, 3]);
    for (const tenantId of tenants.slice(0, 2)) {
      await inTenant(app, tenantId, async (m) => {
        expect([...(await countSecretsByKey(m, tenantId)).keys()]).toEqual(['k2']);
        for (const s of await loadStoredSecrets(m, tenantId)) {
          expect(newCipher.decrypt(s, { tenantId, name: s.name })).toBe(values.get(`${tenantId}/${s.name}`));
        }
      });
    }
    // Only the ciphertext changed: the value's change time is the user's, not the operator's.
    const after = await snapshot(tenants[0]);
    expect(after.map((r: { updated_at: Date }) => r.updated_at)).toEqual(
      before.map((r: { updated_at: Date }) => r.updated_at),
    );
    expect(
      after.every((r: { ciphertext: Buffer }, i: number) => !r.ciphertext.equals(before[i].ciphertext)),
    ).toBe(true);
  });

  it('does nothing the second time', async () => {
    expect(await reencryptAllSecrets(owner, newCipher)).toEqual({ tenants: 3, reencrypted: 0, failed: [] });
  });

  it('reports and keeps a secret whose key is gone, and still moves the others', async () => {
    const lost = new SecretsCipher({ keys: new Map([['gone', randomBytes(32)]]), activeKeyId: 'gone' });
    await put(tenants[2], 'LOST', lost);
    await put(tenants[2], 'FINE', oldCipher);
    const report = await reencryptAllSecrets(owner, newCipher, { batchSize: 1 });
    expect(report.reencrypted).toBe(1);
    expect(report.failed).toEqual([
      expect.objectContaining({ tenantId: tenants[2], name: 'LOST', keyId: 'gone', reason: 'unknown_key' }),
    ]);
    const rows = await snapshot(tenants[2]);
    expect(rows.map((r: { name: string; key_id: string }) => [r.name, r.key_id])).toEqual([
      ['FINE', 'k2'],
      ['LOST', 'gone'],
    ]);
  });
});
