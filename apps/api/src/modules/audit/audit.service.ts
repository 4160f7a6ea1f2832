import { Inject, Injectable } from '@nestjs/common';
import { AppError, type FieldProblem } from '@stepline/domain';
import {
  AuditLogEntity,
  DATA_SOURCE,
  inTenant,
  insertAuditEntry,
  type AuditEntry as StoredAuditEntry,
} from '@stepline/server';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { decodeCursor, encodeCursor, MAX_PAGE_SIZE, type Page } from '../../common/http/pagination.js';
import { exportFile, type AuditExportFile, type ExportFormat } from './audit-export.js';

/** An audit row as services describe it (`meta`: where the request came from). */
export type AuditEntry = StoredAuditEntry & { meta?: RequestMeta };

export interface AuditFilter {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

/**
 * The cursor carries created_at at full (microsecond) precision, read as text from Postgres: a JS
 * Date would cut it to milliseconds. Comparing the raw column lets the (tenant_id, created_at, id)
 * index serve both the order and the seek, so a deep page or a long export never sorts the log.
 */
const CURSOR_TIME = `to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/** Rows per query while exporting: one short transaction each, bounded memory however long the log. */
const EXPORT_BATCH = 500;

/** `_` and `%` in an action prefix are literal characters, not LIKE wildcards. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const CURSOR_T = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor is client input: a forged one must be a 422, never a database cast error. */
function auditCursorOf(cursor: string) {
  const c = decodeCursor(cursor);
  if (CURSOR_T.test(c.t) && UUID.test(c.id)) return { t: c.t, id: c.id };
  throw AppError.validation([{ path: '/cursor', code: 'field.invalid', message: 'cursor is not valid' }]);
}

/** Transports validate their input too; this keeps every caller of the service honest. */
function filterProblems(f: AuditFilter): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const key of ['from', 'to'] as const) {
    const value = f[key];
    if (value && Number.isNaN(value.getTime())) {
      problems.push({
        path: `/${key}`,
        code: 'field.isIso8601',
        message: `${key} must be an ISO 8601 date-time`,
      });
    }
  }
  if (f.from && f.to && !(f.from < f.to)) {
    problems.push({ path: '/to', code: 'field.range', message: 'to must be later than from' });
  }
  return problems;
}

/**
 * The append-only audit log. `record` takes the transaction of the change it describes, so the
 * change and its audit row commit together or not at all.
 */
@Injectable()
export class AuditService {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    return insertAuditEntry(manager, entry);
  }

  /** One page, newest first; `cursor` is the `nextCursor` of the page before. */
  async list(
    tenantId: string,
    filter: AuditFilter,
    limit: number,
    cursor?: string,
  ): Promise<Page<AuditLogEntity>> {
    const problems = filterProblems(filter);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      problems.push({ path: '/limit', code: 'field.range', message: `limit must be 1–${MAX_PAGE_SIZE}` });
    }
    if (problems.length) throw AppError.validation(problems);
    return this.page(tenantId, filter, limit, cursor);
  }

  /** Streams every matching row, newest first, in batches (bounded memory however long the log). */
  async *export(tenantId: string, filter: AuditFilter): AsyncGenerator<AuditLogEntity> {
    yield* await this.exportRows(tenantId, filter);
  }

  /**
   * Every matching row as an NDJSON or CSV file. The first batch is read before this resolves, so a
   * bad filter or an unreachable database is still answered as a problem, not as a cut-off 200.
   */
  async exportFile(tenantId: string, filter: AuditFilter, format: ExportFormat): Promise<AuditExportFile> {
    return exportFile(await this.exportRows(tenantId, filter), format);
  }

  private async exportRows(tenantId: string, filter: AuditFilter): Promise<AsyncGenerator<AuditLogEntity>> {
    const problems = filterProblems(filter);
    if (problems.length) throw AppError.validation(problems);
    return this.rowsFrom(tenantId, filter, await this.page(tenantId, filter, EXPORT_BATCH));
  }

  private async *rowsFrom(tenantId: string, filter: AuditFilter, first: Page<AuditLogEntity>) {
    for (let page = first; ; page = await this.page(tenantId, filter, EXPORT_BATCH, page.nextCursor)) {
      yield* page.data;
      if (!page.nextCursor) return;
    }
  }

  private page(
    tenantId: string,
    filter: AuditFilter,
    limit: number,
    cursor?: string | null,
  ): Promise<Page<AuditLogEntity>> {
    const after = cursor ? auditCursorOf(cursor) : null;
    return inTenant(this.db, tenantId, async (m) => {
      const qb = this.filtered(m, tenantId, filter)
        .addSelect(CURSOR_TIME, 'cursor_time')
        .limit(limit + 1);
      if (after) qb.andWhere('(a.created_at, a.id) < (CAST(:t AS timestamptz), CAST(:id AS uuid))', after);
      const { entities, raw } = await qb.getRawAndEntities<{ cursor_time: string }>();
      const more = entities.length > limit;
      const last = entities[limit - 1];
      return {
        data: entities.slice(0, limit),
        nextCursor: more && last ? encodeCursor({ t: raw[limit - 1].cursor_time, id: last.id }) : null,
      };
    });
  }

  private filtered(m: EntityManager, tenantId: string, f: AuditFilter) {
    const qb = m
      .createQueryBuilder(AuditLogEntity, 'a')
      .where('a.tenant_id = :tenantId', { tenantId })
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC');
    if (f.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: f.actorId });
    if (f.action) {
      // `flow.*` filters a family of actions.
      if (f.action.endsWith('.*'))
        qb.andWhere('a.action LIKE :prefix', { prefix: `${escapeLike(f.action.slice(0, -1))}%` });
      else qb.andWhere('a.action = :action', { action: f.action });
    }
    if (f.targetType) qb.andWhere('a.target_type = :targetType', { targetType: f.targetType });
    if (f.targetId) qb.andWhere('a.target_id = :targetId', { targetId: f.targetId });
    if (f.from) qb.andWhere('a.created_at >= :from', { from: f.from });
    if (f.to) qb.andWhere('a.created_at < :to', { to: f.to });
    return qb;
  }
}
