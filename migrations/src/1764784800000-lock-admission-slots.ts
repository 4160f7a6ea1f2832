import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tenant's admission lock and its slot count in one round trip (issue 8: a run's start;
 * docs/adr/0007-fair-admission.md). They were two statements because a statement's snapshot is
 * taken before it waits for the lock: a count in the same statement could miss the runs the
 * lock's previous holder committed meanwhile. In a VOLATILE PL/pgSQL function each query takes a
 * fresh snapshot, so `lock_admission_slots` counts after the lock is granted, as before.
 *
 * `admission_slots` is the count itself (also read after a *tried* lock, `readmitParkedRun`).
 * Both are SECURITY INVOKER: the caller's row-level security applies. PL/pgSQL, not SQL: its
 * plans are kept per connection (an SQL function's are made again on every call). The pending check reads
 * the newest pending run first (see 1764781200000-pending-newest-first).
 */
export class LockAdmissionSlots1764784800000 implements MigrationInterface {
  name = 'LockAdmissionSlots1764784800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION admission_slots(p_tenant text)
      RETURNS TABLE (held integer, pending boolean, settings jsonb)
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp AS $$
      BEGIN
        RETURN QUERY
          SELECT (SELECT count(*)::int FROM runs WHERE tenant_id = p_tenant::uuid AND admission = 'held'),
                 (SELECT true FROM runs WHERE tenant_id = p_tenant::uuid AND admission = 'pending'
                   ORDER BY created_at DESC, id DESC LIMIT 1) IS NOT NULL,
                 (SELECT t.settings FROM tenants t WHERE t.id = p_tenant::uuid);
      END $$`);
    await q.query(`
      CREATE FUNCTION lock_admission_slots(p_tenant text)
      RETURNS TABLE (held integer, pending boolean, settings jsonb)
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('run_admission:' || p_tenant, 0));
        -- A fresh snapshot, taken once the lock is granted.
        RETURN QUERY SELECT s.held, s.pending, s.settings FROM admission_slots(p_tenant) s;
      END $$`);
    for (const signature of ['admission_slots(text)', 'lock_admission_slots(text)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${signature} TO stepline_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION lock_admission_slots(text)`);
    await q.query(`DROP FUNCTION admission_slots(text)`);
  }
}
