import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, LOGGER, type AppConfig, type Logger } from '@stepline/server';
import { RunControlListener } from './run-control.listener.js';
import { RUN_STORE } from './run-store.js';
import type { RunStore } from './run-store.types.js';

/**
 * Marks the runs this worker holds as alive (one statement for all of them), so the sweeper never
 * re-enqueues a run whose long step is still in flight here.
 */
@Injectable()
export class RunHeartbeat implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RUN_STORE) private readonly store: RunStore,
    private readonly control: RunControlListener,
  ) {}

  onModuleInit(): void {
    const every = Math.max(50, Math.floor(this.config.runs.sweepStaleAfterMs / 3));
    this.timer = setInterval(() => void this.beat(), every).unref();
  }

  async beat(): Promise<void> {
    const ids = this.control.activeRunIds();
    if (ids.length === 0) return;
    await this.store
      .touch(ids)
      .catch((error: unknown) => this.logger.warn({ err: String(error) }, 'run heartbeat failed'));
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
