import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { RunEvent } from '@stepline/domain';
import { APP_CONFIG, createRedis, runEventsChannel, type AppConfig } from '@stepline/server';
import type { Redis } from 'ioredis';

/**
 * Publishes live run events on Redis pub/sub, after the state they describe is committed. Fire and
 * forget: a live view that misses an event re-reads Postgres (SSE replays from `seq`).
 */
@Injectable()
export class RunEventsPublisher implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // Auto-pipelining sends the many small PUBLISHes of a busy worker in few round trips.
    this.redis = createRedis(config.redisUrl, config.redisPrefix, 'queue', { enableAutoPipelining: true });
  }

  publish(event: RunEvent): void {
    this.redis
      .publish(runEventsChannel(this.config.redisPrefix, event.runId), JSON.stringify(event))
      .catch(() => {
        // Live views are best effort; Postgres holds the truth.
      });
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
