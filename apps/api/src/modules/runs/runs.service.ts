import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  AppError,
  isTerminalRunStatus,
  type FieldProblem,
  type Principal,
  type RunStatus,
  type StepErrorRecord,
} from '@stepline/domain';
import {
  awaitsAdmission,
  claimAdmission,
  DATA_SOURCE,
  findFlow,
  findRun,
  findRunByIdempotencyKey,
  findRunWithSteps,
  findRunTarget,
  findVersionById,
  inTenant,
  insertQueuedRun,
  insertRun,
  cancelChildRuns,
  resolveSubflowParent,
  cancelWaitpointsOfRun,
  listRuns,
  listWaitpointsOfRun,
  LOGGER,
  markCancelRequested,
  RunStartLimiter,
  StartLedger,
  transitionRun,
  type Logger,
  type NewRun,
  type QueuedRun,
  type QueuedRunSpec,
  type RunRecord,
} from '@stepline/server';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { keysetCursor, MAX_PAGE_SIZE, type Page } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import { checkIdempotencyKey, requestHashOf } from './idempotency.js';
import { RunEventsService } from './run-events.service.js';
import { RunQueue } from './run-queue.provider.js';
import { RunWatch, type RunOutcome, type RunWatchOptions } from './run-watch.js';
import { runAuditEntry, toRunDetail, toRunSummary, toRunView } from './run-views.js';
import {
  MAX_WAIT_SECONDS,
  runUrl,
  type RunDetailView,
  type RunFilter,
  type RunSummaryView,
  type RunVersionRef,
  type RunView,
  type StartRunInput,
  type StartRunResult,
} from './runs.types.js';

/** A run's end as `RunsService.endOf` follows it. */
interface RunEnd {
  ended: Promise<void>;
  subscribed: Promise<(() => Promise<void>) | undefined>;
  close: () => void;
}

const creatorOf = (p: Principal) =>
  p.kind === 'user' ? { createdBy: p.userId } : { createdByApiKey: p.apiKeyId };

/** Transports validate these too; the service keeps every caller (GraphQL, future triggers) honest. */
function checkStart(input: StartRunInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { version, wait } = input;
  if (version !== undefined && version !== 'draft' && !(Number.isInteger(version) && version >= 1)) {
    problems.push({ path: '/version', code: 'field.invalid', message: 'a version number or "draft"' });
  }
  if (wait !== undefined && !(Number.isInteger(wait) && wait >= 0 && wait <= MAX_WAIT_SECONDS)) {
    problems.push({ path: '/wait', code: 'field.range', message: `wait must be 0–${MAX_WAIT_SECONDS}` });
  }
  return problems;
}

/**
 * Runs as the API sees them: start (validate, insert `queued`, commit, then enqueue), read, list,
 * cancel, retry and resume. The worker's runner moves them; this service never executes a step.
 */
@Injectable()
export class RunsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditService,
    private readonly queue: RunQueue,
    private readonly events: RunEventsService,
    private readonly limiter: RunStartLimiter,
  ) {}

  async start(principal: Principal, flowId: string, input: StartRunInput): Promise<StartRunResult> {
    const key = checkIdempotencyKey(input.idempotencyKey);
    const problems = checkStart(input);
    if (problems.length) throw AppError.validation(problems);
    const ref: RunVersionRef = input.version ?? 'published';
    const hash = requestHashOf(flowId, ref, input.input);
    const wait = input.wait ?? 0;
    // With `wait` the caller hears of the run only once it ended — after the worker's flushed
    // commit, which flushes this one too — or after ≥ 1 s, when Postgres has flushed it anyway.
    // Not with an Idempotency-Key: a retry must never be answered from a row not yet durable.
    // With `wait`, the new run's id is chosen here and its events are subscribed to while the start
    // commits: the SUBSCRIBE's round trip is off the answer's path (it is acknowledged long before
    // the job is added, which waits for both).
    const newId = wait > 0 ? randomUUID() : undefined;
    const early = newId ? this.endOf(newId) : undefined;
    const starts = this.limiter.ledger(principal.tenantId, this.logger);
    let created: { run: RunRecord; replayed: boolean };
    try {
      created = await inTenant(
        this.db,
        principal.tenantId,
        (m) => this.insert(m, principal, flowId, ref, input.input, key, hash, starts, newId),
        { unflushedCommit: wait > 0 && key === undefined },
      );
      if (!created.replayed) starts.keep();
    } catch (error) {
      early?.close();
      throw error;
    } finally {
      await starts.settle();
    }
    const { run, replayed } = created;
    // A replayed key answers an older run: its events are followed from now on instead.
    const ahead = early && run.id === newId ? early : undefined;
    if (early && !ahead) early.close();
    // A run pending admission gets its job from the worker's admitter once a slot frees.
    const enqueue =
      replayed || awaitsAdmission(run) ? undefined : () => this.enqueue(principal.tenantId, run.id);
    // A new run answered at once: its row says queued; reading it back would only cost a query.
    if (enqueue && wait === 0) {
      await enqueue();
      return { status: 202, accepted: { id: run.id, status: run.status, url: runUrl(run.id) } };
    }
    const finished = await this.waitForEnd(principal, run, wait, enqueue, ahead);
    if (replayed || isTerminalRunStatus(finished.status)) return { status: 200, run: finished };
    return { status: 202, accepted: { id: run.id, status: finished.status, url: runUrl(run.id) } };
  }

  async get(principal: Principal, runId: string): Promise<RunDetailView> {
    // One statement for the run and its steps; a waiting run also lists what it waits for.
    const found = await findRunWithSteps(this.db, principal.tenantId, runId);
    if (!found) throw AppError.notFound('Run');
    const waits =
      found.run.status === 'waiting'
        ? await inTenant(this.db, principal.tenantId, (m) => listWaitpointsOfRun(m, runId))
        : [];
    return toRunDetail(found.run, found.steps, waits);
  }

  /** Newest first. `ofFlow`: the flow comes from a path, so an unknown flow is a 404, not an empty list. */
  list(
    principal: Principal,
    filter: RunFilter,
    limit: number,
    cursor?: string,
    ofFlow = false,
  ): Promise<Page<RunSummaryView>> {
    if (!(Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE_SIZE)) {
      throw AppError.validation([{ path: '/limit', code: 'field.range', message: `1–${MAX_PAGE_SIZE}` }]);
    }
    const after = keysetCursor.decodeOptional(cursor);
    return inTenant(this.db, principal.tenantId, async (m) => {
      if (ofFlow && filter.flowId) await findFlow(m, principal.tenantId, filter.flowId);
      const slice = await listRuns(m, principal.tenantId, { ...filter, limit, after });
      return {
        data: slice.rows.map(toRunSummary),
        nextCursor: slice.nextKey ? keysetCursor.encode(slice.nextKey) : null,
      };
    });
  }

  /**
   * Queued or waiting runs are cancelled at once by a transition guarded on their status (no job
   * holds them; the queued job is removed). A running run gets `cancel_requested_at` and the workers
   * a control message: the one running it aborts the step in flight and finishes it `cancelled`.
   */
  async cancel(principal: Principal, runId: string, meta: RequestMeta): Promise<RunView> {
    const outcome = await inTenant(this.db, principal.tenantId, async (m) => {
      const before = await this.find(m, principal.tenantId, runId);
      const cancelled = await transitionRun(m, runId, ['queued', 'waiting'], 'cancelled', {
        error: { code: 'run.cancelled', message: 'Cancelled by request' },
      });
      // Its waits end with it (an event or a decision arriving later finds nothing to resume).
      if (cancelled) await cancelWaitpointsOfRun(m, runId);
      let run: RunRecord | null = cancelled;
      let requested = false;
      if (!run) {
        run = await markCancelRequested(m, runId);
        requested = run !== null;
      }
      if (!run) {
        const now = await this.find(m, principal.tenantId, runId);
        throw new AppError('run.not_cancellable', `The run is ${now.status}: it can no longer be cancelled`);
      }
      await this.audit.record(
        m,
        runAuditEntry(principal, runId, {
          action: 'run.cancelled',
          before: { status: before.status },
          after: { status: run.status, cancelRequested: requested },
          meta,
        }),
      );
      // Its subflow runs end with it (docs: apps/worker/src/steps/subflow).
      const children = await cancelChildRuns(m, runId);
      return { run, immediate: cancelled !== null, children };
    });
    // A cancelled child that its parent waits for: the parent's subflow step fails now.
    if (outcome.immediate && outcome.run.trigger === 'subflow')
      await resolveSubflowParent(this.db, (t, r) => this.queue.resume(t, r), principal.tenantId, runId).catch(
        (err: Error) => this.logger.warn({ runId, err: err.message }, 'could not resume the parent run'),
      );
    for (const id of outcome.children.stopped) await this.queue.remove(id).catch(() => undefined);
    for (const id of outcome.children.requested)
      await this.events.requestCancel(principal.tenantId, id).catch(() => undefined);
    if (outcome.immediate) {
      await this.queue
        .remove(runId)
        .catch((err: Error) =>
          this.logger.warn({ runId, err: err.message }, 'could not remove the cancelled run’s job'),
        );
      await this.events
        .publishStatus({ ...outcome.run, error: outcome.run.error as StepErrorRecord | null })
        .catch((err: Error) => this.logger.warn({ runId, err: err.message }, 'run event not published'));
    } else {
      await this.events
        .requestCancel(principal.tenantId, runId)
        .catch((err: Error) => this.logger.warn({ runId, err: err.message }, 'cancel not published'));
      // A run between jobs (a parked retry) sees the request when its job runs: run it now.
      await this.queue
        .wake(runId)
        .catch((err: Error) => this.logger.warn({ runId, err: err.message }, 'could not wake the run’s job'));
    }
    return toRunView(outcome.run);
  }

  /** A new run of the same version with the same input (trigger `retry`). */
  retry(principal: Principal, runId: string, meta: RequestMeta): Promise<RunView> {
    return this.rerun(principal, runId, meta, 'run.retried', (source) => {
      if (!isTerminalRunStatus(source.status)) {
        throw new AppError('run.not_retryable', `The run is ${source.status}: retry it once it has finished`);
      }
      return { retryOfRunId: source.id };
    });
  }

  /**
   * A new run that starts at a step of an earlier one, taking the outputs the earlier run recorded
   * upstream of it instead of executing those steps again. Without `fromStep`: a failed run, from
   * its failed step. With it (the editor's "re-run from here"): any finished run, from that step.
   */
  resume(principal: Principal, runId: string, meta: RequestMeta, fromStep?: string): Promise<RunView> {
    return this.rerun(principal, runId, meta, 'run.resumed', async (source, m) => {
      if (fromStep !== undefined) {
        if (!isTerminalRunStatus(source.status)) {
          throw new AppError(
            'run.not_resumable',
            `The run is ${source.status}: re-run it once it has finished`,
          );
        }
        const definition = source.definition ?? (await findVersionById(m, source.versionId))?.definition;
        const steps = (definition as { steps?: Array<{ id?: unknown }> } | undefined)?.steps ?? [];
        if (!steps.some((step) => step.id === fromStep)) {
          throw AppError.validation([
            { path: '/fromStep', code: 'field.invalid', message: `The run's flow has no step "${fromStep}"` },
          ]);
        }
        return { resumedFromRunId: source.id, resumeFromStep: fromStep };
      }
      const stepId = typeof source.error?.['stepId'] === 'string' ? source.error['stepId'] : undefined;
      if (source.status !== 'failed' || !stepId) {
        throw new AppError(
          'run.not_resumable',
          source.status === 'failed'
            ? 'The run failed outside any step: retry it instead'
            : `Only a failed run can be resumed; this one is ${source.status}`,
        );
      }
      return { resumedFromRunId: source.id, resumeFromStep: stepId };
    });
  }

  // -------------------------------------------------------------------------------------------

  private async insert(
    m: EntityManager,
    principal: Principal,
    flowId: string,
    ref: RunVersionRef,
    input: unknown,
    key: string | undefined,
    hash: string,
    starts: StartLedger,
    id?: string,
  ): Promise<{ run: RunRecord; replayed: boolean }> {
    // The flow and its version in one read (404 for another tenant's or a missing flow).
    const target = await findRunTarget(m, principal.tenantId, flowId, ref);
    if (!target) throw AppError.notFound('Flow');
    const byKey = async () =>
      key ? await findRunByIdempotencyKey(m, principal.tenantId, flowId, key) : null;
    const existing = await byKey();
    if (existing) return { run: this.replay(existing, hash), replayed: true };
    const run = await this.insertQueued(m, starts, {
      ...(id ? { id } : {}),
      tenantId: principal.tenantId,
      flowId,
      target,
      ref,
      input,
      trigger: principal.kind === 'user' ? 'manual' : 'api',
      idempotencyKey: key ?? null,
      requestHash: key ? hash : null,
      ...creatorOf(principal),
    });
    // Null: a concurrent start with the same key committed first (the insert waited for it).
    if (!run) return { run: this.replay(await byKey(), hash), replayed: true };
    return { run, replayed: false };
  }

  /**
   * The one path that inserts a started run (`insertQueuedRun` in libs/server, shared with the
   * worker's scheduler), inside the caller's tenant transaction; the caller commits, `keep`s the
   * start of a run it committed, settles `starts` and then calls `enqueue`. Null when the
   * idempotency key is taken.
   */
  private async insertQueued(
    m: EntityManager,
    starts: StartLedger,
    spec: QueuedRunSpec,
  ): Promise<QueuedRun | null> {
    // The tenant's run starts per minute (429 + Retry-After) — taken only once the run passed its
    // checks (a refused input or an unpublished flow costs none) — then its slots (fair admission).
    const quotas = await this.limiter.quotas(spec.tenantId, m);
    return insertQueuedRun(m, { ...spec, quotas, takeStart: () => starts.take(m) });
  }

  private replay(existing: RunRecord | null, hash: string): RunRecord {
    if (!existing) throw new AppError('resource.conflict', 'The idempotency key is in use; try again');
    if (existing.requestHash !== hash) {
      throw new AppError(
        'idempotency.key_reused',
        'This Idempotency-Key was used for a different request (flow, version or input)',
      );
    }
    return existing;
  }

  private async rerun(
    principal: Principal,
    runId: string,
    meta: RequestMeta,
    action: 'run.retried' | 'run.resumed',
    link: (source: RunRecord, m: EntityManager) => Partial<NewRun> | Promise<Partial<NewRun>>,
  ): Promise<RunView> {
    const starts = this.limiter.ledger(principal.tenantId, this.logger);
    const run = await inTenant(this.db, principal.tenantId, async (m) => {
      const source = await this.find(m, principal.tenantId, runId);
      const extra = await link(source, m);
      // The start is taken only once the retry or resume passed its checks (a refused one — a run
      // still going, one that did not fail, an unknown step — costs none), as `insertQueued` does.
      const quotas = await starts.take(m);
      const admission = await claimAdmission(m, principal.tenantId, quotas);
      const created = await insertRun(m, {
        admission,
        tenantId: principal.tenantId,
        flowId: source.flowId,
        versionId: source.versionId,
        versionNumber: source.versionNumber,
        definition: source.definition,
        trigger: 'retry',
        input: source.input,
        ...creatorOf(principal),
        ...extra,
      });
      if (!created) throw new Error('a run without an idempotency key was not inserted');
      await this.audit.record(
        m,
        runAuditEntry(principal, runId, {
          action,
          before: { status: source.status },
          after: { runId: created.id, ...extra },
          meta,
        }),
      );
      return { ...created, admission };
    })
      // Committed: the start is the new run's; otherwise it goes back.
      .then((created) => {
        starts.keep();
        return created;
      })
      .finally(() => starts.settle());
    if (!awaitsAdmission(run)) await this.enqueue(principal.tenantId, run.id);
    return toRunView(run);
  }

  /**
   * After the commit: a run whose job cannot be added stays `queued` in Postgres and the runner's
   * sweeper enqueues it later, so the caller still gets its run (202), never an error.
   */
  async enqueue(tenantId: string, runId: string): Promise<void> {
    try {
      await this.queue.add(tenantId, runId);
    } catch (err) {
      this.logger.warn({ runId, err: (err as Error).message }, 'run not enqueued; the sweeper will');
    }
  }

  /**
   * Follows a run's events until its end: subscribed once `subscribed` resolves (undefined when
   * live events are unavailable — the wait then ends at its deadline with a fresh read).
   */
  private endOf(runId: string): RunEnd {
    let wake: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (wake = resolve));
    const subscribed = this.events
      .subscribe(runId, (e) => {
        if (e.type === 'run.status' && isTerminalRunStatus(e.status as RunStatus)) wake();
      })
      .catch(() => undefined);
    // Not awaited by the caller: the answer need not wait for Redis to confirm the UNSUBSCRIBE.
    const close = () => void subscribed.then((unsubscribe) => unsubscribe?.());
    return { ended, subscribed, close };
  }

  /**
   * Subscribes to the run's events BEFORE reading its status, so an end between the read and the
   * subscription cannot be missed; then waits for a terminal status or the deadline. `enqueue`: a
   * new run's job is added only once subscribed — nothing can have happened yet, so the read before
   * waiting is skipped (a tenant transaction less on the `wait` path). `ahead`: the run's events,
   * subscribed to before it was inserted.
   */
  private async waitForEnd(
    principal: Principal,
    run: RunRecord,
    seconds: number,
    enqueue?: () => Promise<void>,
    ahead?: RunEnd,
  ): Promise<RunDetailView> {
    if (seconds <= 0 || isTerminalRunStatus(run.status)) {
      ahead?.close();
      await enqueue?.();
      return this.get(principal, run.id);
    }
    const deadline = Date.now() + seconds * 1000;
    const end = ahead ?? this.endOf(run.id);
    let timer: NodeJS.Timeout | undefined;
    try {
      const unsubscribe = await end.subscribed;
      await enqueue?.();
      if (!enqueue || !unsubscribe) {
        const current = await this.get(principal, run.id);
        if (isTerminalRunStatus(current.status)) return current;
      }
      await Promise.race([
        end.ended,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now())))),
      ]);
      return await this.get(principal, run.id);
    } finally {
      clearTimeout(timer);
      end.close();
    }
  }

  /**
   * Follows a run from now on (see `RunWatch`): subscribe before its job is added, then `until`.
   */
  watch(tenantId: string, runId: string, options: RunWatchOptions): RunWatch {
    const read = () => inTenant(this.db, tenantId, (m) => this.find(m, tenantId, runId));
    return new RunWatch(this.events, runId, read, options);
  }

  /**
   * Waits up to `seconds` until `done(run)` holds for the run or it ended (re-read after the events
   * `settles` picks, e.g. its `respond` steps and its end — not after every step). Subscribes first,
   * then adds a new run's job (`enqueue`), so the read before waiting is skipped (nothing can have
   * happened yet); without `enqueue` the run is read first, as it may have moved already. The
   * webhook trigger's sync mode on the single path; batched accepts use `watch` directly.
   */
  async waitUntil(
    tenantId: string,
    runId: string,
    seconds: number,
    done: (run: RunOutcome) => boolean,
    options: Omit<RunWatchOptions, 'done'> & { enqueue?: () => Promise<void> } = {},
  ): Promise<RunOutcome> {
    const { enqueue, ...watchOptions } = options;
    const watch = this.watch(tenantId, runId, { ...watchOptions, done });
    try {
      await watch.ready;
      options.mark?.('subscribe');
      await enqueue?.();
      options.mark?.('enqueue');
    } catch (err) {
      watch.close();
      throw err;
    }
    return watch.until(seconds, !enqueue);
  }

  private async find(m: EntityManager, tenantId: string, runId: string): Promise<RunRecord> {
    const run = await findRun(m, tenantId, runId);
    if (!run) throw AppError.notFound('Run');
    return run;
  }
}
