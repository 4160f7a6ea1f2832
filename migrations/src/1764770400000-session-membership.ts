import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-request session check of the API in one statement (issue 8, latency of `wait`).
 *
 * Every request with an access token reads the caller's membership and whether its session was
 * revoked, so a removed member or a logged-out session loses access at once. That read ran in a
 * tenant transaction: BEGIN with the scope, the SELECT, COMMIT. `session_membership` takes the
 * tenant scope and reads in one statement (one round trip, no explicit transaction). It is
 * SECURITY INVOKER: the caller's row-level security applies exactly as before, scoped to the
 * token's tenant for the statement only (`set_config(…, true)` ends with the statement's
 * transaction).
 */
export class SessionMembership1764770400000 implements MigrationInterface {
  name = 'SessionMembership1764770400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION session_membership(p_tenant uuid, p_user uuid, p_family uuid)
      RETURNS TABLE (role text, email text, revoked boolean)
      LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
      #variable_conflict use_column
      BEGIN
        PERFORM set_config('app.tenant_id', p_tenant::text, true);
        PERFORM set_config('app.user_id', '', true);
        PERFORM set_config('app.token_hash', '', true);
        RETURN QUERY
          SELECT m.role, u.email,
                 EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = p_family AND r.revoked_at IS NOT NULL)
            FROM memberships m JOIN users u ON u.id = m.user_id
           WHERE m.tenant_id = p_tenant AND m.user_id = p_user;
        PERFORM set_config('app.tenant_id', '', true);
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION session_membership(uuid, uuid, uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION session_membership(uuid, uuid, uuid) TO stepline_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION session_membership(uuid, uuid, uuid)`);
  }
}
