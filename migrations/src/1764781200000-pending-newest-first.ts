import type { MigrationInterface, QueryRunner } from 'typeorm';

/** "Does the tenant have runs waiting for a slot?" as the release trigger asks it (up) or asked it (down). */
const releaseAdmission = (pending: string) => `
  CREATE OR REPLACE FUNCTION runs_release_admission() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF OLD.admission = 'held' AND ${pending} THEN
      PERFORM pg_notify('run_admission', OLD.tenant_id::text);
    END IF;
    -- A counted run that parks keeps being counted: its resume takes a slot again.
    NEW.admission := CASE WHEN NEW.status = 'waiting' THEN 'parked' END;
    RETURN NEW;
  END $$`;

/**
 * The check every finishing run makes — does its tenant have runs pending admission? — reads the
 * newest pending run first (issue 11, docs/benchmarks.md "Webhooks and engine, sixth pass").
 *
 * Runs are admitted oldest first, and an admitted run's entry stays in the partial index of pending
 * runs until vacuum: under a backlog, the oldest end of `IDX_runs_admission_pending` is a long run of
 * dead entries and the newest end is live. `EXISTS` scanned from the oldest end, through all of them
 * (0.044–0.067 ms per finished run in bench/webhooks). A scalar subquery keeps its `ORDER BY …
 * DESC LIMIT 1` (Postgres drops both from an `EXISTS`), so the scan starts at the newest entry.
 */
export class PendingNewestFirst1764781200000 implements MigrationInterface {
  name = 'PendingNewestFirst1764781200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      releaseAdmission(`(
        SELECT true FROM runs p WHERE p.tenant_id = OLD.tenant_id AND p.admission = 'pending'
         ORDER BY p.created_at DESC, p.id DESC LIMIT 1) IS NOT NULL`),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      releaseAdmission(`EXISTS (
        SELECT 1 FROM runs p WHERE p.tenant_id = OLD.tenant_id AND p.admission = 'pending')`),
    );
  }
}
