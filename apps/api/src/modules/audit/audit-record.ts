import type { ActorType, AuditLogEntity } from '@stepline/server';

/** One audit row as every transport and export format shows it. */
export interface AuditRecord {
  id: string;
  actor: { type: ActorType; id: string | null; label: string | null };
  action: string;
  target: { type: string; id: string } | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  createdAt: string;
}

export const toAuditRecord = (row: AuditLogEntity): AuditRecord => ({
  id: row.id,
  actor: { type: row.actorType, id: row.actorId, label: row.actorLabel },
  action: row.action,
  // A target is meaningful only with both halves; rows never store one without the other.
  target: row.targetType && row.targetId ? { type: row.targetType, id: row.targetId } : null,
  before: row.before,
  after: row.after,
  ip: row.ip,
  userAgent: row.userAgent,
  requestId: row.requestId,
  createdAt: row.createdAt.toISOString(),
});
