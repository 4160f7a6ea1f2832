import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published events (product.md §6, `POST /v1/events`). One row per accepted event: its id (the
 * publisher's, else generated), name, key, a hash of the body for idempotency and what it did
 * (runs resumed and started). The payload itself is not kept here: it reaches the runs it resumes or
 * starts, which keep it under their own retention. `(tenant_id, event_id)` is unique, so a repeated
 * or concurrent publish of the same id waits for the first and then answers its result.
 *
 * Also an index for "enabled event triggers of this event name" (the triggers table keeps the event
 * name in `config.event`), partial on `kind = 'event'` so webhook and schedule triggers cost nothing.
 */
export class Events1764738000000 implements MigrationInterface {
  name = 'Events1764738000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        event_id text NOT NULL,
        name text NOT NULL,
        key text,
        request_hash text NOT NULL,
        payload_bytes integer NOT NULL,
        result jsonb NOT NULL,
        published_by uuid,
        published_by_api_key uuid,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_events_tenant_event_id" UNIQUE (tenant_id, event_id),
        CONSTRAINT "CHK_events_key_length" CHECK (key IS NULL OR char_length(key) <= 255),
        CONSTRAINT "FK_events_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
      )`);
    // Newest first per tenant (a future list, retention pruning).
    await q.query(`CREATE INDEX "IDX_events_tenant_received" ON events (tenant_id, received_at, id)`);
    await q.query(`ALTER TABLE events ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE events FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON events
      USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())`);

    await q.query(
      `CREATE INDEX "IDX_triggers_event" ON triggers (tenant_id, (config->>'event')) WHERE kind = 'event'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_triggers_event"`);
    await q.query(`DROP TABLE events`);
  }
}
