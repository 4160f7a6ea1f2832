import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flows and their versions. Both tables are tenant-owned with a FORCE row-level-security policy.
 * Versions other than the draft are frozen by a trigger, so not even a buggy query or a hand-run
 * UPDATE as the application role can rewrite what a run executed. The app never deletes a
 * version (history stays linear), so the role may not either; a tenant's deletion still cascades.
 */
export class Flows1763776800000 implements MigrationInterface {
  name = 'Flows1763776800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE flows (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        description text,
        tags text[] NOT NULL DEFAULT '{}',
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        archived_at timestamptz,
        CONSTRAINT "FK_flows_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_flows_tenant_updated" ON flows (tenant_id, updated_at, id)`);
    await q.query(`CREATE INDEX "IDX_flows_tags" ON flows USING gin (tags)`);

    await q.query(`
      CREATE TABLE flow_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        flow_id uuid NOT NULL,
        number integer NOT NULL,
        status text NOT NULL,
        definition jsonb NOT NULL,
        change_note text,
        revision integer NOT NULL DEFAULT 1,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        CONSTRAINT "UQ_flow_versions_flow_number" UNIQUE (flow_id, number),
        CONSTRAINT "CHK_flow_versions_status" CHECK ("status" IN ('draft', 'published', 'archived')),
        CONSTRAINT "FK_flow_versions_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
        CONSTRAINT "FK_flow_versions_flow" FOREIGN KEY (flow_id) REFERENCES flows(id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "UQ_flow_versions_one_draft" ON flow_versions (flow_id) WHERE status = 'draft'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_flow_versions_one_published" ON flow_versions (flow_id) WHERE status = 'published'`,
    );

    for (const table of ['flows', 'flow_versions']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table}
        USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())`);
    }
    await q.query(`REVOKE DELETE, TRUNCATE ON flow_versions FROM stepline_app`);

    // A draft may change freely (and become published); after that only published → archived.
    await q.query(`
      CREATE FUNCTION flow_versions_freeze() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN
        IF OLD.status <> 'draft' AND (
             NEW.definition IS DISTINCT FROM OLD.definition
          OR NEW.number IS DISTINCT FROM OLD.number
          OR NEW.flow_id IS DISTINCT FROM OLD.flow_id
          OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id
          OR NEW.revision IS DISTINCT FROM OLD.revision
          OR NEW.change_note IS DISTINCT FROM OLD.change_note
          OR NEW.created_by IS DISTINCT FROM OLD.created_by
          OR NEW.published_at IS DISTINCT FROM OLD.published_at
          OR NOT (NEW.status = OLD.status OR (OLD.status = 'published' AND NEW.status = 'archived'))
        ) THEN
          RAISE EXCEPTION 'flow version % is %: only a draft can change', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER flow_versions_immutable BEFORE UPDATE ON flow_versions
      FOR EACH ROW EXECUTE FUNCTION flow_versions_freeze()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE flow_versions`);
    await q.query(`DROP FUNCTION flow_versions_freeze()`);
    await q.query(`DROP TABLE flows`);
  }
}
