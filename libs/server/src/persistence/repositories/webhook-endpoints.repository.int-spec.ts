import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SECRETS_KEY, DEV_SECRETS_KEY_ID } from '../../config/secrets-config.js';
import { SecretsCipher } from '../../crypto/secrets-cipher.js';
import { reencryptAllSecrets } from '../../crypto/secrets-reencryption.js';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { appDataSource, createTenant } from '../../testing/run-fixtures.js';
import { inTenant } from '../tenant-transaction.js';
import { claimWebhookDeliveries, enqueueTenantEvent } from './webhook-deliveries.repository.js';
import {
  insertWebhookEndpoint,
  rotateWebhookEndpointSecret,
  webhookEndpointSecretBinding,
} from './webhook-endpoints.repository.js';

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

describe('webhook endpoint secrets and deliveries in the database', () => {
  let db: TestDatabase;
  let app: DataSource;
  let owner: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await appDataSource(db.appUrl);
    owner = await appDataSource(db.ownerUrl);
  });
  afterAll(async () => {
    await app?.destroy();
    await owner?.destroy();
    await db?.drop();
  });

  const endpoint = async (tenantId: string, secret: string) => {
    const id = randomUUID();
    await inTenant(app, tenantId, (m) =>
      insertWebhookEndpoint(m, {
        id,
        tenantId,
        url: 'https://hooks.example.com/',
        description: null,
        eventTypes: ['*'],
        enabled: true,
        secret: oldCipher.encrypt(secret, webhookEndpointSecretBinding(tenantId, id)),
        createdBy: null,
      }),
    );
    return id;
  };

  it('re-encrypts current and previous signing secrets under the active key; both still decrypt', async () => {
    const tenantId = await createTenant(app);
    const id = await endpoint(tenantId, 'whsec_old');
    await inTenant(app, tenantId, (m) =>
      rotateWebhookEndpointSecret(
        m,
        tenantId,
        id,
        oldCipher.encrypt('whsec_new', webhookEndpointSecretBinding(tenantId, id)),
        60_000,
      ),
    );
    const report = await reencryptAllSecrets(owner, newCipher);
    expect(report.failed).toEqual([]);
    expect(report.reencrypted).toBeGreaterThanOrEqual(2);
    const [claimed] = await (async () => {
      await inTenant(app, tenantId, (m) => enqueueTenantEvent(m, tenantId, 'run.failed', {}));
      return claimWebhookDeliveries(app, 10, 60_000);
    })();
    expect([claimed.secret.keyId, claimed.previousSecret?.keyId]).toEqual(['k2', 'k2']);
    const binding = webhookEndpointSecretBinding(tenantId, id);
    expect(newCipher.decrypt(claimed.secret, binding)).toBe('whsec_new');
    expect(newCipher.decrypt(claimed.previousSecret!, binding)).toBe('whsec_old');
  });

  it('refuses to enqueue an event for another tenant than the transaction’s', async () => {
    const [a, b] = [await createTenant(app), await createTenant(app)];
    await expect(inTenant(app, a, (m) => enqueueTenantEvent(m, b, 'run.failed', {}))).rejects.toThrow(
      /not the current tenant/,
    );
  });

  it('leases a claimed delivery: a second claim does not take it again', async () => {
    const tenantId = await createTenant(app);
    const id = await endpoint(tenantId, 'whsec_x');
    await inTenant(app, tenantId, (m) => enqueueTenantEvent(m, tenantId, 'run.succeeded', { n: 1 }));
    const first = await claimWebhookDeliveries(app, 1000, 60_000);
    expect(first.filter((d) => d.endpointId === id)).toHaveLength(1);
    expect(first.find((d) => d.endpointId === id)).toMatchObject({
      attempt: 1,
      eventType: 'run.succeeded',
      payload: { type: 'run.succeeded', data: { n: 1 } },
    });
    const second = await claimWebhookDeliveries(app, 1000, 60_000);
    expect(second.filter((d) => d.endpointId === id)).toEqual([]);
  });
});
