import type { MigrationInterface, QueryRunner } from 'typeorm';

const EVENT_TYPES = `'*', 'run.succeeded', 'run.failed', 'run.cancelled', 'run.timed_out', 'run.waiting', 'approval.requested'`;
const RUN_EVENT_STATUSES = `'succeeded', 'failed', 'cancelled', 'timed_out', 'waiting'`;
/** A succeeded run's output goes into the payload up to this size, else a truncation marker. */
const OUTPUT_CAP_BYTES = 16 * 1024;

/**
 * Outgoing webhooks (product.md §6): tenant endpoints, their deliveries and each delivery's
 * attempts. Three tenant tables with FORCE row-level security like every other.
 *
 * Deliveries are created in the database, in the transaction of the change they report:
 * - `enqueue_tenant_event(tenant, type, data)` inserts one pending delivery per enabled endpoint of
 *   the tenant subscribed to `type` (or `*`). Any code may call it (approvals do).
 * - an AFTER UPDATE OF status trigger on `runs` does the same when a run (not a test run) becomes
 *   succeeded, failed, cancelled, timed_out or waiting — every path (worker finish, API cancel,
 *   waits) is covered and the engine carries no code for it. With no endpoint the cost is one
 *   function call and one index probe per status change.
 * - `claim_webhook_deliveries(batch, lease)` is the worker's poll: due pending deliveries of any
 *   tenant, locked with SKIP LOCKED and leased (attempt number bumped, next_attempt_at pushed to
 *   the lease end) in one statement, so two pollers never take the same attempt; a worker that
 *   dies mid-attempt leaves the delivery to be retried when the lease ends.
 * These are SECURITY DEFINER functions of the schema owner that open the owner's `cross_tenant`
 * policy themselves and restore the previous setting (they run inside `finish_runs`, which needs
 * it to stay open), like the runs migration's functions.
 */
export class WebhookEndpoints1764730800000 implements MigrationInterface {
  name = 'WebhookEndpoints1764730800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        url text NOT NULL,
        description text,
        event_types text[] NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        secret_ciphertext bytea NOT NULL,
        secret_iv bytea NOT NULL,
        secret_auth_tag bytea NOT NULL,
        secret_key_id text NOT NULL,
        previous_secret_ciphertext bytea,
        previous_secret_iv bytea,
        previous_secret_auth_tag bytea,
        previous_secret_key_id text,
        previous_secret_expires_at timestamptz,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_webhook_endpoints_event_types"
          CHECK (cardinality(event_types) >= 1 AND event_types <@ ARRAY[${EVENT_TYPES}]::text[]),
        CONSTRAINT "FK_webhook_endpoints_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
      )`);
    // The admin list pages on (created_at, id); the run trigger's lookup probes the tenant prefix.
    await q.query(
      `CREATE INDEX "IDX_webhook_endpoints_tenant_created" ON webhook_endpoints (tenant_id, created_at, id)`,
    );

    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        endpoint_id uuid NOT NULL,
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        leased_until timestamptz,
        last_status_code integer,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_webhook_deliveries_status" CHECK (status IN ('pending', 'delivered', 'failed')),
        CONSTRAINT "FK_webhook_deliveries_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
        CONSTRAINT "FK_webhook_deliveries_endpoint" FOREIGN KEY (endpoint_id)
          REFERENCES webhook_endpoints(id) ON DELETE CASCADE
      )`);
    // The poller's scan: only pending deliveries are in it, so it stays small.
    await q.query(`CREATE INDEX "IDX_webhook_deliveries_due" ON webhook_deliveries (next_attempt_at)
      WHERE status = 'pending'`);
    // The delivery log of one endpoint, newest first; also serves the cascade from a deleted endpoint.
    await q.query(
      `CREATE INDEX "IDX_webhook_deliveries_endpoint_created" ON webhook_deliveries (endpoint_id, created_at, id)`,
    );
    await q.query(`CREATE INDEX "IDX_webhook_deliveries_tenant" ON webhook_deliveries (tenant_id)`);

    await q.query(`
      CREATE TABLE webhook_delivery_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        delivery_id uuid NOT NULL,
        attempt integer NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        status_code integer,
        error text,
        response_excerpt text,
        CONSTRAINT "UQ_webhook_delivery_attempts_attempt" UNIQUE (delivery_id, attempt),
        CONSTRAINT "FK_webhook_delivery_attempts_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
        CONSTRAINT "FK_webhook_delivery_attempts_delivery" FOREIGN KEY (delivery_id)
          REFERENCES webhook_deliveries(id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "IDX_webhook_delivery_attempts_tenant" ON webhook_delivery_attempts (tenant_id)`,
    );

    for (const table of ['webhook_endpoints', 'webhook_deliveries', 'webhook_delivery_attempts']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table}
        USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())`);
      await q.query(`
        DO $$ BEGIN
          EXECUTE format('CREATE POLICY cross_tenant ON ${table} TO %I
            USING (current_setting(''app.cross_tenant'', true) = ''on'')
            WITH CHECK (current_setting(''app.cross_tenant'', true) = ''on'')', current_user);
        END $$`);
    }

    await this.createFunctions(q);
  }

  private async createFunctions(q: QueryRunner): Promise<void> {
    const definer = `LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp`;
    const open = `prev := current_setting('app.cross_tenant', true);
        PERFORM set_config('app.cross_tenant', 'on', true);`;
    const restore = `PERFORM set_config('app.cross_tenant', COALESCE(prev, ''), true);`;

    // One pending delivery per enabled endpoint of the tenant subscribed to the type. Inside a
    // tenant transaction it refuses another tenant, so a confused caller cannot file events there.
    await q.query(`
      CREATE FUNCTION enqueue_tenant_event(tenant uuid, event_type text, data jsonb)
      RETURNS integer
      ${definer} AS $$ DECLARE prev text; n integer; BEGIN
        IF app_current_tenant() IS NOT NULL AND app_current_tenant() <> tenant THEN
          RAISE EXCEPTION 'enqueue_tenant_event: tenant % is not the current tenant', tenant;
        END IF;
        ${open}
        INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_type, payload, next_attempt_at)
        SELECT tenant, e.id, event_type,
               jsonb_build_object(
                 'type', event_type,
                 'timestamp', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 'data', COALESCE(data, '{}'::jsonb)),
               now()
          FROM webhook_endpoints e
         WHERE e.tenant_id = tenant AND e.enabled AND e.event_types && ARRAY['*', event_type];
        GET DIAGNOSTICS n = ROW_COUNT;
        ${restore}
        RETURN n;
      END $$`);

    // Runs report status changes to webhooks. The existence probe comes first so that a tenant
    // without endpoints pays one index lookup and no payload building. It inserts itself rather
    // than calling enqueue_tenant_event, whose tenant check must never be able to fail the run
    // update that fired it (NEW.tenant_id is the run's own tenant).
    await q.query(`
      CREATE FUNCTION webhook_run_status_changed()
      RETURNS trigger
      ${definer} AS $$ DECLARE prev text; event text; data jsonb; BEGIN
        ${open}
        IF EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.tenant_id = NEW.tenant_id AND e.enabled) THEN
          event := 'run.' || NEW.status;
          data := jsonb_strip_nulls(jsonb_build_object(
            'runId', NEW.id,
            'flowId', NEW.flow_id,
            'versionNumber', NEW.version_number,
            'status', NEW.status,
            'trigger', NEW."trigger",
            'error', NEW.error,
            'createdAt', NEW.created_at,
            'finishedAt', NEW.finished_at,
            'output', CASE
              WHEN NEW.status <> 'succeeded' OR NEW.output IS NULL THEN NULL
              WHEN octet_length(NEW.output::text) <= ${OUTPUT_CAP_BYTES} THEN NEW.output
              ELSE jsonb_build_object('$truncated', true, 'bytes', octet_length(NEW.output::text))
            END));
          INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_type, payload, next_attempt_at)
          SELECT NEW.tenant_id, e.id, event,
                 jsonb_build_object(
                   'type', event,
                   'timestamp', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                   'data', data),
                 now()
            FROM webhook_endpoints e
           WHERE e.tenant_id = NEW.tenant_id AND e.enabled AND e.event_types && ARRAY['*', event];
        END IF;
        ${restore}
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER webhook_run_status_changed AFTER UPDATE OF status ON runs
      FOR EACH ROW
      WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status IN (${RUN_EVENT_STATUSES}) AND NOT NEW.is_test)
      EXECUTE FUNCTION webhook_run_status_changed()`);

    // The worker's poll (see the class comment). Deliveries of disabled endpoints are not taken.
    await q.query(`
      CREATE FUNCTION claim_webhook_deliveries(batch integer, lease interval)
      RETURNS TABLE (
        delivery_id uuid, tenant_id uuid, endpoint_id uuid, attempt integer, event_type text, payload jsonb,
        url text, secret_ciphertext bytea, secret_iv bytea, secret_auth_tag bytea, secret_key_id text,
        previous_secret_ciphertext bytea, previous_secret_iv bytea, previous_secret_auth_tag bytea,
        previous_secret_key_id text, previous_secret_expires_at timestamptz)
      ${definer} AS $$
      #variable_conflict use_column
      DECLARE prev text; BEGIN
        ${open}
        RETURN QUERY WITH due AS (
          SELECT d.id FROM webhook_deliveries d
            JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
           WHERE d.status = 'pending' AND d.next_attempt_at <= now()
           ORDER BY d.next_attempt_at
           LIMIT least(batch, 1000)
           FOR UPDATE OF d SKIP LOCKED
        ), claimed AS (
          UPDATE webhook_deliveries d
             SET attempts = d.attempts + 1, next_attempt_at = now() + lease, leased_until = now() + lease,
                 updated_at = now()
            FROM due WHERE d.id = due.id
          RETURNING d.id, d.tenant_id, d.endpoint_id, d.attempts, d.event_type, d.payload
        )
        SELECT c.id, c.tenant_id, c.endpoint_id, c.attempts, c.event_type, c.payload, e.url,
               e.secret_ciphertext, e.secret_iv, e.secret_auth_tag, e.secret_key_id,
               e.previous_secret_ciphertext, e.previous_secret_iv, e.previous_secret_auth_tag,
               e.previous_secret_key_id, e.previous_secret_expires_at
          FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id;
        ${restore}
      END $$`);

    // Retention: settled deliveries (and their attempts, by cascade) older than their tenant's
    // run retention (settings.retentionDays, 1–3650, default 30), up to `batch` per call, walking
    // each endpoint's (endpoint_id, created_at) index; pending ones are kept however old.
    await q.query(`
      CREATE FUNCTION prune_webhook_deliveries(batch integer)
      RETURNS integer
      ${definer} AS $$ DECLARE prev text; pruned integer; BEGIN
        ${open}
        WITH doomed AS (
          SELECT d.id
            FROM webhook_endpoints e
            JOIN tenants t ON t.id = e.tenant_id
            CROSS JOIN LATERAL (
              SELECT x.id FROM webhook_deliveries x
               WHERE x.endpoint_id = e.id AND x.status <> 'pending'
                 AND x.created_at < now() - make_interval(days =>
                       CASE WHEN jsonb_typeof(t.settings -> 'retentionDays') = 'number'
                            THEN greatest(1, least(3650, (t.settings ->> 'retentionDays')::numeric))::int
                            ELSE 30 END)
               ORDER BY x.created_at
               LIMIT least(batch, 10000)
               FOR UPDATE SKIP LOCKED
            ) d
           LIMIT least(batch, 10000)
        )
        DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM doomed);
        GET DIAGNOSTICS pruned = ROW_COUNT;
        ${restore}
        RETURN pruned;
      END $$`);

    for (const signature of [
      'enqueue_tenant_event(uuid, text, jsonb)',
      'prune_webhook_deliveries(integer)',
      'claim_webhook_deliveries(integer, interval)',
      'webhook_run_status_changed()',
    ]) {
      await q.query(`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${signature} TO stepline_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER webhook_run_status_changed ON runs`);
    await q.query(`DROP FUNCTION webhook_run_status_changed()`);
    await q.query(`DROP FUNCTION prune_webhook_deliveries(integer)`);
    await q.query(`DROP FUNCTION claim_webhook_deliveries(integer, interval)`);
    await q.query(`DROP FUNCTION enqueue_tenant_event(uuid, text, jsonb)`);
    await q.query(`DROP TABLE webhook_delivery_attempts`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_endpoints`);
  }
}
