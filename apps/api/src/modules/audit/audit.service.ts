import { Inject, Injectable } from '@nestjs/common';
import { actorOf, type Principal } from '@stepline/domain';
import { AuditLogEntity, DATA_SOURCE, inTenant, type ActorType } from '@stepline/server';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { decodeCursor, encodeCursor, type Page } from '../../common/http/pagination.js';
import { redact } from './redact.js';

export interface AuditEntry {
  tenantId: string | null;
  actor: { type: ActorType; id: string | null; label: string | null };
  action: string;
  target?: { type: string; id: string };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  meta?: RequestMeta;
}

export interface AuditFilter {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

/** JS dates carry milliseconds; ordering on the same precision keeps cursors exact. */
const CURSOR_TIME = "date_trunc('milliseconds', a.created_at)";

export const actorFrom = (principal: Principal): AuditEntry['actor'] => actorOf(principal);

/**
 * The append-only audit log. `record` takes the transaction of the change it describes, so the
 * change and its audit row commit together or not at all.
 */
@Injectable()
export class AuditService {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    // Plain INSERT without RETURNING: RETURNING would need the row to pass the SELECT policy too,
    // which tenant-less rows (a failed login for an unknown email) deliberately never do.
    await manager.query(
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

  list(tenantId: string, filter: AuditFilter, limit: number, cursor?: string): Promise<Page<AuditLogEntity>> {
    return inTenant(this.db, tenantId, async (m) => {
      const qb = this.filtered(m, tenantId, filter).take(limit + 1);
      const after = cursor ? decodeCursor(cursor) : null;
      if (after) qb.andWhere(`(${CURSOR_TIME}, a.id) < (:t, :id)`, { t: after.t, id: after.id });
      const rows = await qb.getMany();
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        data: page,
        nextCursor: rows.length > limit && last ? encodeCursor({ t: last.createdAt.toISOString(), id: last.id }) : null,
      };
    });
  }

  /** Streams every matching row, newest first, in batches (bounded memory however long the log). */
  async *export(tenantId: string, filter: AuditFilter): AsyncGenerator<AuditLogEntity> {
    let cursor: string | undefined;
    do {
      const page = await this.list(tenantId, filter, 500, cursor);
      yield* page.data;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  private filtered(m: EntityManager, tenantId: string, f: AuditFilter) {
    const qb = m
      .createQueryBuilder(AuditLogEntity, 'a')
      .where('a.tenant_id = :tenantId', { tenantId })
      .orderBy(CURSOR_TIME, 'DESC')
      .addOrderBy('a.id', 'DESC');
    if (f.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: f.actorId });
    if (f.action) {
      // `flow.*` filters a family of actions.
      if (f.action.endsWith('.*')) qb.andWhere('a.action LIKE :prefix', { prefix: `${f.action.slice(0, -1)}%` });
      else qb.andWhere('a.action = :action', { action: f.action });
    }
    if (f.targetType) qb.andWhere('a.target_type = :targetType', { targetType: f.targetType });
    if (f.targetId) qb.andWhere('a.target_id = :targetId', { targetId: f.targetId });
    if (f.from) qb.andWhere('a.created_at >= :from', { from: f.from });
    if (f.to) qb.andWhere('a.created_at < :to', { to: f.to });
    return qb;
  }
}
