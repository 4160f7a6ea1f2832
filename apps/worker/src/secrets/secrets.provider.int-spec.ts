import { randomBytes } from 'node:crypto';
import jsonata from 'jsonata';
import {
  createDataSource,
  createLogger,
  ENTITIES,
  inTenant,
  insertSecret,
  SecretsCipher,
  TenantEntity,
  type AppConfig,
} from '@stepline/server';
import {
  createTestConfig,
  createTestDatabase,
  createTestRedis,
  type TestDatabase,
} from '@stepline/server/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretsObject, SecretsProvider, valuesForMasking } from './secrets.provider.js';

/** The provider with a hand-moved clock and a count of database reads. */
class TestProvider extends SecretsProvider {
  clock = 1_000_000;
  loads = 0;
  protected override now(): number {
    return this.clock;
  }
  protected override load(tenantId: string) {
    this.loads++;
    return super.load(tenantId);
  }
}

describe('SecretsProvider', () => {
  let db: TestDatabase;
  let app: DataSource;
  let config: AppConfig;
  let cipher: SecretsCipher;
  const logLines: string[] = [];
  const logger = createLogger('worker', 'debug', { write: (l: string) => void logLines.push(l) });
  const [acme, other] = [randomUUID(), randomUUID()];

  const put = (tenantId: string, name: string, value: string, using = cipher) =>
    inTenant(app, tenantId, (m) =>
      insertSecret(m, {
        tenantId,
        name,
        description: null,
        value: using.encrypt(value, { tenantId, name }),
        createdBy: null,
      }),
    );
  const setValue = (tenantId: string, name: string, value: string) =>
    inTenant(app, tenantId, async (m) => {
      const v = cipher.encrypt(value, { tenantId, name });
      await m.query(
        `UPDATE secrets SET ciphertext = $3, iv = $4, auth_tag = $5 WHERE tenant_id = $1 AND name = $2`,
        [tenantId, name, v.ciphertext, v.iv, v.authTag],
      );
    });
  const provider = (ttlMs = 5_000) =>
    new TestProvider(app, { ...config, secrets: { ...config.secrets, cacheTtlMs: ttlMs } }, logger);

  beforeAll(async () => {
    db = await createTestDatabase();
    config = createTestConfig(db, createTestRedis());
    cipher = new SecretsCipher(config.secrets);
    app = await createDataSource({ url: db.appUrl, entities: ENTITIES, poolSize: 4 }).initialize();
    for (const id of [acme, other]) {
      await inTenant(app, id, (m) => m.insert(TenantEntity, { id, slug: `t-${id.slice(0, 8)}`, name: 'T' }));
    }
    await put(acme, 'API_TOKEN', 'acme-token-value');
    await put(acme, 'PEM', '-----BEGIN KEY-----\nabc\n-----END KEY-----');
    await put(other, 'API_TOKEN', 'other-token-value');
  });
  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
  });

  it("decrypts exactly the tenant's own secrets", async () => {
    const p = provider();
    expect(await p.forTenant(acme)).toEqual(
      new Map([
        ['API_TOKEN', 'acme-token-value'],
        ['PEM', '-----BEGIN KEY-----\nabc\n-----END KEY-----'],
      ]),
    );
    expect(await p.forTenant(other)).toEqual(new Map([['API_TOKEN', 'other-token-value']]));
    expect(await p.forTenant(randomUUID())).toEqual(new Map());
  });

  it('reads once per TTL per tenant, sharing one read between concurrent callers', async () => {
    const p = provider(5_000);
    const [a, b] = await Promise.all([p.forTenant(acme), p.forTenant(acme)]);
    expect(a).toBe(b);
    expect(p.loads).toBe(1);
    await setValue(acme, 'API_TOKEN', 'rotated-value');
    p.clock += 4_999;
    expect((await p.forTenant(acme)).get('API_TOKEN')).toBe('acme-token-value');
    expect(p.loads).toBe(1);
    p.clock += 1;
    expect((await p.forTenant(acme)).get('API_TOKEN')).toBe('rotated-value');
    expect(p.loads).toBe(2);
    p.invalidate(acme);
    await p.forTenant(acme);
    expect(p.loads).toBe(3);
    await setValue(acme, 'API_TOKEN', 'acme-token-value');
  });

  it('reads every time with a TTL of 0', async () => {
    const p = provider(0);
    await p.forTenant(acme);
    await p.forTenant(acme);
    expect(p.loads).toBe(2);
  });

  it('leaves out and logs by name a secret that does not decrypt, without its value', async () => {
    const lost = new SecretsCipher({ keys: new Map([['gone', randomBytes(32)]]), activeKeyId: 'gone' });
    const tenant = randomUUID();
    await inTenant(app, tenant, (m) =>
      m.insert(TenantEntity, { id: tenant, slug: `t-${tenant.slice(0, 8)}`, name: 'T' }),
    );
    await put(tenant, 'LOST', 'lost-value-123', lost);
    await put(tenant, 'KEPT', 'kept-value-123');
    // A ciphertext copied from another tenant's row does not decrypt here either.
    const [foreign] = await inTenant(app, other, (m) =>
      m.query(`SELECT ciphertext, iv, auth_tag, key_id FROM secrets WHERE tenant_id = $1`, [other]),
    );
    await inTenant(app, tenant, (m) =>
      m.query(
        `INSERT INTO secrets (tenant_id, name, ciphertext, iv, auth_tag, key_id) VALUES ($1, 'MOVED', $2, $3, $4, $5)`,
        [tenant, foreign.ciphertext, foreign.iv, foreign.auth_tag, foreign.key_id],
      ),
    );
    const secrets = await provider().forTenant(tenant);
    expect([...secrets]).toEqual([['KEPT', 'kept-value-123']]);
    const errors = logLines
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg?.startsWith('secret could not be decrypted'));
    expect(errors.map((e) => [e.secretName, e.reason])).toEqual([
      ['LOST', 'unknown_key'],
      ['MOVED', 'authentication_failed'],
    ]);
    expect(logLines.join('\n')).not.toMatch(/lost-value-123|other-token-value|kept-value-123/);
  });

  it('records use in last_used_at at most once a minute', async () => {
    const p = provider();
    const lastUsed = async () =>
      (
        await inTenant(app, acme, (m) =>
          m.query(`SELECT name, last_used_at FROM secrets WHERE tenant_id = $1 ORDER BY name`, [acme]),
        )
      ).map((r: { name: string; last_used_at: Date | null }) => [r.name, r.last_used_at]);
    await p.touchUsed(acme, ['API_TOKEN', 'API_TOKEN', 'NOT_THERE']);
    const first = await lastUsed();
    expect(first[0][1]).toBeInstanceOf(Date);
    expect(first[1][1]).toBeNull();
    p.clock += 30_000;
    await p.touchUsed(acme, ['API_TOKEN']);
    expect(await lastUsed()).toEqual(first);
  });

  it('hands the runner values to mask longest first, and an expression context of secrets only', async () => {
    const secrets = new Map([
      ['SHORT', 'abc'],
      ['LONG', 'abcdef'],
      ['SAME', 'abc'],
    ]);
    expect(valuesForMasking(secrets)).toEqual(['abcdef', 'abc']);
    const context = secretsObject(secrets);
    expect(await jsonata('secrets.LONG & "/" & secrets.SHORT').evaluate({ secrets: context })).toBe(
      'abcdef/abc',
    );
    expect(await jsonata('secrets.constructor').evaluate({ secrets: context })).toBeUndefined();
    expect(Object.isFrozen(context)).toBe(true);
  });
});
