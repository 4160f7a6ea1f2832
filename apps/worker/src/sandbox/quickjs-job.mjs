// @ts-check
/**
 * Runs ONE code-step job in a fresh QuickJS instance. Plain JavaScript so a worker thread can load
 * it without a TypeScript toolchain (Vitest runs the sources, production runs `dist/`); the main
 * thread speaks to it through the message types in `sandbox.types.ts`.
 *
 * Every job gets a new WebAssembly instance with its own linear memory, sized to the job's limit,
 * and a new runtime + context inside it: nothing a previous job (another tenant's) computed can be
 * reached, and the memory cap is enforced by WebAssembly itself. (This QuickJS build cannot
 * measure allocation sizes — its memory report says "malloc_usable_size unavailable" — so
 * `runtime.setMemoryLimit` alone only refuses single oversized allocations: a loop of 16 MB arrays
 * grew to 4 GB under a "32 MB" limit.)
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { newQuickJSWASMModule, newVariant, RELEASE_SYNC } from 'quickjs-emscripten';
import { createSandboxPrelude } from './sandbox.prelude.mjs';

/** @typedef {import('quickjs-emscripten').QuickJSWASMModule} QuickJSWASMModule */
/** @typedef {import('quickjs-emscripten').QuickJSContext} QuickJSContext */
/** @typedef {import('quickjs-emscripten').QuickJSHandle} QuickJSHandle */
/** @typedef {import('./sandbox.types.js').ThreadRunMessage} ThreadRunMessage */
/** @typedef {import('./sandbox.types.js').ThreadOutcome} ThreadOutcome */
/** @typedef {import('./sandbox.types.js').SandboxLogEntry} SandboxLogEntry */

const WASM_PAGE_BYTES = 65_536;
/** The module's own minimum (static data, C stack, first heap): 16 MiB. */
const BASE_PAGES = 256;
/** Allocator bookkeeping on top of the job's limit. */
const SLACK_PAGES = 16;
/** The JS stack QuickJS may use; deep recursion fails cleanly before the C stack runs out. */
const MAX_STACK_BYTES = 512 * 1024;
const MAX_STACK_FRAMES = 10;
/** `(async function (...) {` sits on line 1, so user line n is reported as n + 1. */
const WRAPPER_HEAD = '(async function ({ input, steps, vars, item, index }) {\n';
const WRAPPER_TAIL = '\n})';
const USER_FILE = 'code.js';
const PRELUDE_SOURCE = `(${createSandboxPrelude.toString()})`;
const LEVELS = new Set(['debug', 'info', 'warn', 'error']);
/** The project's TypeScript lib (ES2023, no DOM) has no WebAssembly types. */
const WebAssemblyApi = /** @type {any} */ (globalThis).WebAssembly;

/**
 * Compiles the QuickJS WebAssembly once per thread; each job instantiates it afresh.
 * @returns {Promise<unknown>} a WebAssembly.Module
 */
export async function compileQuickJS() {
  const require = createRequire(import.meta.url);
  const bytes = await readFile(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'));
  return WebAssemblyApi.compile(bytes);
}

/**
 * @typedef {{ quickjs: QuickJSWASMModule; memoryExhausted: () => boolean }} QuickJSInstance
 * `memoryExhausted`: the WebAssembly memory has grown to (nearly) its maximum. An allocation that
 * fails there may leave no room even for QuickJS's "out of memory" error, which then surfaces as
 * a thrown `null`.
 */

/**
 * @param {unknown} wasmModule a compiled WebAssembly.Module
 * @param {number} memoryLimitBytes
 * @returns {Promise<QuickJSInstance>}
 */
export async function instantiateQuickJS(wasmModule, memoryLimitBytes) {
  const maximum = memoryPages(memoryLimitBytes);
  const wasmMemory = new WebAssemblyApi.Memory({ initial: BASE_PAGES, maximum });
  const quickjs = await newQuickJSWASMModule(newVariant(RELEASE_SYNC, { wasmModule, wasmMemory }));
  const exhaustedAt = (maximum - SLACK_PAGES) * WASM_PAGE_BYTES;
  return { quickjs, memoryExhausted: () => wasmMemory.buffer.byteLength >= exhaustedAt };
}

/** @param {number} memoryLimitBytes */
export function memoryPages(memoryLimitBytes) {
  return BASE_PAGES + SLACK_PAGES + Math.ceil(memoryLimitBytes / WASM_PAGE_BYTES);
}

/** Log capture with a per-message and a total cap; what is cut says so. */
class LogCollector {
  /** @param {{ maxLogChars: number; maxLogMessageChars: number }} limits */
  constructor(limits) {
    this.limits = limits;
    /** @type {SandboxLogEntry[]} */
    this.entries = [];
    this.chars = 0;
    this.dropped = 0;
  }

  /** @param {string} level @param {string} message @param {number} originalLength */
  add(level, message, originalLength) {
    const budget = this.limits.maxLogChars - this.chars;
    if (budget <= 0) {
      this.dropped++;
      return;
    }
    let text =
      message.length > this.limits.maxLogMessageChars
        ? message.slice(0, this.limits.maxLogMessageChars)
        : message;
    let total = Math.max(originalLength, message.length);
    if (text.length > budget) text = text.slice(0, budget);
    if (text.length < total) text += ` … [truncated: ${total} characters]`;
    this.chars += Math.min(text.length, budget);
    this.entries.push({
      level: /** @type {SandboxLogEntry['level']} */ (level),
      message: text,
      time: new Date().toISOString(),
    });
  }

  finish() {
    if (this.dropped > 0) {
      const message = `[log limit reached: ${this.dropped} more log entr${this.dropped === 1 ? 'y was' : 'ies were'} dropped]`;
      this.entries.push({ level: 'warn', message, time: new Date().toISOString() });
    }
    return this.entries;
  }
}

/**
 * Runs the job synchronously (the thread is busy until it returns; cancellation arrives through
 * `isCancelled`, read by the interrupt handler).
 * @param {QuickJSInstance} instance instantiated for this job only
 * @param {ThreadRunMessage} job
 * @param {() => boolean} isCancelled
 * @returns {{ outcome: ThreadOutcome; logs: SandboxLogEntry[]; durationMs: number }}
 */
export function runJob(instance, job, isCancelled) {
  const started = performance.now();
  const deadline = Date.now() + job.timeoutMs;
  const logs = new LogCollector(job.limits);
  /** @type {'timeout' | 'cancelled' | null} */
  let stopped = null;
  /** @type {ThreadOutcome} */
  let outcome;
  const runtime = instance.quickjs.newRuntime();
  try {
    runtime.setMemoryLimit(job.memoryLimitBytes);
    runtime.setMaxStackSize(MAX_STACK_BYTES);
    runtime.setInterruptHandler(() => {
      if (stopped === null && isCancelled()) stopped = 'cancelled';
      if (stopped === null && Date.now() >= deadline) stopped = 'timeout';
      return stopped !== null;
    });
    const context = runtime.newContext();
    try {
      outcome = execute(context, job, logs, () => stopped, instance.memoryExhausted);
    } finally {
      context.dispose();
    }
  } catch (error) {
    outcome = { ok: false, code: 'code.unavailable', message: `The sandbox failed: ${messageOf(error)}` };
  } finally {
    try {
      runtime.dispose();
    } catch {
      // A runtime left inconsistent by an interrupt is discarded with its WebAssembly instance.
    }
  }
  // An interrupt can land anywhere, also in the host's own calls into the VM (which then throw).
  if (!outcome.ok && stopped !== null) outcome = stoppedOutcome(stopped, job);
  return { outcome, logs: logs.finish(), durationMs: performance.now() - started };
}

/**
 * @param {QuickJSContext} context
 * @param {ThreadRunMessage} job
 * @param {LogCollector} logs
 * @param {() => 'timeout' | 'cancelled' | null} stopped
 * @param {() => boolean} memoryExhausted
 * @returns {ThreadOutcome}
 */
function execute(context, job, logs, stopped, memoryExhausted) {
  /** @type {QuickJSHandle[]} */
  const handles = [];
  /** @template {QuickJSHandle} T @param {T} handle @returns {T} */
  const keep = (handle) => (handles.push(handle), handle);
  try {
    const hostLog = keep(
      context.newFunction('log', (levelHandle, messageHandle, lengthHandle) => {
        const level = context.typeof(levelHandle) === 'string' ? context.getString(levelHandle) : 'info';
        const message = context.typeof(messageHandle) === 'string' ? context.getString(messageHandle) : '';
        const length =
          context.typeof(lengthHandle) === 'number' ? context.getNumber(lengthHandle) : message.length;
        logs.add(LEVELS.has(level) ? level : 'info', message, length);
      }),
    );
    const preludeFactory = keep(context.unwrapResult(context.evalCode(PRELUDE_SOURCE, 'stepline:prelude')));
    const prelude = keep(
      context.unwrapResult(
        context.callFunction(
          preludeFactory,
          context.undefined,
          hostLog,
          keep(context.newNumber(job.limits.maxLogMessageChars)),
        ),
      ),
    );
    context.setProp(context.global, 'console', keep(context.getProp(prelude, 'console')));
    const describeError = keep(context.getProp(prelude, 'describeError'));
    const serializeResult = keep(context.getProp(prelude, 'serializeResult'));
    /** @param {QuickJSHandle} error @returns {ThreadOutcome} */
    const fail = (error) => userFailure(context, describeError, error, stopped, memoryExhausted);

    const argsJson = context.newString(job.argsJson);
    const parsedArgs = context.callFunction(
      keep(context.getProp(prelude, 'parseJson')),
      context.undefined,
      keep(argsJson),
    );
    if (parsedArgs.error) {
      keep(parsedArgs.error);
      return {
        ok: false,
        code: 'code.memory',
        message: "The step's input does not fit in the code step's memory limit.",
      };
    }
    const args = keep(parsedArgs.value);

    const compiled = context.evalCode(WRAPPER_HEAD + job.source + WRAPPER_TAIL, USER_FILE);
    if (compiled.error) return fail(keep(compiled.error));
    const fn = keep(compiled.value);
    if (context.typeof(fn) !== 'function') {
      return { ok: false, code: 'code.error', message: 'The code must be the body of a function.' };
    }

    const called = context.callFunction(fn, context.undefined, args);
    if (called.error) return fail(keep(called.error));
    const promise = keep(called.value);
    // Nothing outside the VM resolves its promises (no timers, no I/O): draining the job queue
    // once settles everything that can ever settle.
    const drained = context.runtime.executePendingJobs();
    if (drained.error) return fail(keep(drained.error));
    const state = context.getPromiseState(promise);
    if (state.type === 'pending') {
      return {
        ok: false,
        code: 'code.timeout',
        message: 'The code awaited a promise that can never settle (code steps have no timers or I/O).',
      };
    }
    if (state.type === 'rejected') return fail(keep(state.error));
    const value = keep(state.value);

    const serialized = context.callFunction(serializeResult, context.undefined, value);
    if (serialized.error) return fail(keep(serialized.error));
    const result = keep(serialized.value);
    if (context.typeof(result) !== 'string') {
      const invalid = keep(context.getProp(result, 'invalid'));
      return { ok: false, code: 'code.invalid_result', message: context.getString(invalid) };
    }
    const length = context.getNumber(keep(context.getProp(result, 'length')));
    if (length > job.limits.maxResultChars) {
      return {
        ok: false,
        code: 'step.output_too_large',
        message: `The return value is ${length} characters of JSON; a code step may return at most ${job.limits.maxResultChars}.`,
        detail: { length, limit: job.limits.maxResultChars },
      };
    }
    return { ok: true, json: context.getString(result) };
  } finally {
    for (let i = handles.length - 1; i >= 0; i--) {
      if (handles[i].alive) handles[i].dispose();
    }
  }
}

/**
 * @param {QuickJSContext} context
 * @param {QuickJSHandle} describeError
 * @param {QuickJSHandle} error
 * @param {() => 'timeout' | 'cancelled' | null} stopped
 * @param {() => boolean} memoryExhausted
 * @returns {ThreadOutcome}
 */
function userFailure(context, describeError, error, stopped, memoryExhausted) {
  // Once interrupted, every further call into the VM would be interrupted too.
  if (stopped() !== null) return { ok: false, code: 'code.timeout', message: 'stopped' };
  /** @type {{ name: string | null; message: string; stack?: string | null; lineNumber?: number | null }} */
  let info;
  const described = context.callFunction(describeError, context.undefined, error);
  if (described.error) {
    described.error.dispose();
    info = { name: 'InternalError', message: 'out of memory' };
  } else {
    info = JSON.parse(described.value.consume((h) => context.getString(h)));
  }
  const nullish = context.typeof(error) === 'undefined' || context.sameValue(error, context.null);
  if ((info.name === 'InternalError' && info.message === 'out of memory') || (nullish && memoryExhausted())) {
    return {
      ok: false,
      code: 'code.memory',
      message: 'The code ran out of memory (it exceeded its memory limit).',
    };
  }
  if (info.name === 'InternalError' && info.message === 'stack overflow') {
    return {
      ok: false,
      code: 'code.memory',
      message: 'The code exceeded the maximum call stack size (runaway recursion?).',
      detail: { limit: 'stack' },
    };
  }
  const frames = userFrames(info.stack ?? '');
  const line = info.lineNumber ? info.lineNumber - 1 : frames.line;
  const text = info.name ? `${info.name}: ${info.message}` : info.message;
  /** @type {Record<string, unknown>} */
  const detail = {};
  if (info.name) detail['name'] = info.name;
  if (line !== null && line >= 1) detail['line'] = line;
  if (frames.column !== null) detail['column'] = frames.column;
  if (frames.stack) detail['stack'] = frames.stack;
  return {
    ok: false,
    code: 'code.error',
    message: line !== null && line >= 1 ? `${text} (line ${line})` : text,
    detail,
  };
}

/**
 * Keeps only frames of the user's code (and native built-ins it called), renumbered to the
 * user's lines; the wrapper and the prelude are implementation details.
 * @param {string} stack
 */
function userFrames(stack) {
  /** @type {string[]} */
  const kept = [];
  /** @type {number | null} */
  let line = null;
  /** @type {number | null} */
  let column = null;
  for (const raw of stack.split('\n')) {
    const frame = raw.trim();
    if (!frame) continue;
    if (frame.includes('<eval>') || frame.includes('stepline:prelude')) continue;
    const renumbered = frame.replace(/code\.js:(\d+)(?::(\d+))?/, (_, l, c) => {
      const userLine = Number(l) - 1;
      if (line === null) {
        line = userLine;
        column = c === undefined ? null : Number(c);
      }
      return `line ${userLine}${c === undefined ? '' : `:${c}`}`;
    });
    if (kept.length < MAX_STACK_FRAMES) kept.push(`    ${renumbered}`);
  }
  return { stack: kept.join('\n'), line, column };
}

/**
 * @param {'timeout' | 'cancelled'} stopped
 * @param {ThreadRunMessage} job
 * @returns {ThreadOutcome}
 */
function stoppedOutcome(stopped, job) {
  return stopped === 'cancelled'
    ? { ok: false, code: 'code.cancelled', message: 'The code step was cancelled.' }
    : {
        ok: false,
        code: 'code.timeout',
        message: `The code ran longer than its ${job.timeoutMs} ms time limit.`,
        detail: { timeoutMs: job.timeoutMs },
      };
}

/** @param {unknown} error */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
