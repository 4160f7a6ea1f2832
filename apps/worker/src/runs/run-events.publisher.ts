import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { RunEvent } from '@stepline/domain';
import {
  APP_CONFIG,
  createRedis,
  runEventsChannel,
  runEventsMessage,
  type AppConfig,
} from '@stepline/server';
import type { Redis } from 'ioredis';

/** Runs remembered at most; past it the memory is dropped (every run publishes its next start again). */
const MAX_TRACKED_RUNS = 10_000;

/**
 * Whether a run's `step.started` is worth publishing: only while someone listens (ADR 0005, "Live
 * events"). `PUBLISH` answers how many subscribers got a message, so each publish tells us whether
 * the run's channel has a listener. A run this worker has not published for yet publishes; after
 * that, a start is published only if the run's last answered publish reached a subscriber. Every
 * `step.settled` and `run.status` is published whatever the answer, so a viewer who subscribes
 * while nobody listened is noticed at the next settled step, and misses at most the start of the
 * steps started before it (a start is never recorded in Postgres: a viewer that subscribes
 * mid-step never saw it either). Skipping a start saves one `PUBLISH` per step: 5–12 % of the
 * worker's CPU on bench/engine.
 */
export class ListenerGate {
  private readonly listened = new Map<string, boolean>();

  /** Publish this event? */
  wants(event: RunEvent): boolean {
    return event.type !== 'step.started' || this.listened.get(event.runId) !== false;
  }

  /** A publish of the run was answered: `receivers` subscribers got it. */
  heard(event: RunEvent, receivers: number): void {
    // A status ends (or parks) the run on this worker: forget it; a run seen again publishes its start.
    if (event.type === 'run.status') {
      this.listened.delete(event.runId);
      return;
    }
    if (this.listened.size >= MAX_TRACKED_RUNS && !this.listened.has(event.runId)) this.listened.clear();
    this.listened.set(event.runId, receivers > 0);
  }

  /** Runs remembered (tests). */
  get size(): number {
    return this.listened.size;
  }
}

/**
 * Publishes live run events on Redis pub/sub, after the state they describe is committed. Fire and
 * forget: a live view that misses an event re-reads Postgres (SSE replays from `seq`). `step.started`
 * only while the run has listeners (`ListenerGate`). The step events of a run published in one turn
 * of the event loop (a commit's settled steps) go out as one message, a JSON array in order
 * (`runEventsMessage`), then its status as a message of its own: two `PUBLISH`es per run and commit
 * instead of one per event.
 */
@Injectable()
export class RunEventsPublisher implements OnModuleDestroy {
  private readonly redis: Redis;
  private readonly gate = new ListenerGate();
  private pending = new Map<string, RunEvent[]>();
  private scheduled = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.redis = createRedis(config.redisUrl, config.redisPrefix, 'queue');
  }

  publish(event: RunEvent): void {
    if (!this.gate.wants(event)) return;
    const events = this.pending.get(event.runId);
    if (events) events.push(event);
    else this.pending.set(event.runId, [event]);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /**
   * Sends what was published since the last flush: one message per run, all of them in one pipeline
   * (one write for a busy worker's many runs). Not ioredis' auto-pipelining: it keeps one pipeline in
   * flight per connection, so a run's end waited for the answer to the previous flush's PUBLISHes
   * (a Redis round trip more on a run's latency, seen in an strace of a 3-step run).
   */
  private flush(): void {
    this.scheduled = false;
    const batches = this.pending;
    this.pending = new Map();
    const messages: Array<{ channel: string; events: RunEvent[] }> = [];
    for (const [runId, events] of batches) {
      const channel = runEventsChannel(this.config.redisPrefix, runId);
      // A status goes alone, as a single event: every reader — an API older than the arrays too —
      // hears a run end (`wait`, sync webhooks). The step events between statuses go together.
      let steps: RunEvent[] = [];
      for (const event of events) {
        if (event.type !== 'run.status') {
          steps.push(event);
          continue;
        }
        if (steps.length > 0) messages.push({ channel, events: steps });
        steps = [];
        messages.push({ channel, events: [event] });
      }
      if (steps.length > 0) messages.push({ channel, events: steps });
    }
    if (messages.length > 0) this.send(messages);
  }

  private send(messages: Array<{ channel: string; events: RunEvent[] }>): void {
    const pipeline = this.redis.pipeline();
    for (const m of messages) pipeline.publish(m.channel, runEventsMessage(m.events));
    pipeline.exec().then(
      (answers) =>
        answers?.forEach(([error, receivers], i) => {
          const events = messages[i]?.events ?? [];
          if (!error) for (const event of events) this.gate.heard(event, Number(receivers));
        }),
      () => {
        // Live views are best effort; Postgres holds the truth.
      },
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.flush();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
