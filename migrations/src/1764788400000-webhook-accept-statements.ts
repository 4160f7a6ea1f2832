import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The webhook accept batcher's per-tenant work as single statements, each its own transaction: on
 * these machines every round trip to Postgres costs both processes a wake-up, and a batch of one
 * request (light load) paid eight of them. Now: the triggers (`webhook_triggers_by_token_hashes`),
 * then per tenant the runnable versions (`webhook_run_targets`; the dedup keys seen, when any, by
 * `webhook_dedups_seen`) and one `accept_webhook_runs`: the admission lock, the runs, the dedup keys
 * and their pruning in one statement.
 *
 * SECURITY INVOKER functions that enter the tenant's RLS scope themselves (`set_config(…, true)`, as
 * a transaction of `inScope` does): the app role passes the tenant of the trigger it looked up by
 * the token hash the caller presented, exactly as before, and gains no access. Called as their own
 * statements (an implicit transaction), the scope ends with the statement.
 */
export class WebhookAcceptStatements1764788400000 implements MigrationInterface {
  name = 'WebhookAcceptStatements1764788400000';

  async up(q: QueryRunner): Promise<void> {
    const scope = `PERFORM set_config('app.tenant_id', p_tenant::text, true), set_config('app.user_id', '', true),
                set_config('app.token_hash', '', true);`;
    await q.query(`
      CREATE FUNCTION webhook_run_targets(p_tenant uuid, p_flow_ids uuid[], p_refs integer[])
      RETURNS TABLE (
        flow_id uuid, ref integer, archived boolean, version_id uuid, number integer, status text,
        input_schema jsonb, respond_steps jsonb
      )
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp AS $$
      #variable_conflict use_column
      BEGIN
        ${scope}
        RETURN QUERY
          SELECT t.flow_id, t.ref, f.archived_at IS NOT NULL, v.id, v.number, v.status,
                 v.definition -> 'inputSchema',
                 jsonb_path_query_array(v.definition, 'lax $.** ? (@.type == "respond").id')
            FROM unnest(p_flow_ids, p_refs) AS t (flow_id, ref)
            JOIN flows f ON f.id = t.flow_id
            LEFT JOIN LATERAL (
              SELECT fv.id, fv.number, fv.status, fv.definition FROM flow_versions fv
               WHERE fv.flow_id = t.flow_id
                 AND CASE WHEN t.ref IS NULL THEN fv.status = 'published' ELSE fv.number = t.ref END
               ORDER BY (fv.status = 'draft') DESC LIMIT 1
            ) v ON true;
      END $$`);
    await q.query(`
      CREATE FUNCTION webhook_dedups_seen(p_tenant uuid, p_triggers uuid[], p_keys text[])
      RETURNS TABLE (trigger_id uuid, dedup_key text, run_id uuid, response jsonb)
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp AS $$
      #variable_conflict use_column
      BEGIN
        ${scope}
        RETURN QUERY
          SELECT d.trigger_id, d.dedup_key, d.run_id, d.response
            FROM unnest(p_triggers, p_keys) AS p (trigger_id, dedup_key)
            JOIN webhook_deliveries_dedup d ON d.trigger_id = p.trigger_id AND d.dedup_key = p.dedup_key
           WHERE d.created_at > now() - interval '24 hours';
      END $$`);
    // Admission as the insertion path decides it: under the tenant's lock, in arrival order, a run
    // holds a slot while one is free and none of the tenant's runs waits; the rest wait (pending).
    // Fewer dedup keys written than given: another delivery committed one first — the statement
    // fails whole (nothing inserted) and the batcher sends those requests down the single path.
    await q.query(`
      CREATE FUNCTION accept_webhook_runs(
        p_tenant uuid, p_max_concurrent integer, p_unflushed boolean,
        p_ids uuid[], p_flow_ids uuid[], p_version_ids uuid[], p_version_numbers integer[], p_inputs text[],
        p_dedup_triggers uuid[], p_dedup_keys text[], p_dedup_runs uuid[], p_dedup_responses text[]
      )
      RETURNS TABLE (id uuid, admission text)
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp AS $$
      #variable_conflict use_column
      DECLARE
        slots record;
        written integer;
      BEGIN
        ${scope}
        IF p_unflushed THEN
          PERFORM set_config('synchronous_commit', 'off', true);
        END IF;
        SELECT s.held, s.pending INTO slots FROM lock_admission_slots(p_tenant::text) s;
        RETURN QUERY
          INSERT INTO runs (id, tenant_id, flow_id, version_id, version_number, is_test, status, "trigger",
                            input, admission)
          SELECT r.id, p_tenant, r.flow_id, r.version_id, r.version_number, false, 'queued', 'webhook',
                 r.input::jsonb,
                 CASE WHEN NOT slots.pending AND r.k <= p_max_concurrent - slots.held THEN 'held'
                      ELSE 'pending' END
            FROM unnest(p_ids, p_flow_ids, p_version_ids, p_version_numbers, p_inputs)
                 WITH ORDINALITY AS r (id, flow_id, version_id, version_number, input, k)
          RETURNING runs.id, runs.admission;
        IF cardinality(p_dedup_keys) > 0 THEN
          INSERT INTO webhook_deliveries_dedup (tenant_id, trigger_id, dedup_key, run_id, response)
          SELECT p_tenant, e.trigger_id, e.dedup_key, e.run_id, e.response::jsonb
            FROM unnest(p_dedup_triggers, p_dedup_keys, p_dedup_runs, p_dedup_responses)
                 AS e (trigger_id, dedup_key, run_id, response)
          ON CONFLICT ON CONSTRAINT "UQ_webhook_dedup_trigger_key" DO UPDATE
            SET run_id = EXCLUDED.run_id, response = EXCLUDED.response, created_at = now()
            WHERE webhook_deliveries_dedup.created_at <= now() - interval '24 hours';
          GET DIAGNOSTICS written = ROW_COUNT;
          IF written < cardinality(p_dedup_keys) THEN
            RAISE EXCEPTION 'webhook dedup key committed by another delivery' USING ERRCODE = '23505';
          END IF;
          DELETE FROM webhook_deliveries_dedup d
           WHERE d.trigger_id = ANY (p_dedup_triggers) AND d.created_at <= now() - interval '24 hours';
        END IF;
      END $$`);
    for (const signature of SIGNATURES) {
      await q.query(`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${signature} TO stepline_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const signature of SIGNATURES) await q.query(`DROP FUNCTION ${signature}`);
  }
}

const SIGNATURES = [
  'webhook_run_targets(uuid, uuid[], integer[])',
  'webhook_dedups_seen(uuid, uuid[], text[])',
  'accept_webhook_runs(uuid, integer, boolean, uuid[], uuid[], uuid[], integer[], text[], uuid[], text[], uuid[], text[])',
];
