import { AppError } from '@stepline/domain';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../prepared-query.js';
import type { KeysetKey, KeysetSlice } from './keyset.js';

/**
 * The SQL of flows (their versions: flow-versions.repository.ts), shared by the API's flow
 * services and the worker. Every function runs inside the caller's tenant transaction
 * (`inTenant`) and names the tenant or the flow explicitly too: RLS is the second wall, not the
 * only one.
 */

export interface FlowRecord {
  id: string;
  name: string;
  description: string | null;
  tags: string[];
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
  /** Revision of the saved draft; null when nothing is left unpublished. */
  draftRevision: number | null;
  publishedVersion: number | null;
  /** Highest version number (0 for none). */
  latestVersion: number;
}

const FLOW_SELECT = `
  SELECT f.id, f.name, f.description, f.tags, f.created_by AS "createdBy", f.created_at AS "createdAt",
         f.updated_at AS "updatedAt", f.archived_at AS "archivedAt",
         d.revision AS "draftRevision", p.number AS "publishedVersion",
         COALESCE((SELECT max(v.number) FROM flow_versions v WHERE v.flow_id = f.id), 0) AS "latestVersion"
    FROM flows f
    LEFT JOIN flow_versions d ON d.flow_id = f.id AND d.status = 'draft'
    LEFT JOIN flow_versions p ON p.flow_id = f.id AND p.status = 'published'`;

/**
 * Flow lists sort on `updated_at` truncated to milliseconds: the cursor carries a JavaScript
 * date, which has no microseconds, so comparing untruncated times would skip or repeat rows.
 */
const FLOW_CURSOR_TIME = `date_trunc('milliseconds', f.updated_at)`;

/** `%`, `_` and `\` in a search are literal characters, not LIKE wildcards. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

// ---------------------------------------------------------------------------------------------
// flows

export async function findFlow(m: EntityManager, tenantId: string, flowId: string): Promise<FlowRecord> {
  const rows = await preparedQuery<FlowRecord>(
    m,
    'find_flow',
    `${FLOW_SELECT} WHERE f.tenant_id = $1 AND f.id = $2`,
    [tenantId, flowId],
  );
  if (!rows[0]) throw AppError.notFound('Flow');
  return rows[0];
}

export interface FlowListQuery {
  archived: boolean;
  /** Case-insensitive substring of the name (taken literally). */
  q?: string | null;
  tag?: string | null;
  after?: KeysetKey | null;
  limit: number;
}

/** Most recently changed first; `nextKey` is the sort key of the last row when more follow. */
export async function listFlows(
  m: EntityManager,
  tenantId: string,
  query: FlowListQuery,
): Promise<KeysetSlice<FlowRecord>> {
  const rows: FlowRecord[] = await m.query(
    `${FLOW_SELECT}
      WHERE f.tenant_id = $1
        AND (f.archived_at IS NOT NULL) = $2
        AND ($3::text IS NULL OR f.name ILIKE '%' || $3 || '%')
        AND ($4::text IS NULL OR f.tags @> ARRAY[$4::text])
        AND ($5::timestamptz IS NULL OR (${FLOW_CURSOR_TIME}, f.id) < ($5::timestamptz, $6::uuid))
      ORDER BY ${FLOW_CURSOR_TIME} DESC, f.id DESC LIMIT $7`,
    [
      tenantId,
      query.archived,
      query.q ? escapeLike(query.q) : null,
      query.tag ?? null,
      query.after?.t ?? null,
      query.after?.id ?? null,
      query.limit + 1,
    ],
  );
  const data = rows.slice(0, query.limit);
  const last = data[data.length - 1];
  return {
    rows: data,
    nextKey: rows.length > query.limit && last ? { t: last.updatedAt.toISOString(), id: last.id } : null,
  };
}

export interface NewFlow {
  tenantId: string;
  name: string;
  description: string | null;
  tags: string[];
  createdBy: string | null;
}

export async function insertFlow(m: EntityManager, flow: NewFlow): Promise<string> {
  const rows: Array<{ id: string }> = await m.query(
    `INSERT INTO flows (tenant_id, name, description, tags, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [flow.tenantId, flow.name, flow.description, flow.tags, flow.createdBy],
  );
  return rows[0].id;
}

export async function updateFlowFields(
  m: EntityManager,
  flowId: string,
  fields: { name: string; description: string | null; tags: string[] },
): Promise<void> {
  await m.query(`UPDATE flows SET name = $2, description = $3, tags = $4, updated_at = now() WHERE id = $1`, [
    flowId,
    fields.name,
    fields.description,
    fields.tags,
  ]);
}

export async function setFlowArchived(m: EntityManager, flowId: string, archived: boolean): Promise<void> {
  await m.query(
    `UPDATE flows SET archived_at = CASE WHEN $2 THEN now() END, updated_at = now() WHERE id = $1`,
    [flowId, archived],
  );
}

export interface LockedFlow {
  id: string;
  name: string;
  archived: boolean;
}

/**
 * Locks the flow row for the rest of the transaction. Every write to a flow or its versions takes
 * this lock first, so draft saves, publishes and rollbacks of one flow happen one at a time and
 * each sees what the one before it committed.
 */
export async function lockFlow(m: EntityManager, tenantId: string, flowId: string): Promise<LockedFlow> {
  const rows: LockedFlow[] = await m.query(
    `SELECT id, name, archived_at IS NOT NULL AS archived FROM flows WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
    [tenantId, flowId],
  );
  if (!rows[0]) throw AppError.notFound('Flow');
  return rows[0];
}

/** Like lockFlow, for changes an archived (read-only) flow refuses. */
export async function lockEditableFlow(
  m: EntityManager,
  tenantId: string,
  flowId: string,
): Promise<LockedFlow> {
  const flow = await lockFlow(m, tenantId, flowId);
  if (flow.archived) throw new AppError('flow.archived', 'The flow is archived; unarchive it to change it');
  return flow;
}

/** Fails with 404 unless the flow exists in the tenant (for reads of its versions). */
export async function assertFlowExists(m: EntityManager, tenantId: string, flowId: string): Promise<void> {
  const rows: unknown[] = await m.query(`SELECT 1 FROM flows WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    flowId,
  ]);
  if (!rows[0]) throw AppError.notFound('Flow');
}

/** Lists sort on `updated_at`: any change to a flow's versions counts as a change of the flow. */
export async function touchFlow(m: EntityManager, flowId: string): Promise<void> {
  await m.query(`UPDATE flows SET updated_at = now() WHERE id = $1`, [flowId]);
}
