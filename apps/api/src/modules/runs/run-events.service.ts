import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppError, type RunControlMessage, type RunEvent, type RunStatusEvent } from '@stepline/domain';
import {
  APP_CONFIG,
  createRedis,
  LOGGER,
  parseRunEventsMessage,
  REDIS,
  runControlChannel,
  runEventsChannel,
  runEventsMessage,
  type AppConfig,
  type Logger,
} from '@stepline/server';
import type { Redis } from 'ioredis';

export type RunEventListener = (event: RunEvent) => void;

/**
 * The subscriber connection queues commands while Redis is away (it must, to re-subscribe after a
 * reconnect); a caller waits this long for its SUBSCRIBE before giving up with a 503.
 */
const SUBSCRIBE_TIMEOUT_MS = 3_000;

function withDeadline<T>(pending: Promise<T> | undefined, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([Promise.resolve(pending), deadline]).finally(() => clearTimeout(timer));
}

/**
 * Live run events from Redis pub/sub, fanned out to every SSE stream, GraphQL subscription and
 * `wait` of this process. One dedicated subscriber connection serves them all (a connection in
 * subscriber mode can do nothing else); a channel is subscribed while at least one listener needs
 * it, so a thousand viewers of one run cost one subscription. ioredis re-subscribes after a
 * reconnect; events published while disconnected are lost, which is why every consumer reads
 * Postgres after subscribing and treats events as hints plus data, never as the only source.
 */
@Injectable()
export class RunEventsService implements OnApplicationShutdown {
  private subscriber: Redis | undefined;
  private readonly listeners = new Map<string, Set<RunEventListener>>();
  /** Per channel, the SUBSCRIBE / UNSUBSCRIBE in flight, so the two never interleave. */
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Calls `listener` with every event of the run from the moment the returned promise resolves
   * (the SUBSCRIBE is acknowledged) until the returned function is called.
   */
  async subscribe(runId: string, listener: RunEventListener): Promise<() => Promise<void>> {
    const channel = runEventsChannel(this.config.redisPrefix, runId);
    let set = this.listeners.get(channel);
    const first = !set;
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    let done = false;
    const unsubscribe = async () => {
      if (done) return;
      done = true;
      const current = this.listeners.get(channel);
      current?.delete(listener);
      if (current && current.size === 0) {
        this.listeners.delete(channel);
        await this.serial(channel, () => this.connection().unsubscribe(channel)).catch(() => undefined);
      }
    };
    try {
      const acknowledged = first
        ? this.serial(channel, () => this.connection().subscribe(channel))
        : this.pending.get(channel);
      await withDeadline(acknowledged, SUBSCRIBE_TIMEOUT_MS);
    } catch (error) {
      await unsubscribe();
      throw new AppError('dependency.unavailable', 'Live run events are unavailable; try again', {
        retryAfterSeconds: 1,
        cause: error,
      });
    }
    return unsubscribe;
  }

  /**
   * Announces a status the API itself wrote (a queued or waiting run cancelled): no worker holds
   * such a run, so no worker would tell its viewers.
   */
  async publishStatus(run: { id: string; status: string; error?: RunStatusEvent['error'] }): Promise<void> {
    const event: RunStatusEvent = {
      type: 'run.status',
      runId: run.id,
      status: run.status,
      at: new Date().toISOString(),
      error: run.error ?? null,
    };
    await this.redis.publish(runEventsChannel(this.config.redisPrefix, run.id), runEventsMessage([event]));
  }

  /** Asks the workers to abort the run's step in flight (the run row already says cancel requested). */
  async requestCancel(tenantId: string, runId: string): Promise<void> {
    const message: RunControlMessage = { type: 'cancel', tenantId, runId };
    await this.redis.publish(runControlChannel(this.config.redisPrefix), JSON.stringify(message));
  }

  async onApplicationShutdown(): Promise<void> {
    this.listeners.clear();
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  private serial<T>(channel: string, op: () => Promise<T>): Promise<T> {
    const previous = this.pending.get(channel) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(op);
    this.pending.set(channel, next);
    void next
      .finally(() => {
        if (this.pending.get(channel) === next) this.pending.delete(channel);
      })
      .catch(() => undefined);
    return next;
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    // The 'queue' role: commands wait for the connection instead of failing while it (re)connects,
    // and no key prefix (channels carry the instance prefix in their names).
    const subscriber = createRedis(this.config.redisUrl, this.config.redisPrefix, 'queue');
    subscriber.on('error', (err) => this.logger.warn({ err: err.message }, 'run events subscriber error'));
    subscriber.on('message', (channel: string, text: string) => this.dispatch(channel, text));
    this.subscriber = subscriber;
    return subscriber;
  }

  private dispatch(channel: string, text: string): void {
    const set = this.listeners.get(channel);
    if (!set) return;
    let events: RunEvent[];
    try {
      events = parseRunEventsMessage<RunEvent>(text);
    } catch {
      this.logger.warn({ channel }, 'unparsable run event ignored');
      return;
    }
    for (const event of events) {
      for (const listener of [...set]) {
        try {
          listener(event);
        } catch (err) {
          this.logger.warn({ err: (err as Error).message }, 'run event listener failed');
        }
      }
    }
  }
}
