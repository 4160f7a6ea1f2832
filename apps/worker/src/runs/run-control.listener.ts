import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { RunControlMessage } from '@stepline/domain';
import {
  APP_CONFIG,
  createRedis,
  LOGGER,
  runControlChannel,
  type AppConfig,
  type Logger,
} from '@stepline/server';
import type { Redis } from 'ioredis';

/** Why a run's in-flight steps were aborted; steps record `cancelled`, the run its own status. */
export type RunAbortReason = 'cancel' | 'timeout' | 'run-failed' | 'shutdown' | 'superseded';

/**
 * The runs this worker is executing, each with the controller that aborts its in-flight steps. A
 * cancel published by any API process reaches every worker; the one holding the run aborts it.
 */
@Injectable()
export class RunControlListener implements OnModuleInit, OnModuleDestroy {
  private readonly active = new Map<string, AbortController>();
  private subscriber?: Redis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = createRedis(this.config.redisUrl, this.config.redisPrefix, 'queue');
    this.subscriber.on('message', (_channel: string, raw: string) => this.onMessage(raw));
    await this.subscriber.subscribe(runControlChannel(this.config.redisPrefix));
  }

  register(runId: string): AbortController {
    const controller = new AbortController();
    this.active.set(runId, controller);
    return controller;
  }

  release(runId: string, controller: AbortController): void {
    if (this.active.get(runId) === controller) this.active.delete(runId);
  }

  activeRunIds(): string[] {
    return [...this.active.keys()];
  }

  /** Aborts every run in flight (shutdown: their jobs are re-delivered to another worker). */
  abortAll(reason: RunAbortReason): void {
    for (const controller of this.active.values()) controller.abort(reason);
  }

  private onMessage(raw: string): void {
    try {
      const message = JSON.parse(raw) as RunControlMessage;
      if (message?.type === 'cancel' && typeof message.runId === 'string') {
        this.active.get(message.runId)?.abort('cancel' satisfies RunAbortReason);
      }
    } catch {
      this.logger.warn('ignored a malformed run-control message');
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
