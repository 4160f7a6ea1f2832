import type { EntityManager } from 'typeorm';
import { redact } from '../../audit/redact.js';
import type { ActorType } from '../entities/audit-log.entity.js';

/** One row of the append-only audit log, as the API's services and the worker write it. */
export interface AuditEntry {
  tenantId: string | null;
  actor: { type: ActorType; id: string | null; label: string | null };
  action: string;
  target?: { type: string; id: string };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Where the request came from (none for the system's own changes). */
  meta?: { ip: string | null; userAgent: string | null; requestId: string | null };
}

/**
 * Writes an audit row in the transaction of the change it describes (they commit together or not
 * at all), with `before`/`after` redacted: the one way rows reach the audit log.
 */
export async function insertAuditEntry(m: EntityManager, entry: AuditEntry): Promise<void> {
  // Plain INSERT without RETURNING: RETURNING would need the row to pass the SELECT policy too,
  // which tenant-less rows (a failed login for an unknown email) deliberately never do.
  await m.query(
    `INSERT INTO audit_log (tenant_id, actor_type, actor_id, actor_label, action, target_type, target_id,
                            before, after, ip, user_agent, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      entry.tenantId,
      entry.actor.type,
      entry.actor.id,
      entry.actor.label,
      entry.action,
      entry.target?.type ?? null,
      entry.target?.id ?? null,
      entry.before ? JSON.stringify(redact(entry.before)) : null,
      entry.after ? JSON.stringify(redact(entry.after)) : null,
      entry.meta?.ip ?? null,
      entry.meta?.userAgent ?? null,
      entry.meta?.requestId ?? null,
    ],
  );
}
