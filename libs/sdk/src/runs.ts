import type { components } from './generated/openapi.js';
import { isTerminalRunStatus, type RunEvent, type RunStatus } from './run-events.js';
import { readSse, SseParser } from './sse-parser.js';
import { SteplineError } from './stepline-error.js';
import { eachItem, type ApiTransport } from './transport.js';

export type Run = components['schemas']['RunDto'];
/** A run as lists show it: without input and output. */
export type RunSummary = components['schemas']['RunSummaryDto'];
export type RunDetail = components['schemas']['RunDetailDto'];
export type StepRun = components['schemas']['StepRunDto'];
/** The 202 of a start that did not finish within `wait`. */
export type RunAccepted = components['schemas']['RunAcceptedDto'];

export interface StartRunOptions {
  input?: unknown;
  /** A version number or "draft" (a test run); default the published version. */
  version?: number | 'draft';
  /** Seconds (0–30) to wait for the run to finish: the finished run comes back if it does. */
  wait?: number;
  /**
   * Same key + same input and version → the same run. Default: a random UUID per call, reused by
   * the call's own retries of 429/503, so a retried start never starts a second run.
   */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface RunFilter {
  flowId?: string;
  status?: RunStatus[];
  trigger?: Run['trigger'][];
  /** Created at or after (ISO 8601). */
  from?: string;
  /** Created before (ISO 8601). */
  to?: string;
  isTest?: boolean;
  /** Page size (1–100) of the underlying requests. */
  limit?: number;
}

export interface StreamOptions {
  /** Resume after this event id (a `seq`): only later step events are replayed. */
  lastEventId?: string;
  signal?: AbortSignal;
  /** Reconnects after a dropped connection before giving up (default 5). */
  maxReconnects?: number;
}

export interface WaitOptions {
  /** Give up after this long (default 60 s) with SteplineError `sdk.timeout`. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** What the runs API needs of the client. */
export interface RunsTransport extends ApiTransport {
  /** A fetch that adds the credential and retries 429/503 (for the SSE stream). */
  authorizedFetch(path: string, init: RequestInit): Promise<Response>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });

const backoff = (attempt: number) => Math.min(250 * 2 ** attempt, 5_000);
const timeoutError = (id: string, ms: number) =>
  new SteplineError(408, 'sdk.timeout', `Run ${id} did not finish within ${ms} ms`);

/** `stepline.runs`: start, read, list, cancel, retry, resume, wait for and stream runs. */
export class RunsApi {
  constructor(private readonly t: RunsTransport) {}

  /** Starts a run: the finished run when it ends within `wait` (or replays a key), else `{ id, status, url }`. */
  start(flowId: string, options: StartRunOptions = {}): Promise<RunDetail | RunAccepted> {
    const key = options.idempotencyKey ?? globalThis.crypto.randomUUID();
    return this.t.call(
      this.t.raw.POST('/v1/flows/{id}/runs', {
        params: { path: { id: flowId }, header: { 'Idempotency-Key': key } },
        body: {
          ...(options.input === undefined ? {} : { input: options.input }),
          ...(options.version === undefined ? {} : { version: options.version }),
          ...(options.wait === undefined ? {} : { wait: options.wait }),
        } as components['schemas']['StartRunDto'],
        signal: options.signal,
      }),
    ) as Promise<RunDetail | RunAccepted>;
  }

  /** A run with its step runs. */
  get(id: string): Promise<RunDetail> {
    return this.t.call(this.t.raw.GET('/v1/runs/{id}', { params: { path: { id } } }));
  }

  /** One page of runs, newest first. */
  listPage(filter: RunFilter = {}, cursor?: string): Promise<components['schemas']['RunPageDto']> {
    return this.t.call(
      this.t.raw.GET('/v1/runs', {
        params: { query: { ...filter, ...(cursor ? { cursor } : {}) } },
      }),
    );
  }

  /** Every run matching `filter`, newest first, fetching pages as the iteration goes. */
  list(filter: RunFilter = {}): AsyncGenerator<RunSummary> {
    return eachItem((cursor) => this.listPage(filter, cursor));
  }

  /** Cancels a queued, waiting or running run (a running one stops at its step in flight). */
  cancel(id: string): Promise<Run> {
    return this.t.call(this.t.raw.POST('/v1/runs/{id}/cancel', { params: { path: { id } } }));
  }

  /** A new run of the same version with the same input. */
  retry(id: string): Promise<Run> {
    return this.t.call(this.t.raw.POST('/v1/runs/{id}/retry', { params: { path: { id } } }));
  }

  /** A new run of a failed run from its failed step, reusing the recorded upstream outputs. */
  /** From the failed step of a failed run, or from `fromStep` of any finished run. */
  resume(id: string, options: { fromStep?: string } = {}): Promise<Run> {
    return this.t.call(
      this.t.raw.POST('/v1/runs/{id}/resume', {
        params: { path: { id } },
        body: options.fromStep ? { fromStep: options.fromStep } : {},
      }),
    );
  }

  /**
   * The run once it has finished. Listens on the event stream; when streaming is impossible
   * (a proxy buffering SSE, a dropped connection) it polls with backoff instead.
   */
  async waitFor(id: string, options: WaitOptions = {}): Promise<RunDetail> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(timeoutError(id, timeoutMs)), timeoutMs);
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      try {
        for await (const event of this.stream(id, { signal: controller.signal, maxReconnects: 1 })) {
          if (event.type === 'run.status' && isTerminalRunStatus(event.status)) return await this.get(id);
        }
      } catch (error) {
        if (controller.signal.aborted) throw controller.signal.reason;
        if (error instanceof SteplineError && error.status >= 400 && error.status < 500) throw error;
      }
      for (let attempt = 0; ; attempt++) {
        const run = await this.get(id);
        if (isTerminalRunStatus(run.status)) return run;
        if (Date.now() >= deadline) throw timeoutError(id, timeoutMs);
        await sleep(backoff(attempt), controller.signal);
      }
    } catch (error) {
      throw controller.signal.aborted ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * The run's live events (`GET /v1/runs/{id}/events`): every settled step (replayed first), the
   * run status, then live events until a terminal status. A dropped connection is resumed with
   * `Last-Event-ID`, so settled steps are neither lost nor repeated (a status may repeat).
   * SSE is parsed over fetch streams, so it works in Node and browsers with an Authorization header.
   */
  async *stream(id: string, options: StreamOptions = {}): AsyncGenerator<RunEvent> {
    const maxReconnects = options.maxReconnects ?? 5;
    let lastEventId = options.lastEventId ?? '';
    let failures = 0;
    for (;;) {
      let response: Response | undefined;
      const parser = new SseParser(lastEventId);
      try {
        response = await this.t.authorizedFetch(`/v1/runs/${encodeURIComponent(id)}/events`, {
          headers: { Accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
          signal: options.signal,
        });
        if (!response.ok) throw await SteplineError.fromResponse(response);
        if (!response.body) throw new SteplineError(502, 'sdk.stream_lost', 'The event stream has no body');
        for await (const message of readSse(response.body, parser)) {
          failures = 0;
          const event = JSON.parse(message.data) as RunEvent;
          yield event;
          if (event.type === 'run.status' && isTerminalRunStatus(event.status)) return;
        }
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason ?? error;
        // A refusal (404, 403 …) will not change on reconnect; a dropped connection or a 5xx may.
        if (error instanceof SteplineError && error.status < 500) throw error;
      } finally {
        lastEventId = parser.lastEventId;
      }
      if (++failures > maxReconnects)
        throw new SteplineError(502, 'sdk.stream_lost', `The event stream of run ${id} kept dropping`);
      await sleep(backoff(failures), options.signal);
    }
  }
}
