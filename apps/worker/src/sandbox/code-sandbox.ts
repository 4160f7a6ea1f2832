import { Worker, type ResourceLimits } from 'node:worker_threads';
import { SandboxFailure } from './sandbox-failure.js';
import type {
  SandboxOutputLimits,
  SandboxRequest,
  SandboxResult,
  ThreadMessage,
  ThreadRunMessage,
} from './sandbox.types.js';

export interface CodeSandboxOptions {
  /** Worker threads, i.e. code steps running at once. */
  poolSize: number;
  /** Cap on a request's `memoryLimitBytes`. */
  maxMemoryBytes: number;
  /** Jobs allowed to wait for a thread; beyond, `run` fails with `code.unavailable`. Default 1000. */
  maxQueue?: number;
  /** Cap on a request's `timeoutMs`. Default 30 000. */
  maxTimeoutMs?: number;
  /**
   * How long past its deadline, or past a cancel, a thread may take to stop before it is
   * terminated and replaced. Default 1000 ms.
   */
  graceMs?: number;
  /** Default 8 KiB per `console.*` call, 64 KiB per run, 16 Mi characters of result JSON. */
  limits?: Partial<SandboxOutputLimits>;
  /** V8 heap of each thread (QuickJS's own memory is outside it). Default 256 MB old generation. */
  threadResourceLimits?: ResourceLimits;
  /** Called with each thread started (tests use it to kill one). */
  onThreadStart?: (worker: Worker) => void;
}

export interface CodeSandboxStats {
  threads: number;
  busy: number;
  queued: number;
  /** Threads replaced since start (crashed, terminated after a timeout or cancel). */
  replaced: number;
}

const THREAD_URL = new URL('./sandbox.thread.mjs', import.meta.url);
const MIN_MEMORY_BYTES = 1024 * 1024;
/** Consecutive threads that died before becoming ready, after which queued jobs are refused. */
const MAX_START_FAILURES = 3;

interface Job {
  id: number;
  message: ThreadRunMessage;
  signal?: AbortSignal;
  onAbort?: () => void;
  resolve: (result: SandboxResult) => void;
  reject: (error: SandboxFailure) => void;
  settled: boolean;
}

interface Slot {
  worker: Worker;
  cancel: Int32Array;
  state: 'starting' | 'idle' | 'busy' | 'dead';
  job?: Job;
  timer?: NodeJS.Timeout;
}

/**
 * Runs code-step JavaScript in QuickJS (WebAssembly) on a pool of worker threads: off the main
 * thread, so a busy script never blocks the runner's event loop, and killable, so a script stuck
 * where QuickJS cannot interrupt it costs one thread restart, not the worker process.
 */
export class CodeSandbox {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly terminations = new Set<Promise<unknown>>();
  private readonly spawnTimers = new Set<NodeJS.Timeout>();
  private readonly limits: SandboxOutputLimits;
  private readonly maxQueue: number;
  private readonly maxTimeoutMs: number;
  private readonly graceMs: number;
  private nextJobId = 0;
  private startFailures = 0;
  private lastDeath = '';
  private replaced = 0;
  private closed = false;

  constructor(private readonly options: CodeSandboxOptions) {
    if (!Number.isInteger(options.poolSize) || options.poolSize < 1)
      throw new TypeError('poolSize must be ≥ 1');
    this.maxQueue = options.maxQueue ?? 1000;
    this.maxTimeoutMs = options.maxTimeoutMs ?? 30_000;
    this.graceMs = options.graceMs ?? 1000;
    this.limits = {
      maxLogMessageChars: options.limits?.maxLogMessageChars ?? 8 * 1024,
      maxLogChars: options.limits?.maxLogChars ?? 64 * 1024,
      maxResultChars: options.limits?.maxResultChars ?? 16 * 1024 * 1024,
    };
    for (let i = 0; i < options.poolSize; i++) this.spawn();
  }

  run(request: SandboxRequest): Promise<SandboxResult> {
    if (this.closed) return Promise.reject(unavailable('The code sandbox is shut down.'));
    if (request.signal?.aborted) return Promise.reject(cancelled());
    let argsJson: string;
    try {
      argsJson = JSON.stringify(request.args ?? {});
    } catch (error) {
      return Promise.reject(
        new SandboxFailure('step.internal', 'The code step arguments are not JSON.', { cause: error }),
      );
    }
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(unavailable(`The code sandbox queue is full (${this.maxQueue} waiting).`));
    }
    if (
      this.startFailures >= MAX_START_FAILURES &&
      !this.slots.some((s) => s.state === 'idle' || s.state === 'busy')
    ) {
      return Promise.reject(unavailable(`The code sandbox threads fail to start (${this.lastDeath}).`));
    }
    const id = (this.nextJobId = (this.nextJobId % 0x7fff_fffe) + 1);
    const message: ThreadRunMessage = {
      type: 'run',
      jobId: id,
      source: String(request.source),
      argsJson,
      timeoutMs: clamp(Math.ceil(request.timeoutMs), 1, this.maxTimeoutMs),
      memoryLimitBytes: clamp(
        Math.floor(request.memoryLimitBytes),
        MIN_MEMORY_BYTES,
        this.options.maxMemoryBytes,
      ),
      limits: this.limits,
    };
    return new Promise<SandboxResult>((resolve, reject) => {
      const job: Job = { id, message, signal: request.signal, resolve, reject, settled: false };
      if (request.signal) {
        job.onAbort = () => this.cancel(job);
        request.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  stats(): CodeSandboxStats {
    return {
      threads: this.slots.length,
      busy: this.slots.filter((s) => s.state === 'busy').length,
      queued: this.queue.length,
      replaced: this.replaced,
    };
  }

  /** Refuses new jobs, fails queued and running ones (`code.unavailable`), stops every thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.spawnTimers) clearTimeout(timer);
    this.spawnTimers.clear();
    for (const job of this.queue.splice(0)) this.settle(job, unavailable('The code sandbox is shut down.'));
    for (const slot of [...this.slots]) {
      if (slot.job) this.settle(slot.job, unavailable('The code sandbox is shut down.'));
      this.kill(slot);
    }
    await Promise.allSettled([...this.terminations]);
  }

  private spawn(): void {
    if (this.closed) return;
    const cancelBuffer = new SharedArrayBuffer(4);
    const worker = new Worker(THREAD_URL, {
      workerData: { cancelBuffer },
      resourceLimits: this.options.threadResourceLimits ?? { maxOldGenerationSizeMb: 256 },
      // The thread needs nothing from the parent: neither its environment nor its Node flags
      // (`--input-type`, `--inspect`, loaders …, which would break or slow the thread).
      env: {},
      execArgv: [],
    });
    const slot: Slot = { worker, cancel: new Int32Array(cancelBuffer), state: 'starting' };
    this.slots.push(slot);
    worker.on('message', (message: ThreadMessage) => this.onMessage(slot, message));
    worker.on('error', (error) => this.onDeath(slot, error.message));
    worker.on('messageerror', (error) => this.onDeath(slot, error.message));
    worker.on('exit', (code) => this.onDeath(slot, `exit code ${code}`));
    this.options.onThreadStart?.(worker);
    this.pump();
  }

  private onMessage(slot: Slot, message: ThreadMessage): void {
    if (slot.state === 'dead') return;
    if (message.type === 'ready') {
      this.startFailures = 0;
      slot.state = 'idle';
      this.pump();
      return;
    }
    const job = slot.job;
    if (message.type !== 'done' || !job || job.id !== message.jobId) return;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.state = 'idle';
    const { outcome, logs, durationMs } = message;
    if (outcome.ok) this.settle(job, { value: JSON.parse(outcome.json), logs, durationMs });
    else
      this.settle(
        job,
        new SandboxFailure(outcome.code, outcome.message, { detail: outcome.detail, logs, durationMs }),
      );
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.state !== 'idle') continue;
      const job = this.queue.shift() as Job;
      slot.state = 'busy';
      slot.job = job;
      // Past its own deadline the thread stops the script itself; this catches a script stuck
      // where QuickJS never calls the interrupt handler (a long built-in, a WebAssembly trap).
      slot.timer = setTimeout(() => this.stuck(slot, job, 'timeout'), job.message.timeoutMs + this.graceMs);
      slot.worker.postMessage(job.message);
    }
    // A thread keeps the process alive only while it has work: a job, or jobs waiting for it to
    // start. An idle pool never holds a process open.
    for (const slot of this.slots) {
      if (slot.state === 'busy' || (slot.state === 'starting' && this.queue.length > 0)) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  private cancel(job: Job): void {
    if (job.settled) return;
    const queued = this.queue.indexOf(job);
    if (queued !== -1) {
      this.queue.splice(queued, 1);
      this.settle(job, cancelled());
      return;
    }
    const slot = this.slots.find((s) => s.job === job);
    if (!slot) return;
    Atomics.store(slot.cancel, 0, job.id);
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.stuck(slot, job, 'cancelled'), this.graceMs);
  }

  private stuck(slot: Slot, job: Job, reason: 'timeout' | 'cancelled'): void {
    if (slot.job !== job) return;
    this.settle(
      job,
      reason === 'cancelled'
        ? cancelled()
        : new SandboxFailure(
            'code.timeout',
            `The code ran longer than its ${job.message.timeoutMs} ms time limit.`,
            {
              detail: { timeoutMs: job.message.timeoutMs, terminated: true },
            },
          ),
    );
    this.kill(slot);
    this.replaced++;
    this.spawn();
  }

  /** Deliberate termination: the slot's exit is not a crash. */
  private kill(slot: Slot): void {
    if (slot.state === 'dead') return;
    slot.state = 'dead';
    clearTimeout(slot.timer);
    slot.job = undefined;
    this.remove(slot);
    const termination = slot.worker.terminate().catch(() => undefined);
    this.terminations.add(termination);
    void termination.finally(() => this.terminations.delete(termination));
  }

  private onDeath(slot: Slot, reason: string): void {
    if (slot.state === 'dead') return;
    const wasStarting = slot.state === 'starting';
    slot.state = 'dead';
    this.lastDeath = reason;
    clearTimeout(slot.timer);
    this.remove(slot);
    if (slot.job) this.settle(slot.job, unavailable(`The code sandbox thread crashed (${reason}).`));
    slot.job = undefined;
    if (this.closed) return;
    this.pump();
    this.replaced++;
    if (wasStarting) this.startFailures++;
    if (this.startFailures >= MAX_START_FAILURES && !this.slots.some((s) => s.state !== 'starting')) {
      for (const job of this.queue.splice(0))
        this.settle(job, unavailable(`The code sandbox threads fail to start (${this.lastDeath}).`));
    }
    // Back off while threads die at start (a broken install), respawn at once after a crash.
    const delay = this.startFailures === 0 ? 0 : Math.min(100 * 2 ** this.startFailures, 10_000);
    const timer = setTimeout(() => {
      this.spawnTimers.delete(timer);
      this.spawn();
    }, delay);
    this.spawnTimers.add(timer);
  }

  private remove(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index !== -1) this.slots.splice(index, 1);
  }

  private settle(job: Job, outcome: SandboxResult | SandboxFailure): void {
    if (job.settled) return;
    job.settled = true;
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (outcome instanceof SandboxFailure) job.reject(outcome);
    else job.resolve(outcome);
  }
}

const clamp = (value: number, min: number, max: number) =>
  Number.isFinite(value) ? Math.min(Math.max(value, min), max) : max;

const unavailable = (message: string) => new SandboxFailure('code.unavailable', message);
const cancelled = () => new SandboxFailure('code.cancelled', 'The code step was cancelled.');
