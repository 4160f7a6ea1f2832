import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approvals are waitpoints of kind `approval` (docs/adr/0006-durable-waits.md; the API's view is
 * `approvals.repository.ts`). This adds what approvals need on top of the foundation:
 *
 * - `approval.requested` outgoing-webhook events (product.md §6): an AFTER INSERT trigger on
 *   waitpoints calls `enqueue_tenant_event` for every new approval of a run that is not a test run,
 *   in the transaction that creates it — so the event exists exactly when the approval does,
 *   whichever process wrote it, and the executor carries no webhook code. A tenant without
 *   endpoints pays one index probe. SECURITY DEFINER like the webhook migration's functions: it
 *   reads the run (flow id, test flag) and opens the owner's `cross_tenant` policy only meanwhile.
 * - an index for the approvals list (every status, newest first): the foundation's
 *   `IDX_waitpoints_tenant_kind` only holds waiting rows.
 */
export class Approvals1764736200000 implements MigrationInterface {
  name = 'Approvals1764736200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_waitpoints_approvals" ON waitpoints (tenant_id, created_at, id)
      WHERE kind = 'approval'`);
    await q.query(`
      CREATE FUNCTION webhook_approval_requested()
      RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE prev text; found boolean; run record; BEGIN
        prev := current_setting('app.cross_tenant', true);
        PERFORM set_config('app.cross_tenant', 'on', true);
        found := EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.tenant_id = NEW.tenant_id AND e.enabled);
        IF found THEN
          SELECT r.flow_id, r.version_number, r.is_test INTO run FROM runs r WHERE r.id = NEW.run_id;
          -- Test runs of drafts report nothing, like their status changes.
          found := FOUND AND NOT run.is_test;
        END IF;
        PERFORM set_config('app.cross_tenant', COALESCE(prev, ''), true);
        -- The run record is unassigned when there is no endpoint: it is read only past this point.
        IF NOT found THEN RETURN NULL; END IF;
        PERFORM enqueue_tenant_event(NEW.tenant_id, 'approval.requested', jsonb_strip_nulls(jsonb_build_object(
          'approvalId', NEW.id,
          'runId', NEW.run_id,
          'flowId', run.flow_id,
          'versionNumber', run.version_number,
          'stepId', NEW.step_id,
          'title', NEW.details->'title',
          'message', NEW.details->'message',
          'options', NEW.details->'options',
          'approverRole', NEW.details->'approverRole',
          'assignees', NEW.details->'assignees',
          'requestedAt', NEW.created_at,
          'expiresAt', NEW.resume_at)));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER webhook_approval_requested AFTER INSERT ON waitpoints
      FOR EACH ROW WHEN (NEW.kind = 'approval')
      EXECUTE FUNCTION webhook_approval_requested()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER webhook_approval_requested ON waitpoints`);
    await q.query(`DROP FUNCTION webhook_approval_requested()`);
    await q.query(`DROP INDEX "IDX_waitpoints_approvals"`);
  }
}
