import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Schedule triggers (product.md §6): `next_fire_at` is the slot a schedule trigger fires next (null
 * when disabled or not a schedule), `last_fired_at` when it last started a run. The worker's
 * scheduler claims a due slot by a compare-and-set of `next_fire_at` in the trigger's tenant
 * transaction, so each slot starts one run however many workers poll.
 *
 * Finding the due triggers spans tenants: `due_schedule_triggers` is a SECURITY DEFINER function
 * like the runs migration's, opening a read-only `cross_tenant_read` policy of the owner role while
 * it runs. It answers ids and slots only; the claim, the run insert and the advance happen through
 * `tenant_isolation` in the trigger's own tenant.
 */
export class ScheduleTriggers1764727200000 implements MigrationInterface {
  name = 'ScheduleTriggers1764727200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE triggers ADD COLUMN next_fire_at timestamptz, ADD COLUMN last_fired_at timestamptz`,
    );
    await q.query(`CREATE INDEX "IDX_triggers_schedule_due" ON triggers (next_fire_at)
      WHERE kind = 'schedule' AND enabled AND next_fire_at IS NOT NULL`);
    await q.query(`
      DO $$ BEGIN
        EXECUTE format('CREATE POLICY cross_tenant_read ON triggers FOR SELECT TO %I
          USING (current_setting(''app.cross_tenant'', true) = ''on'')', current_user);
      END $$`);
    await q.query(`
      CREATE FUNCTION due_schedule_triggers(max_rows integer)
      RETURNS TABLE (tenant_id uuid, trigger_id uuid, next_fire_at timestamptz)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      #variable_conflict use_column
      BEGIN
        PERFORM set_config('app.cross_tenant', 'on', true);
        RETURN QUERY SELECT t.tenant_id, t.id, t.next_fire_at FROM triggers t
         WHERE t.kind = 'schedule' AND t.enabled AND t.next_fire_at IS NOT NULL AND t.next_fire_at <= now()
         ORDER BY t.next_fire_at
         LIMIT least(max_rows, 10000);
        PERFORM set_config('app.cross_tenant', '', true);
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION due_schedule_triggers(integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION due_schedule_triggers(integer) TO stepline_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION due_schedule_triggers(integer)`);
    await q.query(`DROP POLICY cross_tenant_read ON triggers`);
    await q.query(`DROP INDEX "IDX_triggers_schedule_due"`);
    await q.query(`ALTER TABLE triggers DROP COLUMN last_fired_at, DROP COLUMN next_fire_at`);
  }
}
