import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashToken, randomToken } from '../crypto/tokens.js';
import { insertTrigger } from '../persistence/repositories/triggers.repository.js';
import { inTenant } from '../persistence/tenant-transaction.js';
import { appDataSource, createPublishedFlow, createTenant, type PublishedFlow } from './run-fixtures.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * The webhook repository tests' world: a database of their own, two tenants (acme and globex) each
 * with a published flow and an enabled POST webhook trigger on it, written as the application role.
 */
export interface WebhookTenants {
  db: TestDatabase;
  /** The application role's DataSource (RLS applies). */
  app: DataSource;
  acme: PublishedFlow;
  globex: PublishedFlow;
  /** Each tenant's trigger token, as the caller of its webhook URL knows it. */
  tokens: { acme: string; globex: string };
  /** Each tenant's trigger id. */
  ids: { acme: string; globex: string };
  close(): Promise<void>;
}

/** An enabled webhook trigger (POST) on the flow's published version, with `token` hashed as the API stores it. */
const insertWebhookTrigger = (app: DataSource, flow: PublishedFlow, id: string, token: string) =>
  inTenant(app, flow.tenantId, (m) =>
    insertTrigger(m, {
      id,
      tenantId: flow.tenantId,
      flowId: flow.flowId,
      kind: 'webhook',
      enabled: true,
      versionNumber: null,
      config: { methods: ['POST'] },
      tokenHash: hashToken(token),
      tokenPrefix: token.slice(0, 12),
      secret: null,
      createdBy: null,
    }),
  );

export async function createWebhookTenants(): Promise<WebhookTenants> {
  const tokens = { acme: `whk_${randomToken()}`, globex: `whk_${randomToken()}` };
  const ids = { acme: randomUUID(), globex: randomUUID() };
  const db = await createTestDatabase();
  let app: DataSource | undefined;
  const close = async () => {
    await app?.destroy();
    await db.drop();
  };
  try {
    app = await appDataSource(db.appUrl);
    const acme = await createPublishedFlow(app, await createTenant(app));
    const globex = await createPublishedFlow(app, await createTenant(app));
    await insertWebhookTrigger(app, acme, ids.acme, tokens.acme);
    await insertWebhookTrigger(app, globex, ids.globex, tokens.globex);
    return { db, app, acme, globex, tokens, ids, close };
  } catch (error) {
    await close();
    throw error;
  }
}
