import { Inject, Injectable } from '@nestjs/common';
import { AppError, type FieldProblem, type Principal, type TenantQuotas } from '@stepline/domain';
import {
  awaitsAdmission,
  bufferEvent,
  claimEvent,
  DATA_SOURCE,
  findEvent,
  findWaitingForEvent,
  inTenant,
  insertQueuedRun,
  listEventTriggers,
  RunStartLimiter,
  LOGGER,
  recordEventResult,
  resumeWaitpoint,
  type EventRecord,
  type EventTriggerRecord,
  type Logger,
} from '@stepline/server';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { canonicalJson } from '../runs/idempotency.js';
import { RunQueue } from '../runs/run-queue.provider.js';
import { RunsService } from '../runs/runs.service.js';
import { matchEventFilter } from './event-filter.js';
import {
  EVENT_ID_REGEX,
  EVENT_LIMITS,
  EVENT_NAME_MESSAGE,
  EVENT_NAME_REGEX,
  type EventRunInput,
  type PublishedEvent,
  type PublishEventInput,
} from './events.types.js';

/** A publish, checked: what is stored and what runs receive. */
interface CheckedEvent {
  eventId: string;
  /** Whether the publisher chose the id (only then can a repeat exist). */
  ownId: boolean;
  name: string;
  key: string | null;
  payload: unknown;
  payloadBytes: number;
  requestHash: string;
}

/** Transports validate these too; the service keeps every caller honest. */
function checkEvent(input: PublishEventInput): CheckedEvent {
  const problems: FieldProblem[] = [];
  const { name, key, id } = input;
  if (typeof name !== 'string' || !EVENT_NAME_REGEX.test(name)) {
    problems.push({ path: '/name', code: 'field.invalid', message: EVENT_NAME_MESSAGE });
  }
  if (key != null && (typeof key !== 'string' || key.length < 1 || key.length > EVENT_LIMITS.key)) {
    problems.push({ path: '/key', code: 'field.length', message: `1–${EVENT_LIMITS.key} characters` });
  }
  if (id != null && (typeof id !== 'string' || !EVENT_ID_REGEX.test(id))) {
    problems.push({
      path: '/id',
      code: 'field.invalid',
      message: '1–255 printable ASCII characters without spaces',
    });
  }
  if (problems.length) throw AppError.validation(problems);
  const payload = input.payload === undefined ? null : input.payload;
  const payloadBytes = Buffer.byteLength(JSON.stringify(payload), 'utf8');
  if (payloadBytes > EVENT_LIMITS.payloadBytes) {
    throw new AppError('request.too_large', `The payload is larger than ${EVENT_LIMITS.payloadBytes} bytes`, {
      detail: { limit: EVENT_LIMITS.payloadBytes, path: '/payload' },
    });
  }
  const normalizedKey = key ?? null;
  return {
    eventId: id ?? randomUUID(),
    ownId: id != null,
    name,
    key: normalizedKey,
    payload,
    payloadBytes,
    requestHash: createHash('sha256')
      .update(canonicalJson({ name, key: normalizedKey, payload }))
      .digest('hex'),
  };
}

/** Waits one event resolves at most; more are resumed by the next event of the same (name, key). */
const MAX_RESUMES_PER_EVENT = 1000;

const answerOf = (e: EventRecord): PublishedEvent => ({
  eventId: e.eventId,
  resumed: e.result.resumed ?? [],
  started: e.result.started ?? [],
});

/**
 * `POST /v1/events` (product.md §6): in one tenant transaction, claims the event id, resumes every
 * run of the tenant waiting for (name, key) and starts every enabled event trigger on the name whose
 * filter matches; after the commit, the runs go to the queue. A repeat of an id answers the first
 * result and does nothing; the same id with another body is refused like a reused Idempotency-Key.
 */
@Injectable()
export class EventsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly runs: RunsService,
    private readonly queue: RunQueue,
    private readonly limiter: RunStartLimiter,
  ) {}

  async publish(principal: Principal, input: PublishEventInput): Promise<PublishedEvent> {
    const event = checkEvent(input);
    const { tenantId } = principal;
    // One read: a repeat of the id answers from here; otherwise the triggers on the name, whose
    // filters are evaluated before the write transaction (no connection held while JSONata runs).
    const read = await inTenant(this.db, tenantId, async (m) => ({
      seen: event.ownId ? await findEvent(m, tenantId, event.eventId) : null,
      triggers: await listEventTriggers(m, tenantId, event.name),
    }));
    if (read.seen) return this.replay(read.seen, event);
    const quotas = await this.limiter.quotas(tenantId);
    if (event.payloadBytes > quotas.maxPayloadBytes) {
      throw new AppError(
        'quota.payload_too_large',
        `The payload is larger than ${quotas.maxPayloadBytes} bytes`,
        {
          detail: { limit: quotas.maxPayloadBytes, path: '/payload' },
        },
      );
    }
    const triggers = await this.matchingTriggers(tenantId, event, read.triggers);
    // One run start from the tenant's budget per run actually started: taken after the claim (a
    // duplicate id takes none) and after the trigger's checks (a skipped trigger takes none). A 429
    // rolls everything back and gives back the starts taken so far: the event stays unclaimed, so
    // the publisher's retry with the same id does it all.
    const starts = this.limiter.ledger(tenantId, this.logger);
    const takeStart = async () => {
      await starts.take();
    };
    const pending = new Set<string>();
    const outcome = await inTenant(this.db, tenantId, async (m) => {
      const claimed = await claimEvent(m, {
        tenantId,
        eventId: event.eventId,
        name: event.name,
        key: event.key,
        requestHash: event.requestHash,
        payloadBytes: event.payloadBytes,
        publishedBy: principal.kind === 'user' ? principal.userId : null,
        publishedByApiKey: principal.kind === 'api_key' ? principal.apiKeyId : null,
      });
      // Taken: a concurrent publish of the id committed first (the claim waited for it).
      if (!claimed) return { seen: await findEvent(m, tenantId, event.eventId) };
      // Kept a short while for a wait that opens after it (ADR 0008); locks (name, key) first.
      await bufferEvent(m, {
        tenantId,
        eventId: event.eventId,
        name: event.name,
        key: event.key,
        payload: event.payload,
      });
      const resumed = await this.resumeWaiting(m, tenantId, event);
      const started = await this.startTriggered(m, principal, event, triggers, quotas, pending, takeStart);
      const result = { resumed, started };
      await recordEventResult(m, tenantId, event.eventId, result);
      return { result };
    })
      // Committed: a start per run started is that run's; the others go back (none but by a bug).
      .then((done) => {
        starts.keep(done.result?.started.length ?? 0);
        return done;
      })
      .finally(() => starts.settle());
    if ('seen' in outcome) {
      if (!outcome.seen) throw new AppError('resource.conflict', 'The event id is in use; try again');
      return this.replay(outcome.seen, event);
    }
    const { resumed, started } = outcome.result;
    for (const runId of resumed) await this.wake(tenantId, runId);
    // Runs pending admission get their jobs from the worker's admitter.
    for (const runId of started) if (!pending.has(runId)) await this.runs.enqueue(tenantId, runId);
    return { eventId: event.eventId, resumed, started };
  }

  private replay(seen: EventRecord, event: CheckedEvent): PublishedEvent {
    if (seen.requestHash !== event.requestHash) {
      throw new AppError(
        'idempotency.key_reused',
        'This event id was published with a different name, key or payload',
      );
    }
    return answerOf(seen);
  }

  /** Enabled event triggers on the name whose filter matches; a failing filter is logged, not fatal. */
  private async matchingTriggers(
    tenantId: string,
    event: CheckedEvent,
    triggers: EventTriggerRecord[],
  ): Promise<EventTriggerRecord[]> {
    const matching: EventTriggerRecord[] = [];
    for (const trigger of triggers) {
      const outcome = await matchEventFilter(trigger.filter, {
        payload: event.payload,
        key: event.key,
        name: event.name,
      });
      if ('error' in outcome) {
        this.logger.warn(
          { tenantId, triggerId: trigger.id, eventId: event.eventId, code: outcome.error.code },
          'event trigger filter failed; counted as no match',
        );
      }
      if (outcome.match) matching.push(trigger);
    }
    return matching;
  }

  /**
   * Every waitpoint of the tenant waiting for (name, key) — or for the name with no key — resolved
   * with the payload through the compare-and-set of `resumeWaitpoint`: a waitpoint another event
   * (or its timeout) resolved first is not counted. Answers the runs, each once.
   */
  private async resumeWaiting(m: EntityManager, tenantId: string, event: CheckedEvent): Promise<string[]> {
    const waiting = await findWaitingForEvent(m, tenantId, event.name, event.key, MAX_RESUMES_PER_EVENT);
    const resumed = new Set<string>();
    for (const waitpoint of waiting) {
      const outcome = await resumeWaitpoint(m, {
        tenantId,
        waitpointId: waitpoint.id,
        result: event.payload,
        resolvedBy: `event:${event.eventId}`,
      });
      if (outcome.kind === 'resumed') resumed.add(outcome.waitpoint.runId);
    }
    return [...resumed];
  }

  /** After the commit; a run whose job cannot be woken now is `running` and the sweeper enqueues it. */
  private async wake(tenantId: string, runId: string): Promise<void> {
    try {
      await this.queue.resume(tenantId, runId);
    } catch (err) {
      this.logger.warn({ runId, err: (err as Error).message }, 'resumed run not woken; the sweeper will');
    }
  }

  /**
   * A run per matching trigger, bound to its pinned or the published version, input
   * `{ name, key, payload, eventId }`. A trigger whose flow cannot start (no published version,
   * input refused by its inputSchema) is skipped and logged: the publisher is not the flow's editor.
   * Each run takes its start through `takeStart` once its checks passed; a 429 there is thrown.
   */
  private async startTriggered(
    m: EntityManager,
    principal: Principal,
    event: CheckedEvent,
    triggers: EventTriggerRecord[],
    quotas: TenantQuotas,
    pending: Set<string>,
    takeStart: () => Promise<void>,
  ): Promise<string[]> {
    const input: EventRunInput = {
      name: event.name,
      key: event.key,
      payload: event.payload,
      eventId: event.eventId,
    };
    const started: string[] = [];
    for (const trigger of triggers) {
      try {
        const run = await insertQueuedRun(m, {
          tenantId: principal.tenantId,
          flowId: trigger.flowId,
          ref: trigger.versionNumber ?? 'published',
          input,
          trigger: 'event',
          quotas,
          takeStart,
          createdBy: principal.kind === 'user' ? principal.userId : null,
          createdByApiKey: principal.kind === 'api_key' ? principal.apiKeyId : null,
        });
        if (run) started.push(run.id);
        if (run && awaitsAdmission(run)) pending.add(run.id);
      } catch (err) {
        // Checks only (no failed statement): the transaction is still usable. Out of run starts:
        // the whole publish is refused (429) and rolled back.
        if (!(err instanceof AppError) || err.code === 'quota.run_starts_exceeded') throw err;
        this.logger.warn(
          { tenantId: principal.tenantId, triggerId: trigger.id, eventId: event.eventId, code: err.code },
          'event trigger did not start a run',
        );
      }
    }
    return started;
  }
}
