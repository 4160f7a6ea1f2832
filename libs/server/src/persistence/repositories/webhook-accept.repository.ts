import type { Queryable } from './sql-params.js';
import {
  toStoredTrigger,
  type DedupEntry,
  type StoredTrigger,
  type StoredTriggerRow,
} from './triggers.repository.js';

/**
 * The SQL of the webhook accept batcher (apps/api `WebhookAcceptBatcher`): the requests that
 * arrived within a millisecond or so share each statement here — the trigger lookup by token hash
 * (any tenant, the SECURITY DEFINER `webhook_triggers_by_token_hashes`), then per tenant, each a
 * single statement in its `tenant_isolation` scope (functions that enter it themselves): the flows'
 * runnable versions, the dedup keys seen, and one `accept_webhook_runs` — admission lock, run
 * insert, dedup insert and pruning in one transaction of one round trip.
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
 * The versions runs of these (flow, pinned number | published) pairs of the tenant start on, in
 * one statement: ids and the input schema only — never the whole definition. Flows of other
 * tenants are invisible (RLS) and come back missing.
 */
export async function findRunnableTargets(
  db: Queryable,
  tenantId: string,
  targets: Array<{ flowId: string; versionNumber: number | null }>,
): Promise<RunnableTarget[]> {
  const rows: Array<{
    flow_id: string;
    ref: number | null;
    archived: boolean;
    version_id: string | null;
    number: number | null;
    status: string | null;
    input_schema: unknown;
    respond_steps: string[] | null;
  }> = await db.query(`SELECT * FROM webhook_run_targets($1, $2::uuid[], $3::int[])`, [
    tenantId,
    targets.map((t) => t.flowId),
    targets.map((t) => t.versionNumber),
  ]);
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

/**
 * The tenant's fresh (under 24 h) dedup entries among these (trigger, key) pairs, keyed
 * `trigger id + '\n' + key`.
 */
export async function findWebhookDedups(
  db: Queryable,
  tenantId: string,
  pairs: Array<{ triggerId: string; key: string }>,
): Promise<Map<string, DedupEntry>> {
  if (!pairs.length) return new Map();
  const rows: Array<{
    trigger_id: string;
    dedup_key: string;
    run_id: string;
    response: DedupEntry['response'];
  }> = await db.query(`SELECT * FROM webhook_dedups_seen($1, $2::uuid[], $3::text[])`, [
    tenantId,
    pairs.map((p) => p.triggerId),
    pairs.map((p) => p.key),
  ]);
  return new Map(
    rows.map((r) => [`${r.trigger_id}\n${r.dedup_key}`, { runId: r.run_id, response: r.response }]),
  );
}

/** A webhook run to insert: the id is chosen by the caller, so no ordering of RETURNING is relied on. */
export interface NewWebhookRun {
  id: string;
  flowId: string;
  versionId: string;
  versionNumber: number;
  input: unknown;
}

export interface WebhookAccept {
  tenantId: string;
  /** The tenant's cap on runs holding a slot (`maxConcurrentRuns`). */
  maxConcurrentRuns: number;
  /** Commit without waiting for the WAL flush (see `ScopeOptions.unflushedCommit`). */
  unflushedCommit: boolean;
  /** In arrival order: the first get the free slots. */
  runs: NewWebhookRun[];
  /** Dedup keys to remember (an expired entry under the same key is replaced). */
  dedups: Array<{ triggerId: string; key: string } & DedupEntry>;
}

/**
 * One statement, one transaction (`accept_webhook_runs`): takes the tenant's admission lock,
 * inserts the runs (`queued`, trigger `webhook`; `held` while a slot is free and none of the
 * tenant's runs waits, else `pending`) and the dedup keys, prunes the triggers' expired keys.
 * Answers each run's admission by id. Throws — nothing written — when another delivery committed
 * one of the dedup keys first (SQLSTATE 23505).
 */
export async function acceptWebhookRuns(
  db: Queryable,
  accept: WebhookAccept,
): Promise<Map<string, 'held' | 'pending'>> {
  const { runs, dedups } = accept;
  const rows: Array<{ id: string; admission: 'held' | 'pending' }> = await db.query(
    `SELECT * FROM accept_webhook_runs($1, $2, $3, $4::uuid[], $5::uuid[], $6::uuid[], $7::int[], $8::text[],
       $9::uuid[], $10::text[], $11::uuid[], $12::text[])`,
    [
      accept.tenantId,
      accept.maxConcurrentRuns,
      accept.unflushedCommit,
      runs.map((r) => r.id),
      runs.map((r) => r.flowId),
      runs.map((r) => r.versionId),
      runs.map((r) => r.versionNumber),
      runs.map((r) => JSON.stringify(r.input ?? {})),
      dedups.map((d) => d.triggerId),
      dedups.map((d) => d.key),
      dedups.map((d) => d.runId),
      dedups.map((d) => JSON.stringify(d.response)),
    ],
  );
  return new Map(rows.map((r) => [r.id, r.admission]));
}
