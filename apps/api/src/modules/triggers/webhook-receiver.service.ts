import { Inject, Injectable } from '@nestjs/common';
import {
  AppError,
  isTerminalRunStatus,
  type JsonShapeLimits,
  type RunEvent,
  type RunStatus,
} from '@stepline/domain';
import {
  APP_CONFIG,
  DATA_SOURCE,
  enterScope,
  findTriggerByTokenHash,
  findWebhookDedup,
  hashToken,
  awaitsAdmission,
  inScope,
  inTenant,
  insertQueuedRun,
  insertWebhookDedup,
  LOGGER,
  pruneWebhookDedup,
  RunStartLimiter,
  SecretsCipher,
  updateWebhookDedupResponse,
  verifyGithub,
  verifyHeader,
  verifyStandard,
  type AppConfig,
  type DedupEntry,
  type Logger,
  type RunRecord,
  type StoredTrigger,
  type VerifyResult,
} from '@stepline/server';
import type { DataSource, EntityManager } from 'typeorm';
import { jsonShapeError, scanJsonShape } from '../../common/http/json-body-limits.js';
import { RunsService } from '../runs/runs.service.js';
import type { RunOutcome, RunWatch, RunWatchOptions } from '../runs/run-watch.js';
import { runUrl } from '../runs/runs.types.js';
import { triggerSecretBinding, WEBHOOK_TOKEN_PREFIX } from './triggers.service.js';
import { StageTimer } from './stage-timer.js';
import { WebhookAcceptBatcher, type AcceptedRun, type Admitted } from './webhook-accept-batcher.js';
import type { WebhookConfig } from './webhook-config.js';

type Headers = Record<string, string | string[] | undefined>;

export interface WebhookRequest {
  token: string;
  method: string;
  headers: Headers;
  query: Record<string, unknown>;
  /** The raw bytes (read by the `/hooks` raw parser); empty without a body. */
  body: Buffer;
}

export interface WebhookAnswer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
  /** True when a duplicate delivery was answered from the dedup record. */
  replayed?: boolean;
}

/** Dedup keys are sender-chosen ids; longer ones are refused rather than truncated. */
const MAX_DEDUP_KEY = 255;
/** Headers a `respond` step may not set: the HTTP layer owns them. */
const RESERVED_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
]);

const one = (h: Headers, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};
const notFound = () => new AppError('resource.not_found', 'Not found');

/** Lost the race for a dedup key: the transaction rolls back and the winner's answer is replayed. */
class DedupRace extends Error {}

const replayOf = (e: DedupEntry): { replay: WebhookAnswer } => ({
  replay: { status: e.response.status, headers: e.response.headers, body: e.response.body },
});

/**
 * The public `/hooks/{token}` endpoint (product.md §6). Accepting a request is one indexed lookup
 * (token hash, any tenant) and one tenant transaction inserting the run (and its dedup key); the run
 * goes to the queue. The tenant comes from the trigger record, never from the request.
 */
@Injectable()
export class WebhookReceiverService {
  private readonly shape: JsonShapeLimits;
  private readonly serverTiming: boolean;

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly cipher: SecretsCipher,
    private readonly runs: RunsService,
    private readonly batcher: WebhookAcceptBatcher,
    private readonly limiter: RunStartLimiter,
  ) {
    this.shape = { maxDepth: config.http.jsonMaxDepth, maxNodes: config.http.jsonMaxNodes };
    this.serverTiming = config.http.webhookServerTiming;
  }

  async receive(req: WebhookRequest): Promise<WebhookAnswer> {
    if (!req.token.startsWith(WEBHOOK_TOKEN_PREFIX) || req.token.length > 100) throw notFound();
    const tokenHash = hashToken(req.token);
    const timer = this.serverTiming ? new StageTimer() : undefined;
    // Sync mode: the batch subscribes us to the run's events while it commits, then adds the job.
    const sync: { watch?: RunWatch } = {};
    // Group commit: the requests of about a millisecond share one transaction and one enqueue
    // (webhook-accept-batcher.ts); the single path below takes what a batch could not.
    const batched = await this.batcher.accept({
      tokenHash,
      admit: (trigger) => this.admit(trigger, req),
      timer,
      watch: ({ tenantId, runId, respondSteps }) => {
        sync.watch = this.runs.watch(tenantId, runId, {
          ...waitFor(respondSteps),
          mark: timer && ((stage) => timer.mark(stage)),
        });
        return sync.watch.ready;
      },
    });
    if (!('ok' in batched)) sync.watch?.close();
    if ('error' in batched) throw batched.error;
    const outcome =
      'ok' in batched ? batched.ok : await this.acceptSingle(req, tokenHash, batched.startTaken);
    timer?.mark('ok' in batched ? 'answered' : 'single');
    const { trigger, key, accepted } = outcome;
    const config = trigger.config as unknown as WebhookConfig;
    if ('replay' in accepted) {
      const { status, headers, body } = accepted.replay;
      return { status, headers, body, replayed: true };
    }
    const { run } = accepted;
    // A run pending admission (its tenant's slots are full) gets its job from the worker's admitter.
    const enqueue =
      outcome.enqueued || awaitsAdmission(run)
        ? undefined
        : () => this.runs.enqueue(trigger.tenantId, run.id);
    if (config.responseMode !== 'sync') {
      await enqueue?.();
      return { status: 202, body: { runId: run.id, status: run.status, url: runUrl(run.id) } };
    }
    const latest =
      'ok' in batched && sync.watch
        ? await sync.watch.until(config.timeoutSeconds, awaitsAdmission(run))
        : await this.runs.waitUntil(
            trigger.tenantId,
            run.id,
            config.timeoutSeconds,
            (r) => r.response != null,
            {
              ...waitFor(run.respondSteps),
              enqueue,
              mark: timer && ((stage) => timer.mark(stage)),
            },
          );
    const answer = syncAnswer(run, latest);
    if (key !== undefined) {
      await inTenant(this.db, trigger.tenantId, (m) =>
        updateWebhookDedupResponse(m, trigger.id, key, {
          status: answer.status,
          body: answer.body,
          headers: answer.headers,
        }),
      ).catch((err: Error) =>
        this.logger.warn({ runId: run.id, err: err.message }, 'dedup answer not stored'),
      );
      timer?.mark('dedup');
    }
    if (timer) answer.headers = { ...answer.headers, 'server-timing': timer.header() };
    return answer;
  }

  /**
   * The single path (a batch that failed, or what a batch leaves): one transaction from the token
   * lookup (pre-tenant scope) to the run insert (the trigger's tenant). One run start per request,
   * whatever path commits it: a start the rolled-back batch took for this request (`startTaken`)
   * is used here instead of taking another; a start held by a request that starts no run after all
   * (a replay, its own error, a lost dedup race, a failed commit) is given back.
   */
  private async acceptSingle(
    req: WebhookRequest,
    tokenHash: string,
    startTaken?: { tenantId: string },
  ): Promise<Admitted> {
    const admitted: { trigger?: StoredTrigger; key?: string } = {};
    let starts = startTaken && this.limiter.ledger(startTaken.tenantId, this.logger).adopt();
    try {
      const outcome = await inScope(this.db, { tokenHash }, async (m) => {
        const trigger = await findTriggerByTokenHash(m, tokenHash);
        if (!trigger || !trigger.enabled) throw notFound();
        const { input, key } = this.admit(trigger, req);
        Object.assign(admitted, { trigger, key });
        await enterScope(m, { tenantId: trigger.tenantId });
        const takeStart = async () => {
          starts ??= this.limiter.ledger(trigger.tenantId, this.logger);
          if (starts.held === 0) await starts.take(m);
        };
        return { trigger, key, accepted: await this.accept(m, trigger, input, key, takeStart) };
      });
      // Committed: the start it holds is the run's.
      if ('run' in outcome.accepted) starts?.keep();
      return outcome;
    } catch (err) {
      if (!(err instanceof DedupRace) || !admitted.trigger || admitted.key === undefined) throw err;
      const { trigger, key } = admitted as { trigger: StoredTrigger; key: string };
      return { trigger, key, accepted: await this.replayRace(trigger, key) };
    } finally {
      await starts?.settle();
    }
  }

  /** The checks before a run may start: method, size, authentication, body, dedup key. */
  private admit(trigger: StoredTrigger, req: WebhookRequest): { input: unknown; key: string | undefined } {
    const config = trigger.config as unknown as WebhookConfig;
    const method = req.method.toUpperCase();
    if (!config.methods.includes(method as WebhookConfig['methods'][number])) {
      throw new AppError('method.not_allowed', `This webhook accepts ${config.methods.join(', ')}`, {
        detail: { allow: config.methods },
      });
    }
    if (req.body.length > config.maxBodyBytes) {
      throw new AppError('request.too_large', `The body is larger than ${config.maxBodyBytes} bytes`, {
        detail: { limit: config.maxBodyBytes },
      });
    }
    this.authenticate(trigger, config, req);
    const input = {
      body: this.parseBody(req),
      query: req.query,
      headers: Object.fromEntries(
        config.headers.filter((h) => one(req.headers, h) !== undefined).map((h) => [h, one(req.headers, h)]),
      ),
    };
    const key = one(req.headers, 'webhook-id') ?? one(req.headers, 'idempotency-key');
    if (key !== undefined && (key.length === 0 || key.length > MAX_DEDUP_KEY)) {
      throw AppError.validation([
        { path: '/headers/webhook-id', code: 'field.length', message: `1–${MAX_DEDUP_KEY} characters` },
      ]);
    }
    return { input, key };
  }

  private authenticate(trigger: StoredTrigger, config: WebhookConfig, req: WebhookRequest): void {
    const auth = config.auth;
    if (auth.type === 'none') return;
    if (!trigger.secret) throw new AppError('auth.unauthenticated', 'The webhook cannot be authenticated');
    const secret = this.cipher.decrypt(trigger.secret, triggerSecretBinding(trigger.tenantId, trigger.id));
    let result: VerifyResult;
    if (auth.type === 'header') result = verifyHeader(secret, req.headers, auth.header);
    else if (auth.style === 'github') result = verifyGithub(secret, req.headers, req.body);
    else result = verifyStandard(secret, req.headers, req.body, auth.replayWindowSeconds);
    if (!result.ok) {
      const message =
        result.reason === 'replay'
          ? 'The webhook timestamp is outside the replay window'
          : result.reason === 'missing'
            ? 'The webhook signature is missing'
            : 'The webhook signature does not match';
      throw new AppError('auth.unauthenticated', message);
    }
  }

  /** JSON (strict), form or text; an empty body is null; anything else is 415. */
  private parseBody(req: WebhookRequest): unknown {
    if (req.body.length === 0) return null;
    const type = (one(req.headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)) {
      const problem = scanJsonShape(req.body, this.shape);
      if (problem) throw jsonShapeError(problem);
      try {
        return JSON.parse(req.body.toString('utf8'));
      } catch {
        throw new AppError('request.invalid', 'The request body is not valid JSON');
      }
    }
    if (type === 'application/x-www-form-urlencoded') {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) {
        const had = out[k];
        out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
      }
      return out;
    }
    if (type.startsWith('text/')) return req.body.toString('utf8');
    throw new AppError(
      'request.unsupported_media_type',
      'Send application/json, application/x-www-form-urlencoded or text/*',
    );
  }

  /** Inside the request's transaction, in the trigger's tenant: dedup lookup, run insert, dedup key. */
  private async accept(
    m: EntityManager,
    trigger: StoredTrigger,
    input: unknown,
    key: string | undefined,
    takeStart: () => Promise<void>,
  ): Promise<{ run: RunRecord } | { replay: WebhookAnswer }> {
    if (key !== undefined) {
      const seen = await findWebhookDedup(m, trigger.id, key);
      if (seen) return replayOf(seen);
    }
    // `insertQueuedRun` takes the start only once its checks passed (as the batch does).
    const run = await insertQueuedRun(m, {
      tenantId: trigger.tenantId,
      flowId: trigger.flowId,
      ref: trigger.versionNumber ?? 'published',
      input,
      trigger: 'webhook',
      quotas: await this.limiter.quotas(trigger.tenantId, m),
      takeStart,
    });
    if (!run) throw new Error('a run without an idempotency key was not inserted');
    if (key !== undefined) {
      const response = { status: 202, body: { runId: run.id, status: run.status, url: runUrl(run.id) } };
      if (
        !(await insertWebhookDedup(m, {
          tenantId: trigger.tenantId,
          triggerId: trigger.id,
          key,
          runId: run.id,
          response,
        }))
      ) {
        throw new DedupRace();
      }
      await pruneWebhookDedup(m, trigger.id);
    }
    return { run };
  }

  /** Lost the race for a dedup key (the transaction rolled back): answer like the winner. */
  private async replayRace(trigger: StoredTrigger, key: string): Promise<{ replay: WebhookAnswer }> {
    const seen = await inTenant(this.db, trigger.tenantId, (m) => findWebhookDedup(m, trigger.id, key));
    if (!seen) throw new AppError('resource.conflict', 'The delivery id is in use; try again');
    return replayOf(seen);
  }
}

/**
 * What the sync wait looks for: after each `respond` step settled and at the run's end, a re-read
 * (not after every step) — when the batch told which steps respond. A run without any `respond`
 * step is answered from its terminal event when that carries the output (no read at all).
 */
function waitFor(respondSteps: string[] | undefined): Omit<RunWatchOptions, 'mark'> {
  const done = (r: RunOutcome) => r.response != null;
  if (!respondSteps) return { done };
  const respond = new Set(respondSteps);
  return {
    done,
    settles: (e: RunEvent) =>
      e.type === 'run.status'
        ? isTerminalRunStatus(e.status as RunStatus)
        : e.type === 'step.settled' && respond.has(e.stepId),
    fromEvent: respond.size
      ? undefined
      : (e: RunEvent) =>
          e.type === 'run.status' && e.status === 'succeeded' && e.output !== undefined
            ? { status: 'succeeded', output: e.output, response: null }
            : undefined,
  };
}

/** The `respond` step's response, else the output of a succeeded run, else 202 with the run. */
function syncAnswer(run: AcceptedRun, latest: RunOutcome): WebhookAnswer {
  const response = latest.response as {
    status?: number;
    headers?: Record<string, unknown>;
    body?: unknown;
  } | null;
  if (response) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers ?? {})) {
      if (!RESERVED_HEADERS.has(name.toLowerCase()) && typeof value === 'string') headers[name] = value;
    }
    return { status: response.status ?? 200, headers, body: response.body ?? null };
  }
  if (latest.status === 'succeeded') return { status: 200, body: latest.output ?? null };
  return { status: 202, body: { runId: run.id, status: latest.status, url: runUrl(run.id) } };
}
