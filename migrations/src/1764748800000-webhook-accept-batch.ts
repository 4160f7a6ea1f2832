import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The webhook accept batcher (apps/api triggers module) looks up the triggers of the requests that
 * arrived within a millisecond or so in one statement, and they may belong to different tenants.
 * `webhook_triggers_by_token_hashes` is a SECURITY DEFINER function like `due_schedule_triggers`:
 * it opens the owner's read-only `cross_tenant_read` policy on `triggers` while it runs and answers
 * only the webhook triggers whose token hash the callers presented (the hashes are the secrets: a
 * caller learns nothing it could not learn with one `{ tokenHash }` lookup per request). The run
 * inserts that follow happen through `tenant_isolation`, in each trigger's own tenant.
 */
export class WebhookAcceptBatch1764748800000 implements MigrationInterface {
  name = 'WebhookAcceptBatch1764748800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION webhook_triggers_by_token_hashes(hashes text[])
      RETURNS TABLE (
        token_hash text, id uuid, tenant_id uuid, flow_id uuid, enabled boolean, version_number integer,
        config jsonb, token_prefix text, secret_ciphertext bytea, secret_iv bytea, secret_auth_tag bytea,
        secret_key_id text, created_by uuid, created_at timestamptz, updated_at timestamptz
      )
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      #variable_conflict use_column
      BEGIN
        PERFORM set_config('app.cross_tenant', 'on', true);
        RETURN QUERY SELECT t.token_hash, t.id, t.tenant_id, t.flow_id, t.enabled, t.version_number,
               t.config, t.token_prefix, t.secret_ciphertext, t.secret_iv, t.secret_auth_tag,
               t.secret_key_id, t.created_by, t.created_at, t.updated_at
          FROM triggers t
         WHERE t.token_hash = ANY (hashes[1:1000]) AND t.kind = 'webhook';
        PERFORM set_config('app.cross_tenant', '', true);
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION webhook_triggers_by_token_hashes(text[]) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION webhook_triggers_by_token_hashes(text[]) TO stepline_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION webhook_triggers_by_token_hashes(text[])`);
  }
}
