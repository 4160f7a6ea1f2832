import { Module, type OnModuleDestroy, Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  LOGGER,
  RunStartLimiter,
  RunStartLimiterProvider,
  type AppConfig,
  type Logger,
} from '@stepline/server';
import { OutboundHttpClient, outboundPolicyFromConfig } from '../net/index.js';
import { CodeSandbox } from '../sandbox/index.js';
import { SecretsModule, SecretsProvider } from '../secrets/index.js';
import { StepExecutorRegistry } from '../steps/step-executor.registry.js';
import { createStepExecutors } from '../steps/step-executors.js';
import { SubflowRuns } from '../steps/subflow/subflow-runs.service.js';
import { CompiledFlowCache } from './compiled-flow.js';
import { FlowRunner } from './flow-runner.js';
import { RunControlListener } from './run-control.listener.js';
import { RunEventsPublisher } from './run-events.publisher.js';
import { RunHeartbeat } from './run-heartbeat.js';
import { RunMetrics } from './run-metrics.js';
import { RunProcessor } from './run.processor.js';
import { PostgresRunStore, RUN_STORE } from './run-store.js';
import type { RunStore } from './run-store.types.js';
import { RunSweeper } from './run-sweeper.js';
import { runsQueueProvider, RUNS_QUEUE } from './runs-queue.provider.js';
import { PostgresWaitStore, WAIT_STORE, type WaitStore } from '../waits/wait-store.js';
import { WaitpointSweeper } from '../waits/waitpoint-sweeper.js';
import { WaitWaker } from '../waits/wait-waker.js';

/** The worker's shared I/O services, closed with the module. */
@Injectable()
class ExecutorServices implements OnModuleDestroy {
  readonly http: OutboundHttpClient;
  readonly sandbox: CodeSandbox;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.http = new OutboundHttpClient(outboundPolicyFromConfig(config.outbound));
    this.sandbox = new CodeSandbox({
      poolSize: config.sandbox.poolSize,
      maxMemoryBytes: config.sandbox.maxMemoryMb * 1024 * 1024,
      maxQueue: config.sandbox.maxQueue,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([this.http.close(), this.sandbox.close()]);
  }
}

/** The run engine: consumes the runs queue, executes steps, checkpoints, recovers lost runs. */
@Module({
  imports: [SecretsModule],
  providers: [
    ExecutorServices,
    { provide: RUN_STORE, useClass: PostgresRunStore },
    { provide: WAIT_STORE, useClass: PostgresWaitStore },
    runsQueueProvider,
    RunStartLimiterProvider,
    SubflowRuns,
    {
      provide: StepExecutorRegistry,
      inject: [ExecutorServices, SubflowRuns],
      useFactory: (services: ExecutorServices, subflows: SubflowRuns) =>
        createStepExecutors({ http: services.http, sandbox: services.sandbox, subflows }),
    },
    {
      provide: FlowRunner,
      inject: [
        APP_CONFIG,
        LOGGER,
        RUN_STORE,
        StepExecutorRegistry,
        RunEventsPublisher,
        RunMetrics,
        SecretsProvider,
        WAIT_STORE,
        RunStartLimiter,
        SubflowRuns,
      ],
      useFactory: (
        config: AppConfig,
        logger: Logger,
        store: RunStore,
        executors: StepExecutorRegistry,
        events: RunEventsPublisher,
        metrics: RunMetrics,
        secrets: SecretsProvider,
        waits: WaitStore,
        limiter: RunStartLimiter,
        subflows: SubflowRuns,
      ) =>
        new FlowRunner({
          secrets,
          waits,
          onRunEnded: (run, status) => subflows.ended(run, status),
          quotas: {
            maxForEachItems: async (tenantId) => (await limiter.quotas(tenantId)).maxForEachItems,
            maxStepsPerRun: async (tenantId) => (await limiter.quotas(tenantId)).maxStepsPerRun,
            maxStepOutputBytes: async (tenantId) => (await limiter.quotas(tenantId)).maxStepOutputBytes,
          },
          store,
          flows: new CompiledFlowCache(),
          executors,
          events,
          metrics,
          logger,
          limits: {
            stepsPerJob: config.runs.stepsPerJob,
            inlineRetryMaxMs: config.runs.inlineRetryMaxMs,
            outputMaxBytes: config.runs.outputMaxBytes,
            defaultMaxConcurrency: config.runs.defaultMaxConcurrency,
            maxLogEntries: 200,
            expression: { timeoutMs: config.runs.expressionTimeoutMs, maxDepth: 500 },
          },
        }),
    },
    RunEventsPublisher,
    RunControlListener,
    RunMetrics,
    RunProcessor,
    RunSweeper,
    RunHeartbeat,
    WaitWaker,
    WaitpointSweeper,
  ],
  exports: [RUNS_QUEUE, RunSweeper, WaitpointSweeper],
})
export class RunsModule {}
