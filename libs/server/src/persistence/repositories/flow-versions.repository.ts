import { AppError, emptyDefinition } from '@stepline/domain';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../prepared-query.js';
import type { FlowVersionStatus } from '../entities/flow-version.entity.js';

/**
 * The SQL of flow versions, shared by the API's flow services and the worker (which loads the
 * version a run executes). Every function runs inside the caller's tenant transaction (`inTenant`)
 * and takes a flow id the caller has already checked in its tenant (`assertFlowExists`,
 * `lockFlow`); RLS keeps other tenants' versions out in any case.
 */

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

const VERSION_COLUMNS = `id, number, status, change_note AS "changeNote", revision, created_by AS "createdBy",
  created_at AS "createdAt", published_at AS "publishedAt"`;

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

/** A flow as a new run of it needs it: archived or not, and the version the run would execute. */
export interface RunTarget {
  archived: boolean;
  /** Null when there is no such version; the caller picks the error (no published version, unknown number). */
  version: RunnableVersion | null;
}

/**
 * The flow `flowId` of the tenant and the version a new run of it executes — a number, the
 * published version, or the draft — in one statement (a run start's one read before its checks).
 * With no saved draft, `'draft'` answers the published version (the implicit draft is exactly its
 * definition, and a run needs a version row). Null when the tenant has no such flow.
 */
export async function findRunTarget(
  m: EntityManager,
  tenantId: string,
  flowId: string,
  ref: number | 'published' | 'draft',
): Promise<RunTarget | null> {
  const rows = await preparedQuery<{ archived: boolean } & Partial<RunnableVersion>>(
    m,
    'find_run_target',
    `SELECT f.archived_at IS NOT NULL AS archived,
            v.id AS "versionId", v.number, v.status, v.definition
       FROM flows f
       LEFT JOIN LATERAL (
         SELECT id, number, status, definition FROM flow_versions
          WHERE flow_id = f.id
            AND CASE WHEN $3::text = 'number' THEN number = $4::int
                     WHEN $3::text = 'published' THEN status = 'published'
                     ELSE status IN ('draft', 'published') END
          ORDER BY (status = 'draft') DESC LIMIT 1
       ) v ON true
      WHERE f.tenant_id = $1 AND f.id = $2`,
    [tenantId, flowId, typeof ref === 'number' ? 'number' : ref, typeof ref === 'number' ? ref : null],
  );
  const row = rows[0];
  if (!row) return null;
  const { archived, ...version } = row;
  return { archived, version: version.versionId ? (version as RunnableVersion) : null };
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
