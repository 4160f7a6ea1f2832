import { Inject, Injectable } from '@nestjs/common';
import { AppError, type TenantQuotas } from '@stepline/domain';
import {
  APP_CONFIG,
  DATA_SOURCE,
  acceptWebhookRuns,
  findRunnableTargets,
  findWebhookDedups,
  findWebhookTriggersByTokenHashes,
  GroupCommit,
  LOGGER,
  RunStartLimiter,
  runStartError,
  type AppConfig,
  type DedupEntry,
  type Logger,
  type NewWebhookRun,
  type RunnableTarget,
  type StoredTrigger,
} from '@stepline/server';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { RunQueue } from '../runs/run-queue.provider.js';
import { runUrl } from '../runs/runs.types.js';
import type { StageTimer } from './stage-timer.js';

/** The run a webhook request started, as far as its answer needs it. */
export interface AcceptedRun {
  id: string;
  status: string;
  admission?: 'held' | 'pending';
  /** Ids of its version's `respond` steps, when the batch read them (sync mode waits on those). */
  respondSteps?: string[];
}

/** A request let in: its trigger, dedup key, and the run it started or the answer it replays. */
export interface Admitted {
  trigger: StoredTrigger;
  key: string | undefined;
  accepted: { run: AcceptedRun } | { replay: DedupEntry['response'] };
  /** The batcher enqueued the run's job already (after its commit). */
  enqueued?: boolean;
}

/** One request handed to the batcher: its token hash and the checks that need its trigger. */
export interface AcceptItem {
  tokenHash: string;
  /** Method, size, authentication, body and dedup key (throws the request's own error). */
  admit: (trigger: StoredTrigger) => { input: unknown; key: string | undefined };
  /** `WEBHOOK_SERVER_TIMING`: the request's stages (waiting for its batch, lookup, insert + commit). */
  timer?: StageTimer;
  /**
   * Sync mode: called inside the batch once the request's run id is known; resolves when the caller
   * is subscribed to the run's events. The batch adds the run's job after that (in its `addBulk`).
   */
  watch?: (run: { tenantId: string; runId: string; respondSteps: string[] }) => Promise<unknown>;
}

/**
 * Each request's outcome: accepted, its own error, or "take the single path" (batch failed, draft…).
 * A fallback with `startTaken` holds the run start the rolled-back batch took for it (one start per
 * request, whatever path commits it): the single path uses it, or gives it back if it starts no run.
 */
export type AcceptOutcome =
  { ok: Admitted } | { error: unknown } | { fallback: true; startTaken?: { tenantId: string } };

const FALLBACK: AcceptOutcome = { fallback: true };
const isSyncTrigger = (t: StoredTrigger) => (t.config as { responseMode?: string }).responseMode === 'sync';
const notFound = () => new AppError('resource.not_found', 'Not found');
const targetKey = (flowId: string, versionNumber: number | null) => `${flowId}:${versionNumber ?? ''}`;

interface Ready {
  index: number;
  trigger: StoredTrigger;
  input: unknown;
  key: string | undefined;
  watch: AcceptItem['watch'];
}

/**
 * Group commit of webhook accepts (like the worker's checkpoints): requests arriving while a batch
 * is in flight are accepted together by the next one — every statement serves all of them, and each
 * is its own transaction (on these machines a round trip to Postgres costs both sides a wake-up):
 * the triggers of all their tokens (any tenant: the SECURITY DEFINER
 * `webhook_triggers_by_token_hashes`), then per tenant, in its RLS scope: the dedup keys seen (when
 * any), the flows' runnable versions (ids and input schema only), and one `accept_webhook_runs` —
 * admission lock, multi-row run insert, dedup keys, one commit; then one BullMQ `addBulk` (job id =
 * run id, ids-only payload). Each request still gets its own answer: a check that fails fails that
 * request only; a tenant's accept that fails (a dedup race with another batch, a lost connection)
 * writes nothing and sends that tenant's requests down the single path, as do the rare cases the
 * batch does not handle (a dedup key twice in one batch, a pinned draft version).
 */
@Injectable()
export class WebhookAcceptBatcher {
  private readonly batch: GroupCommit<AcceptItem, AcceptOutcome> | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly limiter: RunStartLimiter,
    private readonly queue: RunQueue,
  ) {
    // WEBHOOK_ACCEPT_BATCH_MAX=0 turns group commit off (every request takes the single path).
    const maxBatch = config.http.webhookBatchMax;
    this.batch =
      maxBatch > 0 ? new GroupCommit((items) => this.flush(items), { maxBatch, maxInFlight: 2 }) : null;
  }

  accept(item: AcceptItem): Promise<AcceptOutcome> {
    return this.batch ? this.batch.submit(item) : Promise.resolve(FALLBACK);
  }

  private async flush(items: AcceptItem[]): Promise<AcceptOutcome[]> {
    const out: AcceptOutcome[] = items.map(() => FALLBACK);
    const jobs: Array<{ tenantId: string; runId: string }> = [];
    /** Items that took a run start (by index, with the tenant). */
    const taken = new Map<number, string>();
    const watching: Array<Promise<unknown>> = [];
    const mark = (stage: string) => items.forEach((i) => i.timer?.mark(stage));
    /** The single path for item `i`, with the run start the batch took for it, if any. */
    const fallback = (i: number): AcceptOutcome => {
      const tenantId = taken.get(i);
      return tenantId === undefined ? FALLBACK : { fallback: true, startTaken: { tenantId } };
    };
    const singlePath = (size: number, err: unknown) =>
      this.logger.debug({ size, err: (err as Error).message }, 'webhook batch: single path');
    mark('batch');
    try {
      // One statement for every request's trigger (any tenant), in no transaction of its own.
      const triggers = await findWebhookTriggersByTokenHashes(this.db, [
        ...new Set(items.map((i) => i.tokenHash)),
      ]);
      mark('lookup');
      const byTenant = new Map<string, Ready[]>();
      const seenKeys = new Set<string>();
      items.forEach((item, index) => {
        const trigger = triggers.get(item.tokenHash);
        if (!trigger || !trigger.enabled) return void (out[index] = { error: notFound() });
        let admitted: { input: unknown; key: string | undefined };
        try {
          admitted = item.admit(trigger);
        } catch (error) {
          return void (out[index] = { error });
        }
        if (admitted.key !== undefined) {
          // The same key twice in one batch: the later ones replay the first after its commit.
          const dedupKey = `${trigger.id}\n${admitted.key}`;
          if (seenKeys.has(dedupKey)) return;
          seenKeys.add(dedupKey);
        }
        const group = byTenant.get(trigger.tenantId) ?? [];
        group.push({ index, trigger, ...admitted, watch: item.watch });
        byTenant.set(trigger.tenantId, group);
      });
      // Sync triggers and no dedup keys: each request is answered after its run's end (the worker's
      // flushed commit, which flushes this one too) or its timeout (≥ 1 s, by when Postgres flushed
      // it), and no duplicate can be answered from a row that is not yet durable.
      const ready = [...byTenant.values()].flat();
      const unflushedCommit =
        [...triggers.values()].every(isSyncTrigger) && ready.every((r) => r.key === undefined);
      // Each tenant commits on its own (one statement): a tenant whose accept fails sends only its
      // own requests down the single path.
      for (const [tenantId, group] of byTenant) {
        try {
          await this.acceptTenant(tenantId, group, unflushedCommit, out, jobs, taken, watching);
        } catch (err) {
          singlePath(group.length, err);
          for (const r of group) out[r.index] = fallback(r.index);
        }
      }
    } catch (err) {
      singlePath(items.length, err);
      return items.map((_, i) => fallback(i));
    }
    mark('insert');
    // Sync requests subscribed while the batch committed; their jobs go only after that.
    if (watching.length) {
      await Promise.allSettled(watching);
      mark('subscribe');
    }
    if (jobs.length) {
      // After the commit. A job not added leaves its run `queued`: the runner's sweeper enqueues it.
      await this.queue
        .addMany(jobs)
        .catch((err: Error) =>
          this.logger.warn({ runs: jobs.length, err: err.message }, 'runs not enqueued; the sweeper will'),
        );
      mark('addBulk');
    }
    return out;
  }

  /** The tenant's requests: replays, quotas, versions, then admission, runs and dedup keys at once. */
  private async acceptTenant(
    tenantId: string,
    group: Ready[],
    unflushedCommit: boolean,
    out: AcceptOutcome[],
    jobs: Array<{ tenantId: string; runId: string }>,
    taken: Map<number, string>,
    watching: Array<Promise<unknown>>,
  ): Promise<void> {
    const keyed = group.filter((r) => r.key !== undefined);
    const seen = await findWebhookDedups(
      this.db,
      tenantId,
      keyed.map((r) => ({ triggerId: r.trigger.id, key: r.key as string })),
    );
    const fresh: Ready[] = [];
    for (const r of group) {
      const entry = r.key === undefined ? undefined : seen.get(`${r.trigger.id}\n${r.key}`);
      if (entry)
        out[r.index] = { ok: { trigger: r.trigger, key: r.key, accepted: { replay: entry.response } } };
      else fresh.push(r);
    }
    if (!fresh.length) return;
    const quotas = await this.limiter.quotas(tenantId);
    const targets = new Map<string, RunnableTarget>();
    const wanted = new Map(
      fresh.map((r) => [targetKey(r.trigger.flowId, r.trigger.versionNumber), r.trigger]),
    );
    for (const t of await findRunnableTargets(
      this.db,
      tenantId,
      [...wanted.values()].map((t) => ({ flowId: t.flowId, versionNumber: t.versionNumber })),
    )) {
      targets.set(targetKey(t.flowId, t.versionNumber), t);
    }
    const checked: Array<Ready & { target: RunnableTarget }> = [];
    for (const r of fresh) {
      const target = targets.get(targetKey(r.trigger.flowId, r.trigger.versionNumber));
      const error = this.checkStart(target, r.input, quotas);
      if (error === 'fallback') continue;
      if (error) out[r.index] = { error };
      else checked.push({ ...r, target: target as RunnableTarget });
    }
    // The run-start gate, for the requests that will start a run (a 429 fails that request only).
    const takes = await Promise.allSettled(checked.map(() => this.limiter.take(tenantId)));
    const starting = checked.filter((r, i) => {
      const take = takes[i] as PromiseSettledResult<unknown>;
      if (take.status === 'rejected') {
        out[r.index] = { error: take.reason };
        return false;
      }
      taken.set(r.index, tenantId);
      return true;
    });
    if (!starting.length) return;
    const runs: NewWebhookRun[] = starting.map((r) => ({
      id: randomUUID(),
      flowId: r.trigger.flowId,
      versionId: r.target.versionId as string,
      versionNumber: r.target.number as number,
      input: r.input ?? {},
    }));
    const dedups = starting.flatMap((r, i) =>
      r.key === undefined
        ? []
        : [
            {
              triggerId: r.trigger.id,
              key: r.key,
              runId: runs[i].id,
              response: {
                status: 202,
                body: { runId: runs[i].id, status: 'queued', url: runUrl(runs[i].id) },
              },
            },
          ],
    );
    // A sync request subscribes to its run's events while the runs are written; without a `watch`
    // it enqueues its run itself, once subscribed (no read before waiting either way). The batch
    // adds the jobs once every subscription is ready; a request sent down the single path after all
    // closes its own (the receiver).
    starting.forEach((r, i) => {
      if (isSyncTrigger(r.trigger) && r.watch)
        watching.push(r.watch({ tenantId, runId: runs[i].id, respondSteps: r.target.respondSteps }));
    });
    // Fair admission, the runs and the dedup keys in one statement (one transaction): another
    // delivery's commit of one of the keys first fails it whole (the caller's single path).
    const admissions = await acceptWebhookRuns(this.db, {
      tenantId,
      maxConcurrentRuns: quotas.maxConcurrentRuns,
      unflushedCommit,
      runs,
      dedups,
    });
    starting.forEach((r, i) => {
      const run = runs[i];
      const admission = admissions.get(run.id) ?? 'pending';
      const enqueued = !isSyncTrigger(r.trigger) || r.watch !== undefined;
      const accepted = { id: run.id, status: 'queued', admission, respondSteps: r.target.respondSteps };
      out[r.index] = { ok: { trigger: r.trigger, key: r.key, accepted: { run: accepted }, enqueued } };
      if (enqueued && admission === 'held') jobs.push({ tenantId, runId: run.id });
    });
  }

  /** `insertQueuedRun`'s checks (`runStartError`) on what the batch read: an error, 'fallback', or null (go). */
  private checkStart(
    target: RunnableTarget | undefined,
    input: unknown,
    quotas: TenantQuotas,
  ): AppError | 'fallback' | null {
    // A flow not found (deleted meanwhile): the single path answers exactly as it always has.
    if (!target) return 'fallback';
    // A pinned draft is validated as a whole definition first: rare, left to the single path.
    if (!target.archived && target.versionId && target.status === 'draft') return 'fallback';
    const version = target.versionId
      ? { status: target.status ?? '', inputSchema: target.inputSchema }
      : null;
    return runStartError(
      { archived: target.archived, version },
      target.versionNumber ?? 'published',
      input,
      quotas,
    );
  }
}
