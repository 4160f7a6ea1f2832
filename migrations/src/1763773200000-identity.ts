import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity and the audit log. Every tenant-owned table gets a FORCE row-level-security policy on
 * `app.tenant_id`. Three lookups must happen before the tenant is known; each is opened by a
 * transaction-local setting that only the holder of the secret (or the authenticated user) can
 * produce: a token hash (refresh token, API key, invitation) or `app.user_id` (a user's own
 * memberships and tenants, after the password was checked).
 */
export class Identity1763773200000 implements MigrationInterface {
  name = 'Identity1763773200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION app_current_user() RETURNS uuid LANGUAGE sql STABLE AS
      $$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$`);
    await q.query(`
      CREATE FUNCTION app_token_hash() RETURNS text LANGUAGE sql STABLE AS
      $$ SELECT NULLIF(current_setting('app.token_hash', true), '') $$`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "UQ_users_email_lower" ON users (lower(email))`);

    await q.query(`
      CREATE TABLE memberships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_memberships_tenant_user" UNIQUE (tenant_id, user_id),
        CONSTRAINT "CHK_memberships_role" CHECK ("role" IN ('owner', 'admin', 'editor', 'operator', 'viewer')),
        CONSTRAINT "FK_memberships_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
        CONSTRAINT "FK_memberships_user" FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_memberships_user" ON memberships (user_id)`);

    await q.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        email text NOT NULL,
        role text NOT NULL,
        token_hash text NOT NULL,
        invited_by uuid NOT NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_invitations_token_hash" UNIQUE (token_hash),
        CONSTRAINT "CHK_invitations_role" CHECK ("role" IN ('owner', 'admin', 'editor', 'operator', 'viewer')),
        CONSTRAINT "FK_invitations_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_invitations_tenant" ON invitations (tenant_id)`);

    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        family_id uuid NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        rotated_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_refresh_tokens_token_hash" UNIQUE (token_hash),
        CONSTRAINT "FK_refresh_tokens_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
        CONSTRAINT "FK_refresh_tokens_user" FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_refresh_tokens_family" ON refresh_tokens (family_id)`);

    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        prefix text NOT NULL,
        key_hash text NOT NULL,
        scopes text[] NOT NULL,
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_api_keys_key_hash" UNIQUE (key_hash),
        CONSTRAINT "FK_api_keys_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_api_keys_tenant" ON api_keys (tenant_id)`);

    await q.query(`
      CREATE TABLE audit_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid,
        actor_type text NOT NULL,
        actor_id text,
        actor_label text,
        action text NOT NULL,
        target_type text,
        target_id text,
        before jsonb,
        after jsonb,
        ip text,
        user_agent text,
        request_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "FK_audit_log_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_audit_log_tenant_time" ON audit_log (tenant_id, created_at, id)`);

    for (const table of ['memberships', 'invitations', 'refresh_tokens', 'api_keys', 'audit_log']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
    }
    // A user sees their own memberships (to log in and switch tenants) and those of the current tenant.
    await q.query(`CREATE POLICY tenant_isolation ON memberships
      USING (tenant_id = app_current_tenant() OR user_id = app_current_user())
      WITH CHECK (tenant_id = app_current_tenant())`);
    await q.query(`DROP POLICY tenant_isolation ON tenants`);
    await q.query(`CREATE POLICY tenant_isolation ON tenants
      USING (id = app_current_tenant()
             OR id IN (SELECT m.tenant_id FROM memberships m WHERE m.user_id = app_current_user()))
      WITH CHECK (id = app_current_tenant())`);
    for (const table of ['invitations', 'refresh_tokens']) {
      await q.query(`CREATE POLICY tenant_isolation ON ${table}
        USING (tenant_id = app_current_tenant() OR token_hash = app_token_hash())
        WITH CHECK (tenant_id = app_current_tenant())`);
    }
    await q.query(`CREATE POLICY tenant_isolation ON api_keys
      USING (tenant_id = app_current_tenant() OR key_hash = app_token_hash())
      WITH CHECK (tenant_id = app_current_tenant())`);
    // Append-only: read and insert within the tenant; no UPDATE or DELETE policy and no grant.
    await q.query(
      `CREATE POLICY audit_read ON audit_log FOR SELECT USING (tenant_id = app_current_tenant())`,
    );
    await q.query(`CREATE POLICY audit_append ON audit_log FOR INSERT
      WITH CHECK (tenant_id IS NULL OR tenant_id = app_current_tenant())`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM stepline_app`);
    await q.query(`
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_is_append_only()`);
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE invitations`);
    await q.query(`DROP POLICY tenant_isolation ON tenants`);
    await q.query(`DROP TABLE memberships`);
    await q.query(`CREATE POLICY tenant_isolation ON tenants USING (id = app_current_tenant())
      WITH CHECK (id = app_current_tenant())`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP FUNCTION app_token_hash()`);
    await q.query(`DROP FUNCTION app_current_user()`);
  }
}
