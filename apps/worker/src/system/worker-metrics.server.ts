import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  APP_CONFIG,
  LOGGER,
  METRICS,
  startMetricsServer,
  type AppConfig,
  type Logger,
  type Metrics,
} from '@stepline/server';
import type { Server } from 'node:http';

/**
 * The worker's only HTTP: `GET /metrics` on `WORKER_METRICS_PORT` (runs finished by status, step
 * durations by type, jobs in progress, process metrics), behind `METRICS_TOKEN` when set.
 */
@Injectable()
export class WorkerMetricsServer implements OnModuleInit, OnModuleDestroy {
  private server?: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const port = this.config.runs.workerMetricsPort;
    if (port === null) return;
    this.server = await startMetricsServer(this.metrics, {
      port,
      host: this.config.metrics.host,
      token: this.config.metrics.token,
    });
    this.logger.info({ port }, 'worker metrics listening');
  }

  async onModuleDestroy(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The bound port (tests listen on 0). */
  port(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : null;
  }
}
