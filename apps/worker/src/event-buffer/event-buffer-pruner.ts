import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  APP_CONFIG,
  DATA_SOURCE,
  LOGGER,
  pruneEventBuffer,
  type AppConfig,
  type Logger,
} from '@stepline/server';
import type { DataSource } from 'typeorm';

/** Rows one statement deletes: short transactions, no long lock on the buffer. */
const BATCH = 500;
/** Batches one pass deletes at most; the rest waits for the next pass. */
const MAX_BATCHES = 20;

/**
 * Drops buffered events older than `EVENT_BUFFER_WINDOW_MS` (docs/adr/0008-event-buffer.md) every
 * `EVENT_BUFFER_PRUNE_INTERVAL_MS`, in batches of 500 (`prune_event_buffer`, SKIP LOCKED, across
 * tenants). A match never uses an older event anyway (it checks the window itself): pruning only
 * bounds the table. Every worker prunes; SKIP LOCKED keeps two pruners off each other's rows.
 */
@Injectable()
export class EventBufferPruner implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private pruning = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.prune(), this.config.eventBuffer.pruneIntervalMs).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One pass; answers how many events it dropped. */
  async prune(): Promise<number> {
    if (this.pruning) return 0;
    this.pruning = true;
    let dropped = 0;
    try {
      for (let i = 0; i < MAX_BATCHES; i++) {
        const n = await pruneEventBuffer(this.db, this.config.eventBuffer.windowMs, BATCH);
        dropped += n;
        if (n < BATCH) break;
      }
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'event buffer pruning failed; it will run again');
    } finally {
      this.pruning = false;
    }
    return dropped;
  }
}
