import { performance } from 'node:perf_hooks';

/**
 * Where one webhook request's time went, stage by stage (`WEBHOOK_SERVER_TIMING`, a debug switch):
 * each `mark` closes the stage that began at the previous mark. Rendered as a `Server-Timing`
 * header (durations in ms), which bench/webhooks reads per answer.
 */
export class StageTimer {
  private readonly started = performance.now();
  private last = this.started;
  private readonly stages: Array<[string, number]> = [];

  mark(stage: string): void {
    const now = performance.now();
    this.stages.push([stage, now - this.last]);
    this.last = now;
  }

  header(): string {
    const total = performance.now() - this.started;
    return [...this.stages, ['total', total] as [string, number]]
      .map(([name, ms]) => `${name};dur=${ms.toFixed(2)}`)
      .join(', ');
  }
}
