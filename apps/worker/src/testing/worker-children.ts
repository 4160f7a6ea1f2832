import type { ChildProcess } from 'node:child_process';
import { startWorkerProcess, stopWorker } from './worker-process.js';

/** The built workers a crash test started, so its cleanup stops every one still alive. */
export class WorkerChildren {
  private readonly children: ChildProcess[] = [];

  /** Starts a built worker with `env` (see `workerEnv`); resolves once it consumes. */
  async start(env: Record<string, string>): Promise<ChildProcess> {
    const child = await startWorkerProcess(env);
    this.children.push(child);
    return child;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.children.splice(0).map(stopWorker));
  }
}
