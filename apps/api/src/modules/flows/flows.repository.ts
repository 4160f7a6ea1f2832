import { AppError, emptyDefinition, type Principal } from '@stepline/domain';
import type { FlowVersionStatus } from '@stepline/server';
import type { EntityManager } from 'typeorm';
import type { FlowVersionDetailView, FlowVersionView, FlowView } from './flows.types.js';

/**
 * The SQL of flows and versions, shared by the three flow services. Every function runs inside
 * the caller's tenant transaction (`inTenant`), and names the tenant or the flow explicitly too:
 * RLS is the second wall, not the only one.
 */

export interface FlowRow {
  id: string;
  name: string;
  description: string | null;
  tags: string[];
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
  draft_revision: number | null;
  published_version: number | null;
  latest_version: number;
}

export interface VersionRow {
  id: string;
  number: number;
  status: FlowVersionStatus;
  change_note: string | null;
  revision: number;
  created_by: string | null;
  created_at: Date;
  published_at: Date | null;
  definition?: Record<string, unknown>;
}

export const FLOW_SELECT = `
  SELECT f.id, f.name, f.description, f.tags, f.created_by, f.created_at, f.updated_at, f.archived_at,
         d.revision AS draft_revision, p.number AS published_version,
         (SELECT max(v.number) FROM flow_versions v WHERE v.flow_id = f.id) AS latest_version
    FROM flows f
    LEFT JOIN flow_versions d ON d.flow_id = f.id AND d.status = 'draft'
    LEFT JOIN flow_versions p ON p.flow_id = f.id AND p.status = 'published'`;

export const VERSION_COLUMNS = `id, number, status, change_note, revision, created_by, created_at, published_at`;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toFlow = (r: FlowRow): FlowView => ({
  id: r.id,
  name: r.name,
  description: r.description,
  tags: r.tags,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  archivedAt: iso(r.archived_at),
  draftRevision: r.draft_revision,
  publishedVersion: r.published_version,
  latestVersion: r.latest_version ?? 0,
});

export const toVersion = (r: VersionRow): FlowVersionView => ({
  number: r.number,
  status: r.status,
  changeNote: r.change_note,
  revision: r.revision,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  publishedAt: iso(r.published_at),
});

export const toVersionDetail = (r: VersionRow): FlowVersionDetailView => ({
  ...toVersion(r),
  definition: r.definition ?? {},
});

/** The user behind a change; API keys are named in the audit log instead. */
export const userIdOf = (p: Principal): string | null => (p.kind === 'user' ? p.userId : null);

export async function findFlow(m: EntityManager, tenantId: string, flowId: string): Promise<FlowView> {
  const rows: FlowRow[] = await m.query(`${FLOW_SELECT} WHERE f.tenant_id = $1 AND f.id = $2`, [
    tenantId,
    flowId,
  ]);
  if (!rows[0]) throw AppError.notFound('Flow');
  return toFlow(rows[0]);
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
  const rows: Array<{ id: string; name: string; archived: boolean }> = await m.query(
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

export async function findVersionByStatus(
  m: EntityManager,
  flowId: string,
  status: 'draft' | 'published',
): Promise<Required<VersionRow> | undefined> {
  const rows: Required<VersionRow>[] = await m.query(
    `SELECT ${VERSION_COLUMNS}, definition FROM flow_versions WHERE flow_id = $1 AND status = $2`,
    [flowId, status],
  );
  return rows[0];
}

export async function findVersion(
  m: EntityManager,
  flowId: string,
  number: number,
): Promise<Required<VersionRow>> {
  const rows: Required<VersionRow>[] = await m.query(
    `SELECT ${VERSION_COLUMNS}, definition FROM flow_versions WHERE flow_id = $1 AND number = $2`,
    [flowId, number],
  );
  if (!rows[0]) throw AppError.notFound('Version');
  return rows[0];
}

/** The highest version number and revision of a flow. */
export async function versionHead(
  m: EntityManager,
  flowId: string,
): Promise<{ latest: number; maxRevision: number }> {
  const rows: Array<{ latest: number | null; max_revision: number | null }> = await m.query(
    `SELECT max(number) AS latest, max(revision) AS max_revision FROM flow_versions WHERE flow_id = $1`,
    [flowId],
  );
  return { latest: rows[0]?.latest ?? 0, maxRevision: rows[0]?.max_revision ?? 0 };
}

/** Lists sort on `updated_at`: any change to a flow's versions counts as a change of the flow. */
export async function touchFlow(m: EntityManager, flowId: string): Promise<void> {
  await m.query(`UPDATE flows SET updated_at = now() WHERE id = $1`, [flowId]);
}

/** Archives the published version, if any, and answers its number. */
export async function archivePublished(m: EntityManager, flowId: string): Promise<number | null> {
  const rows: Array<{ number: number }> = await m.query(
    `WITH a AS (UPDATE flow_versions SET status = 'archived', updated_at = now()
                 WHERE flow_id = $1 AND status = 'published' RETURNING number)
     SELECT number FROM a`,
    [flowId],
  );
  return rows[0]?.number ?? null;
}

/** The draft to edit: the saved one, or else the published definition offered as the next version. */
export interface DraftState {
  /** Null while no draft is saved. */
  id: string | null;
  number: number;
  revision: number;
  definition: Record<string, unknown>;
}

/**
 * Revisions never repeat within a flow, so an ETag from before a publish or rollback cannot match
 * a different draft. The implicit draft carries the highest revision of the flow: right after a
 * publish that is the revision the editor just saved, so it keeps editing with the ETag it has;
 * after a rollback the copy got a new revision, so a stale editor is told (412).
 */
export async function currentDraft(m: EntityManager, flowId: string): Promise<DraftState> {
  const draft = await findVersionByStatus(m, flowId, 'draft');
  if (draft)
    return { id: draft.id, number: draft.number, revision: draft.revision, definition: draft.definition };
  const published = await findVersionByStatus(m, flowId, 'published');
  const head = await versionHead(m, flowId);
  return {
    id: null,
    number: head.latest + 1,
    revision: head.maxRevision,
    definition: published?.definition ?? (emptyDefinition() as unknown as Record<string, unknown>),
  };
}
