import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, ENTITIES, QueueName, type AppConfig, type Logger } from '@stepline/server';
import { AdmissionModule } from './admission/admission.module.js';
import { DeliveriesModule } from './deliveries/deliveries.module.js';
import { EventBufferModule } from './event-buffer/event-buffer.module.js';
import { RunsModule } from './runs/runs.module.js';
import { SchedulesModule } from './schedules/schedules.module.js';
import { SecretsModule } from './secrets/secrets.module.js';
import { SystemProcessor } from './system/system.processor.js';
import { WorkerMetricsServer } from './system/worker-metrics.server.js';

export interface WorkerModuleOptions {
  config: AppConfig;
  logger?: Logger;
}

/** The worker: a Nest application context (no HTTP) running BullMQ processors. */
@Module({})
export class WorkerModule {
  static forRoot({ config, logger }: WorkerModuleOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot({ service: 'worker', config, entities: ENTITIES, logger }),
        BullModule.forRoot({
          connection: { url: config.redisUrl, maxRetriesPerRequest: null },
          prefix: config.redisPrefix,
        }),
        BullModule.registerQueue({ name: QueueName.System }),
        RunsModule,
        EventBufferModule,
        SchedulesModule,
        SecretsModule,
        DeliveriesModule,
        AdmissionModule,
      ],
      providers: [SystemProcessor, WorkerMetricsServer],
    };
  }
}
