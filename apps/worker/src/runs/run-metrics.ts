import { Inject, Injectable } from '@nestjs/common';
import { METRICS, type Metrics } from '@stepline/server';
import { Counter, Gauge, Histogram } from 'prom-client';

/** The worker's run instruments, registered on the process's Prometheus registry. */
@Injectable()
export class RunMetrics {
  private readonly finished: Counter<'status'>;
  private readonly stepDuration: Histogram<'type' | 'status'>;
  private readonly activeJobs: Gauge;
  private readonly flushSize: Histogram;
  private readonly flushDuration: Histogram;

  constructor(@Inject(METRICS) metrics: Metrics) {
    const registers = [metrics.registry];
    this.finished = new Counter({
      name: 'stepline_runs_finished_total',
      help: 'Runs that reached a terminal status, by status',
      labelNames: ['status'],
      registers,
    });
    this.stepDuration = new Histogram({
      name: 'stepline_step_duration_seconds',
      help: 'Duration of step attempts, by step type and status',
      labelNames: ['type', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
      registers,
    });
    this.activeJobs = new Gauge({
      name: 'stepline_run_jobs_active',
      help: 'Run jobs in progress on this worker',
      registers,
    });
    this.flushSize = new Histogram({
      name: 'stepline_run_write_flush_size',
      help: 'Run writes (starts, checkpoints, finishes) per group-commit flush',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers,
    });
    this.flushDuration = new Histogram({
      name: 'stepline_run_write_flush_seconds',
      help: 'Duration of a group-commit flush of run writes (statement and commit)',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1],
      registers,
    });
  }

  /** One group-commit flush of run writes: how many, and how long its statement took. */
  writeFlushed(size: number, ms: number): void {
    this.flushSize.observe(size);
    this.flushDuration.observe(ms / 1000);
  }

  runFinished(status: string): void {
    this.finished.inc({ status });
  }

  stepSettled(type: string, status: string, durationMs: number): void {
    this.stepDuration.observe({ type, status }, durationMs / 1000);
  }

  /** Counts a job in progress; call the answer when it ends. */
  jobStarted(): () => void {
    this.activeJobs.inc();
    return () => this.activeJobs.dec();
  }
}
