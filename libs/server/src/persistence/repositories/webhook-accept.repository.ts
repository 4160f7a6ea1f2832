import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../prepared-query.js';
import type { Queryable } from './sql-params.js';
import {
  toStoredTrigger,
  WEBHOOK_DEDUP_TTL_SQL,
  type DedupEntry,
  type StoredTrigger,
  type StoredTriggerRow,
} from './triggers.repository.js';

/**
 * The SQL of the webhook accept batcher (apps/api `WebhookAcceptBatcher`): the requests that
 * arrived within a millisecond or so share one transaction, so each statement here serves many of
 * them — the trigger lookup by token hash (any tenant, the SECURITY DEFINER
 * `webhook_triggers_by_token_hashes`), then per tenant, in its `tenant_isolation` scope: the
 * flows' runnable versions, the dedup keys seen, one multi-row run insert and one multi-row dedup
 * insert.
 */

type TriggerRow = StoredTriggerRow & { token_hash: string };

/** The webhook triggers (any tenant, enabled or not) whose token hash is one of `hashes`, by hash. */
export async function findWebhookTriggersByTokenHashes(
  db: Queryable,
  hashes: string[],
): Promise<Map<string, StoredTrigger>> {
  const rows: TriggerRow[] = await db.query(`SELECT * FROM webhook_triggers_by_token_hashes($1::text[])`, [
    hashes,
  ]);
  const out = new Map<string, StoredTrigger>();
  for (const r of rows) {
    out.set(r.token_hash, toStoredTrigger(r));
  }
  return out;
}

/** What a run of a flow starts on: the flow's state and the version (its input schema only). */
export interface RunnableTarget {
  flowId: string;
  /** The pinned version number, or null for the published one. */
  versionNumber: number | null;
  archived: boolean;
  /** Null when there is no such version (not published, or no such number). */
  versionId: string | null;
  number: number | null;
  status: string | null;
  inputSchema: unknown;
  /** Ids of the version's `respond` steps (a sync webhook re-reads the run only after those settle). */
  respondSteps: string[];
}

/**
 * The versions runs of these (flow, pinned number | published) pairs start on, in one statement:
 * ids and the input schema only — never the whole definition. Flows of other tenants are invisible
 * (RLS) and come back missing.
 */
export async function findRunnableTargets(
  m: EntityManager,
  targets: Array<{ flowId: string; versionNumber: number | null }>,
): Promise<RunnableTarget[]> {
  const rows = await preparedQuery<{
    flow_id: string;
    ref: number | null;
    archived: boolean;
    version_id: string | null;
    number: number | null;
    status: string | null;
    input_schema: unknown;
    respond_steps: string[] | null;
  }>(
    m,
    'find_runnable_targets',
    `SELECT t.flow_id, t.ref, f.archived_at IS NOT NULL AS archived, v.id AS version_id, v.number, v.status,
            v.definition -> 'inputSchema' AS input_schema,
            jsonb_path_query_array(v.definition, 'lax $.** ? (@.type == "respond").id') AS respond_steps
       FROM unnest($1::uuid[], $2::int[]) AS t (flow_id, ref)
       JOIN flows f ON f.id = t.flow_id
       LEFT JOIN LATERAL (
         SELECT id, number, status, definition FROM flow_versions
          WHERE flow_id = t.flow_id
            AND CASE WHEN t.ref IS NULL THEN status = 'published' ELSE number = t.ref END
          ORDER BY (status = 'draft') DESC LIMIT 1
       ) v ON true`,
    [targets.map((t) => t.flowId), targets.map((t) => t.versionNumber)],
  );
  return rows.map((r) => ({
    flowId: r.flow_id,
    versionNumber: r.ref,
    archived: r.archived,
    versionId: r.version_id,
    number: r.number,
    status: r.status,
    inputSchema: r.input_schema,
    respondSteps: [...new Set((r.respond_steps ?? []).filter((id) => typeof id === 'string'))],
  }));
}

/** The fresh (under 24 h) dedup entries among these (trigger, key) pairs, keyed `trigger id + '\n' + key`. */
export async function findWebhookDedups(
  m: EntityManager,
  pairs: Array<{ triggerId: string; key: string }>,
): Promise<Map<string, DedupEntry>> {
  if (!pairs.length) return new Map();
  const rows: Array<{
    trigger_id: string;
    dedup_key: string;
    runId: string;
    response: DedupEntry['response'];
  }> = await m.query(
    `SELECT d.trigger_id, d.dedup_key, d.run_id AS "runId", d.response
         FROM unnest($1::uuid[], $2::text[]) AS p (trigger_id, dedup_key)
         JOIN webhook_deliveries_dedup d ON d.trigger_id = p.trigger_id AND d.dedup_key = p.dedup_key
        WHERE d.created_at > now() - ${WEBHOOK_DEDUP_TTL_SQL}`,
    [pairs.map((p) => p.triggerId), pairs.map((p) => p.key)],
  );
  return new Map(
    rows.map((r) => [`${r.trigger_id}\n${r.dedup_key}`, { runId: r.runId, response: r.response }]),
  );
}

/** A webhook run to insert: the id is chosen by the caller, so no ordering of RETURNING is relied on. */
export interface NewWebhookRun {
  id: string;
  tenantId: string;
  flowId: string;
  versionId: string;
  versionNumber: number;
  input: unknown;
  admission: 'held' | 'pending';
}

/** Inserts the runs (`queued`, trigger `webhook`) in one multi-row statement. */
export async function insertWebhookRuns(m: EntityManager, runs: NewWebhookRun[]): Promise<void> {
  if (!runs.length) return;
  await m.query(
    `INSERT INTO runs (id, tenant_id, flow_id, version_id, version_number, is_test, status, "trigger", input, admission)
     SELECT id, tenant_id, flow_id, version_id, version_number, false, 'queued', 'webhook', input::jsonb, admission
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::text[], $7::text[])
         AS r (id, tenant_id, flow_id, version_id, version_number, input, admission)`,
    [
      runs.map((r) => r.id),
      runs.map((r) => r.tenantId),
      runs.map((r) => r.flowId),
      runs.map((r) => r.versionId),
      runs.map((r) => r.versionNumber),
      runs.map((r) => JSON.stringify(r.input ?? {})),
      runs.map((r) => r.admission),
    ],
  );
}

/**
 * Remembers the dedup keys (an expired entry under the same key is replaced); answers how many were
 * written. Fewer than given: a concurrent delivery committed one first — the caller rolls back.
 */
export async function insertWebhookDedups(
  m: EntityManager,
  entries: Array<{ tenantId: string; triggerId: string; key: string } & DedupEntry>,
): Promise<number> {
  if (!entries.length) return 0;
  const rows: unknown[] = await m.query(
    `INSERT INTO webhook_deliveries_dedup (tenant_id, trigger_id, dedup_key, run_id, response)
     SELECT tenant_id, trigger_id, dedup_key, run_id, response::jsonb
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[])
         AS e (tenant_id, trigger_id, dedup_key, run_id, response)
     ON CONFLICT ON CONSTRAINT "UQ_webhook_dedup_trigger_key" DO UPDATE
       SET run_id = EXCLUDED.run_id, response = EXCLUDED.response, created_at = now()
       WHERE webhook_deliveries_dedup.created_at <= now() - ${WEBHOOK_DEDUP_TTL_SQL}
     RETURNING id`,
    [
      entries.map((e) => e.tenantId),
      entries.map((e) => e.triggerId),
      entries.map((e) => e.key),
      entries.map((e) => e.runId),
      entries.map((e) => JSON.stringify(e.response)),
    ],
  );
  return rows.length;
}
