// @ts-check
/**
 * Entry of a sandbox worker thread (see code-sandbox.ts). Plain JavaScript that imports only
 * quickjs-emscripten and its neighbours, so the same file runs under Vitest and from `dist/`.
 *
 * workerData: { cancelBuffer: SharedArrayBuffer } — the main thread writes the id of a job to
 * cancel into it; the interrupt handler of the running job reads it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileQuickJS, instantiateQuickJS, memoryPages, runJob } from './quickjs-job.mjs';

/** @typedef {import('./sandbox.types.js').ThreadRunMessage} ThreadRunMessage */
/** @typedef {import('./sandbox.types.js').ThreadMessage} ThreadMessage */
/** @typedef {import('./quickjs-job.mjs').QuickJSInstance} QuickJSInstance */

const DEFAULT_MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;

if (!parentPort) throw new Error('sandbox.thread.mjs runs as a worker thread only');
const port = parentPort;
const cancelFlag = new Int32Array(workerData.cancelBuffer);
const wasmModule = await compileQuickJS();

/**
 * The next job's QuickJS instance, made while the thread would otherwise idle: instantiation is
 * most of a trivial job's cost. Used once, then replaced.
 * @type {{ pages: number; instance: Promise<QuickJSInstance> } | null}
 */
let prepared = null;
/** @param {number} memoryLimitBytes */
const prepare = (memoryLimitBytes) => {
  const instance = instantiateQuickJS(wasmModule, memoryLimitBytes);
  instance.catch(() => undefined);
  prepared = { pages: memoryPages(memoryLimitBytes), instance };
};

/** @param {ThreadMessage} message */
const send = (message) => port.postMessage(message);

port.on('message', async (/** @type {ThreadRunMessage} */ job) => {
  if (job?.type !== 'run') return;
  try {
    const fresh = prepared !== null && prepared.pages === memoryPages(job.memoryLimitBytes) ? prepared : null;
    prepared = null;
    const instance = await (fresh?.instance ?? instantiateQuickJS(wasmModule, job.memoryLimitBytes));
    const { outcome, logs, durationMs } = runJob(
      instance,
      job,
      () => Atomics.load(cancelFlag, 0) === job.jobId,
    );
    send({ type: 'done', jobId: job.jobId, outcome, logs, durationMs });
  } catch (error) {
    const message = `The sandbox failed: ${error instanceof Error ? error.message : String(error)}`;
    send({
      type: 'done',
      jobId: job.jobId,
      outcome: { ok: false, code: 'code.unavailable', message },
      logs: [],
      durationMs: 0,
    });
  }
  prepare(job.memoryLimitBytes);
});

prepare(DEFAULT_MEMORY_LIMIT_BYTES);
send({ type: 'ready' });
