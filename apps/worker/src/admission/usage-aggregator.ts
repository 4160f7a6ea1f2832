import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  APP_CONFIG,
  DATA_SOURCE,
  LOGGER,
  refreshUsageDaily,
  type AppConfig,
  type Logger,
} from '@stepline/server';
import type { DataSource } from 'typeorm';

/**
 * Records usage (runs, step attempts, step-seconds per tenant per UTC day) by re-aggregating
 * yesterday and today from `runs` (by creation day) and `step_runs` (by the day an attempt
 * finished) every `USAGE_INTERVAL_MS` (`refresh_usage_daily`, one statement). Nothing is written
 * on the hot path; every worker may run it (the upsert is idempotent and a day's numbers only grow).
 */
@Injectable()
export class UsageAggregator implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.refresh(), this.config.quotas.usageIntervalMs).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Re-aggregates the UTC days from yesterday (or `since`); answers the rows written. */
  async refresh(since?: string): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const from = since ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      return await refreshUsageDaily(this.db, from);
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'usage aggregation failed; it will run again');
      return 0;
    } finally {
      this.running = false;
    }
  }
}
