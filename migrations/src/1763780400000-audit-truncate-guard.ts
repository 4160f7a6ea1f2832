import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row triggers do not fire on TRUNCATE, so the schema owner could still empty the audit log in one
 * statement. A statement-level trigger closes that (the application role has no TRUNCATE grant).
 */
export class AuditTruncateGuard1763780400000 implements MigrationInterface {
  name = 'AuditTruncateGuard1763780400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_log_no_truncate ON audit_log`);
  }
}
