import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The base every tenant table builds on: the application role's privileges, the helper that reads
 * the transaction's tenant for row-level security, and the tenants table itself.
 *
 * `stepline_app` is the role the API and worker connect as (or a role granted it). It owns nothing,
 * so FORCE ROW LEVEL SECURITY applies to it; it is created by scripts/services before migrating.
 */
export class Foundation1763769600000 implements MigrationInterface {
  name = 'Foundation1763769600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'stepline_app') THEN
          RAISE EXCEPTION 'role stepline_app is missing: run scripts/services (npm start does) before migrating';
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO stepline_app`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO stepline_app`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO stepline_app`,
    );
    // NULLIF turns an unset tenant into NULL, which matches no row: forgetting to set it fails closed.
    await q.query(`
      CREATE FUNCTION app_current_tenant() RETURNS uuid LANGUAGE sql STABLE AS
      $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$`);
    await q.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        name text NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_tenants_slug" UNIQUE (slug)
      )`);
    await q.query(`ALTER TABLE tenants ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE tenants FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON tenants USING (id = app_current_tenant())
      WITH CHECK (id = app_current_tenant())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tenants`);
    await q.query(`DROP FUNCTION app_current_tenant()`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM stepline_app`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM stepline_app`,
    );
    await q.query(`REVOKE USAGE ON SCHEMA public FROM stepline_app`);
  }
}
