import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenant secrets (product.md §7). Values are stored only as AES-256-GCM ciphertext with their
 * nonce, tag and the id of the key that encrypted them (libs/server/src/crypto/secrets-cipher.ts).
 * A tenant table with a FORCE row-level-security policy like every other; the application role
 * reads and writes only the current tenant's rows. Re-encryption under a new key runs per tenant
 * in that same scope, so this migration opens no cross-tenant path.
 */
export class Secrets1764550800000 implements MigrationInterface {
  name = 'Secrets1764550800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE secrets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        description text,
        ciphertext bytea NOT NULL,
        iv bytea NOT NULL,
        auth_tag bytea NOT NULL,
        key_id text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        CONSTRAINT "UQ_secrets_tenant_name" UNIQUE (tenant_id, name),
        CONSTRAINT "CHK_secrets_name" CHECK (name ~ '^[A-Z][A-Z0-9_]{0,127}$'),
        CONSTRAINT "FK_secrets_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
      )`);
    // The admin list pages newest first on (created_at, id); the unique index serves lookups by name.
    await q.query(`CREATE INDEX "IDX_secrets_tenant_created" ON secrets (tenant_id, created_at, id)`);
    await q.query(`ALTER TABLE secrets ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE secrets FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON secrets
      USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE secrets`);
  }
}
