import { isStepFailure } from '@stepline/domain';
import { waitFor } from '@stepline/server/testing';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeSandbox, SandboxFailure, type SandboxRequest } from './index.js';

const MB = 1024 * 1024;
const args = {
  input: { n: 2, name: 'ada' },
  steps: { fetch: { output: [1, 2, 3] } },
  vars: { k: 'v' },
  item: null,
  index: null,
};
const request = (source: string, extra: Partial<SandboxRequest> = {}): SandboxRequest => ({
  source,
  args,
  timeoutMs: 5000,
  memoryLimitBytes: 32 * MB,
  ...extra,
});

async function failureOf(promise: Promise<unknown>): Promise<SandboxFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SandboxFailure);
    expect(isStepFailure(error)).toBe(true);
    return error as SandboxFailure;
  }
  throw new Error('expected the run to fail');
}

describe('CodeSandbox', () => {
  let sandbox: CodeSandbox;

  beforeAll(() => {
    sandbox = new CodeSandbox({ poolSize: 2, maxMemoryBytes: 128 * MB });
  });
  afterAll(() => sandbox.close());

  describe('results', () => {
    it('returns objects, arrays, numbers, strings, booleans and null as JSON', async () => {
      await expect(sandbox.run(request('return { a: 1, b: [1, "x", true, null] };'))).resolves.toMatchObject({
        value: { a: 1, b: [1, 'x', true, null] },
      });
      for (const [source, value] of [
        ['return [1, 2];', [1, 2]],
        ['return 42.5;', 42.5],
        ['return "text";', 'text'],
        ['return false;', false],
        ['return null;', null],
        ['return;', null],
        ['return new Date(0);', '1970-01-01T00:00:00.000Z'],
        ['return { keep: 1, dropped: undefined };', { keep: 1 }],
      ] as const) {
        expect((await sandbox.run(request(source))).value).toEqual(value);
      }
    });

    it('receives input, steps, vars, item and index', async () => {
      const result = await sandbox.run(
        request('return { n: input.n * 2, first: steps.fetch.output[0], k: vars.k, item, index };', {
          args: { ...args, item: { id: 7 }, index: 3 },
        }),
      );
      expect(result.value).toEqual({ n: 4, first: 1, k: 'v', item: { id: 7 }, index: 3 });
    });

    it('supports await and promise chains', async () => {
      const source = `
        const double = async (x) => x * 2;
        const values = await Promise.all([double(1), double(2), Promise.resolve(3)]);
        return values.reduce((a, b) => a + b, 0);`;
      expect((await sandbox.run(request(source))).value).toBe(9);
    });

    it('reports the run duration', async () => {
      const result = await sandbox.run(request('return 1;'));
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
      expect(result.durationMs).toBeLessThan(5000);
    });
  });

  describe('console', () => {
    it('captures console output with levels, formatted like Node', async () => {
      const result = await sandbox.run(
        request(`
          console.log('hello', 42, { a: [1, 'x'], nested: { deep: { deeper: { deepest: 1 } } } });
          console.info('count %d of %s', 3, 'items');
          console.warn(new Map([['k', 1]]), new Set([1]));
          console.error(null, undefined, [ ], () => 1);
          console.debug('dbg');
          return null;`),
      );
      expect(result.logs.map(({ level, message }) => ({ level, message }))).toEqual([
        { level: 'info', message: "hello 42 { a: [ 1, 'x' ], nested: { deep: { deeper: [Object] } } }" },
        { level: 'info', message: 'count 3 of items' },
        { level: 'warn', message: "Map(1) { 'k' => 1 } Set(1) { 1 }" },
        { level: 'error', message: 'null undefined [] [Function (anonymous)]' },
        { level: 'debug', message: 'dbg' },
      ]);
      expect(Date.parse(result.logs[0].time)).not.toBeNaN();
    });

    it('caps each message and the total, with visible markers', async () => {
      const capped = new CodeSandbox({
        poolSize: 1,
        maxMemoryBytes: 32 * MB,
        limits: { maxLogMessageChars: 100, maxLogChars: 250 },
      });
      try {
        const result = await capped.run(
          request(
            'console.log("x".repeat(1000)); for (let i = 0; i < 100; i++) console.log("line " + i); return 1;',
          ),
        );
        expect(result.logs[0].message).toBe(`${'x'.repeat(100)} … [truncated: 1000 characters]`);
        expect(result.logs.at(-1)).toMatchObject({
          level: 'warn',
          message: expect.stringMatching(/^\[log limit reached: \d+ more log entries were dropped\]$/),
        });
        expect(result.logs.length).toBeLessThan(40);
        expect(result.logs.reduce((n, l) => n + l.message.length, 0)).toBeLessThan(250 + 100);
      } finally {
        await capped.close();
      }
    });

    it('keeps the logs of a run that fails', async () => {
      const failure = await failureOf(
        sandbox.run(request('console.log("before"); throw new Error("boom");')),
      );
      expect(failure.logs.map((l) => l.message)).toEqual(['before']);
    });
  });

  describe('errors', () => {
    it('reports a thrown error with its message and the line in the user source', async () => {
      const failure = await failureOf(
        sandbox.run(request('const a = 1;\n\nthrow new TypeError("bad " + a);')),
      );
      expect(failure.code).toBe('code.error');
      expect(failure.message).toBe('TypeError: bad 1 (line 3)');
      expect(failure.detail).toMatchObject({ name: 'TypeError', line: 3 });
      expect(String(failure.detail['stack'])).not.toMatch(/prelude|<eval>/);
    });

    it('reports a syntax error with its line', async () => {
      const failure = await failureOf(sandbox.run(request('const ok = 1;\nreturn 1 +;')));
      expect(failure.code).toBe('code.error');
      expect(failure.detail).toMatchObject({ name: 'SyntaxError', line: 2 });
    });

    it('reports a rejected await and a thrown non-error value', async () => {
      expect(
        (await failureOf(sandbox.run(request('await Promise.reject(new Error("nope"));')))).message,
      ).toMatch(/^Error: nope/);
      expect((await failureOf(sandbox.run(request('throw "plain";')))).message).toBe("Uncaught 'plain'");
    });

    it('refuses return values that are not JSON, naming where', async () => {
      for (const [source, pattern] of [
        ['return () => 1;', /is a function/],
        ['return { a: { b: [1, Symbol("s")] } };', /a symbol at return value\.a\.b\[1\]/],
        ['return { big: 10n };', /BigInt .*at return value\.big/],
        ['const o = { x: {} }; o.x.self = o; return o;', /circular reference at return value\.x\.self/],
        ['return { m: new Map() };', /Map .*at return value\.m/],
        ['return { p: Promise.resolve(1) };', /promise/],
      ] as const) {
        const failure = await failureOf(sandbox.run(request(source)));
        expect(failure.code).toBe('code.invalid_result');
        expect(failure.message).toMatch(pattern);
      }
    });

    it('ends a promise that can never settle as a timeout', async () => {
      const failure = await failureOf(sandbox.run(request('await new Promise(() => {}); return 1;')));
      expect(failure.code).toBe('code.timeout');
    });
  });

  describe('pool', () => {
    it('runs 10 jobs on a pool of 2 threads', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => sandbox.run(request(`return input.n * ${i};`))),
      );
      expect(results.map((r) => r.value)).toEqual(Array.from({ length: 10 }, (_, i) => 2 * i));
      expect(sandbox.stats()).toMatchObject({ threads: 2, queued: 0 });
    });

    it('shares no state between runs', async () => {
      await sandbox.run(request('globalThis.leak = "secret"; Object.prototype.polluted = 1; return 1;'));
      await sandbox.run(request('globalThis.leak = "secret"; Object.prototype.polluted = 1; return 1;'));
      const result = await sandbox.run(request('return [typeof globalThis.leak, typeof ({}).polluted];'));
      expect(result.value).toEqual(['undefined', 'undefined']);
    });

    it('refuses jobs beyond its queue bound', async () => {
      // While its only thread starts, jobs wait in the queue.
      const small = new CodeSandbox({ poolSize: 1, maxMemoryBytes: 32 * MB, maxQueue: 1 });
      try {
        const first = small.run(request('return 1;'));
        const second = await failureOf(small.run(request('return 2;')));
        expect(second.code).toBe('code.unavailable');
        expect(second.retryable).toBe(true);
        await expect(first).resolves.toMatchObject({ value: 1 });
      } finally {
        await small.close();
      }
    });

    it('survives a thread crash: the running job fails as unavailable, the next one succeeds', async () => {
      const started: Worker[] = [];
      const single = new CodeSandbox({
        poolSize: 1,
        maxMemoryBytes: 32 * MB,
        onThreadStart: (w) => started.push(w),
      });
      try {
        const running = single.run(request('while (true) {}', { timeoutMs: 20_000 }));
        await waitFor(() => single.stats().busy === 1, { what: 'the job to start' });
        await started[0].terminate();
        const failure = await failureOf(running);
        expect(failure.code).toBe('code.unavailable');
        expect(failure.retryable).toBe(true);
        expect((await single.run(request('return "alive";'))).value).toBe('alive');
        expect(single.stats()).toMatchObject({ threads: 1, replaced: 1 });
        expect(started).toHaveLength(2);
      } finally {
        await single.close();
      }
    });

    it('fails queued and new jobs as unavailable after close', async () => {
      const closing = new CodeSandbox({ poolSize: 1, maxMemoryBytes: 32 * MB });
      const running = closing.run(request('while (true) {}', { timeoutMs: 10_000 }));
      const queued = closing.run(request('return 1;'));
      const failures = Promise.all([failureOf(running), failureOf(queued)]);
      await closing.close();
      expect((await failures).map((f) => f.code)).toEqual(['code.unavailable', 'code.unavailable']);
      expect((await failureOf(closing.run(request('return 1;')))).code).toBe('code.unavailable');
    });
  });
});
