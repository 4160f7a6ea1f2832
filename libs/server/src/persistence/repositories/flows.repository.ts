import { AppError, emptyDefinition } from '@stepline/domain';
import type { EntityManager } from 'typeorm';
import type { FlowVersionStatus } from '../entities/flow-version.entity.js';
import type { KeysetKey, KeysetSlice } from './keyset.js';

/**
 * The SQL of flows and versions, shared by the API's flow services and the worker (which loads
 * the version a run executes). Every function runs inside the caller's tenant transaction
 * (`inTenant`) and names the tenant or the flow explicitly too: RLS is the second wall, not the
 * only one. Version functions take a flow id the caller has already checked in its tenant.
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

export interface VersionRecord {
  id: string;
  number: number;
  status: FlowVersionStatus;
  changeNote: string | null;
  revision: number;
  createdBy: string | null;
  createdAt: Date;
  publishedAt: Date | null;
}

export interface VersionWithDefinition extends VersionRecord {
  definition: Record<string, unknown>;
}

const FLOW_SELECT = `
  SELECT f.id, f.name, f.description, f.tags, f.created_by AS "createdBy", f.created_at AS "createdAt",
         f.updated_at AS "updatedAt", f.archived_at AS "archivedAt",
         d.revision AS "draftRevision", p.number AS "publishedVersion",
         COALESCE((SELECT max(v.number) FROM flow_versions v WHERE v.flow_id = f.id), 0) AS "latestVersion"
    FROM flows f
    LEFT JOIN flow_versions d ON d.flow_id = f.id AND d.status = 'draft'
    LEFT JOIN flow_versions p ON p.flow_id = f.id AND p.status = 'published'`;

const VERSION_COLUMNS = `id, number, status, change_note AS "changeNote", revision, created_by AS "createdBy",
  created_at AS "createdAt", published_at AS "publishedAt"`;

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
  const rows: FlowRecord[] = await m.query(`${FLOW_SELECT} WHERE f.tenant_id = $1 AND f.id = $2`, [
    tenantId,
    flowId,
  ]);
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

// ---------------------------------------------------------------------------------------------
// versions

export async function findVersionByStatus(
  m: EntityManager,
  flowId: string,
  status: 'draft' | 'published',
): Promise<VersionWithDefinition | undefined> {
  const rows: VersionWithDefinition[] = await m.query(
    `SELECT ${VERSION_COLUMNS}, definition FROM flow_versions WHERE flow_id = $1 AND status = $2`,
    [flowId, status],
  );
  return rows[0];
}

export async function findVersion(
  m: EntityManager,
  flowId: string,
  number: number,
): Promise<VersionWithDefinition> {
  const rows: VersionWithDefinition[] = await m.query(
    `SELECT ${VERSION_COLUMNS}, definition FROM flow_versions WHERE flow_id = $1 AND number = $2`,
    [flowId, number],
  );
  if (!rows[0]) throw AppError.notFound('Version');
  return rows[0];
}

/** Newest first, the draft included, without definitions; `next` is the number to continue below. */
export async function listVersions(
  m: EntityManager,
  flowId: string,
  query: { before: number | null; limit: number },
): Promise<{ rows: VersionRecord[]; next: number | null }> {
  const rows: VersionRecord[] = await m.query(
    `SELECT ${VERSION_COLUMNS} FROM flow_versions
      WHERE flow_id = $1 AND ($2::int IS NULL OR number < $2) ORDER BY number DESC LIMIT $3`,
    [flowId, query.before, query.limit + 1],
  );
  const data = rows.slice(0, query.limit);
  const last = data[data.length - 1];
  return { rows: data, next: rows.length > query.limit && last ? last.number : null };
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

export interface NewDraft {
  tenantId: string;
  flowId: string;
  number: number;
  revision: number;
  definition: Record<string, unknown>;
  createdBy: string | null;
}

/** Inserts the flow's draft row (a flow has at most one: a unique index is the backstop). */
export async function insertDraft(m: EntityManager, draft: NewDraft): Promise<string> {
  const rows: Array<{ id: string }> = await m.query(
    `INSERT INTO flow_versions (tenant_id, flow_id, number, status, definition, revision, created_by)
     VALUES ($1, $2, $3, 'draft', $4, $5, $6) RETURNING id`,
    [
      draft.tenantId,
      draft.flowId,
      draft.number,
      JSON.stringify(draft.definition),
      draft.revision,
      draft.createdBy,
    ],
  );
  return rows[0].id;
}

/** Replaces the draft's definition and bumps its revision; null when `draftId` is no draft anymore. */
export async function updateDraftDefinition(
  m: EntityManager,
  draftId: string,
  definition: Record<string, unknown>,
): Promise<{ id: string; revision: number } | null> {
  const rows: Array<{ id: string; revision: number }> = await m.query(
    `WITH u AS (UPDATE flow_versions SET definition = $2, revision = revision + 1, updated_at = now()
                 WHERE id = $1 AND status = 'draft' RETURNING id, revision)
     SELECT id, revision FROM u`,
    [draftId, JSON.stringify(definition)],
  );
  return rows[0] ?? null;
}

/** Freezes the draft as the published version; undefined when `draftId` is no draft anymore. */
export async function publishDraft(
  m: EntityManager,
  draftId: string,
  changeNote: string | null,
): Promise<VersionRecord | undefined> {
  const rows: VersionRecord[] = await m.query(
    `WITH p AS (UPDATE flow_versions SET status = 'published', change_note = $2, published_at = now(), updated_at = now()
                 WHERE id = $1 AND status = 'draft' RETURNING ${VERSION_COLUMNS})
     SELECT * FROM p`,
    [draftId, changeNote],
  );
  return rows[0];
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

/** Moves a saved draft one number up (a rollback publishes below it). */
export async function bumpDraftNumber(m: EntityManager, draftId: string): Promise<void> {
  await m.query(`UPDATE flow_versions SET number = number + 1 WHERE id = $1 AND status = 'draft'`, [draftId]);
}

export interface PublishedCopy {
  tenantId: string;
  flowId: string;
  number: number;
  revision: number;
  definition: Record<string, unknown>;
  changeNote: string | null;
  createdBy: string | null;
}

/** Inserts an already-published version (a rollback's copy of an older one). */
export async function insertPublishedVersion(m: EntityManager, v: PublishedCopy): Promise<VersionRecord> {
  const rows: VersionRecord[] = await m.query(
    `INSERT INTO flow_versions (tenant_id, flow_id, number, status, definition, change_note, revision, created_by, published_at)
     VALUES ($1, $2, $3, 'published', $4, $5, $6, $7, now()) RETURNING ${VERSION_COLUMNS}`,
    [v.tenantId, v.flowId, v.number, JSON.stringify(v.definition), v.changeNote, v.revision, v.createdBy],
  );
  return rows[0];
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

// ---------------------------------------------------------------------------------------------
// what runs execute

/** The version a run executes, as the runs service snapshots it and the worker loads it. */
export interface RunnableVersion {
  versionId: string;
  number: number;
  status: FlowVersionStatus;
  definition: Record<string, unknown>;
}

/**
 * The version a new run of `flowId` executes: a number, the published version, or the draft.
 * With no saved draft, `'draft'` answers the published version (the implicit draft is exactly
 * its definition, and a run needs a version row). Null when there is no such version; the caller
 * picks the error (no published version, unknown number).
 */
export async function findVersionForRun(
  m: EntityManager,
  flowId: string,
  ref: number | 'published' | 'draft',
): Promise<RunnableVersion | null> {
  const rows: RunnableVersion[] = await m.query(
    `SELECT id AS "versionId", number, status, definition FROM flow_versions
      WHERE flow_id = $1
        AND CASE WHEN $2::text = 'number' THEN number = $3::int
                 WHEN $2::text = 'published' THEN status = 'published'
                 ELSE status IN ('draft', 'published') END
      ORDER BY (status = 'draft') DESC LIMIT 1`,
    [flowId, typeof ref === 'number' ? 'number' : ref, typeof ref === 'number' ? ref : null],
  );
  return rows[0] ?? null;
}

/**
 * A version by id (the worker's load of `runs.version_id`); null when it is not the tenant's.
 * Published and archived versions are immutable, so callers may cache the answer by id; a draft
 * is not, which is why test runs execute the definition snapshot stored on the run instead.
 */
export async function findVersionById(m: EntityManager, versionId: string): Promise<RunnableVersion | null> {
  const rows: RunnableVersion[] = await m.query(
    `SELECT id AS "versionId", number, status, definition FROM flow_versions WHERE id = $1`,
    [versionId],
  );
  return rows[0] ?? null;
}
