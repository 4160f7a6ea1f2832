import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flow triggers (product.md §6). A webhook trigger is found by the sha256 of its token on the
 * public `/hooks/{token}` route, before any tenant is known: its policy also opens the one row whose
 * hash the caller presented (`app.token_hash`, like API keys), so that lookup is one indexed query
 * and nothing else of any tenant becomes visible. Auth secrets are stored as AES-256-GCM ciphertext
 * (libs/server/src/crypto/secrets-cipher.ts). Webhook dedup keys live 24 h in their own table.
 */
export class Triggers1764640800000 implements MigrationInterface {
  name = 'Triggers1764640800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE triggers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        flow_id uuid NOT NULL,
        kind text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        version_number integer,
        config jsonb NOT NULL,
        token_hash text,
        token_prefix text,
        secret_ciphertext bytea,
        secret_iv bytea,
        secret_auth_tag bytea,
        secret_key_id text,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_triggers_kind" CHECK (kind IN ('webhook', 'schedule', 'event')),
        CONSTRAINT "CHK_triggers_version" CHECK (version_number IS NULL OR version_number >= 1),
        CONSTRAINT "UQ_triggers_token_hash" UNIQUE (token_hash),
        CONSTRAINT "FK_triggers_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
        CONSTRAINT "FK_triggers_flow" FOREIGN KEY (flow_id) REFERENCES flows(id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "IDX_triggers_flow_created" ON triggers (tenant_id, flow_id, created_at, id)`,
    );
    await q.query(`ALTER TABLE triggers ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE triggers FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON triggers
      USING (tenant_id = app_current_tenant() OR token_hash = app_token_hash())
      WITH CHECK (tenant_id = app_current_tenant())`);

    await q.query(`
      CREATE TABLE webhook_deliveries_dedup (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        trigger_id uuid NOT NULL,
        dedup_key text NOT NULL,
        run_id uuid NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_webhook_dedup_trigger_key" UNIQUE (trigger_id, dedup_key),
        CONSTRAINT "FK_webhook_dedup_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
        CONSTRAINT "FK_webhook_dedup_trigger" FOREIGN KEY (trigger_id) REFERENCES triggers(id) ON DELETE CASCADE
      )`);
    // Pruning (older than 24 h) walks this index.
    await q.query(
      `CREATE INDEX "IDX_webhook_dedup_trigger_created" ON webhook_deliveries_dedup (trigger_id, created_at)`,
    );
    await q.query(`ALTER TABLE webhook_deliveries_dedup ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE webhook_deliveries_dedup FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON webhook_deliveries_dedup
      USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_deliveries_dedup`);
    await q.query(`DROP TABLE triggers`);
  }
}
