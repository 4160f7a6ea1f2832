import { waitFor } from '@stepline/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeSandbox, SandboxFailure, type SandboxRequest } from './index.js';

const MB = 1024 * 1024;
const request = (source: string, extra: Partial<SandboxRequest> = {}): SandboxRequest => ({
  source,
  args: { input: null, steps: {}, vars: {}, item: null, index: null },
  timeoutMs: 5000,
  memoryLimitBytes: 32 * MB,
  ...extra,
});

async function failureOf(promise: Promise<unknown>): Promise<SandboxFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SandboxFailure);
    return error as SandboxFailure;
  }
  throw new Error('expected the run to fail');
}

describe('CodeSandbox limits', () => {
  let sandbox: CodeSandbox;

  beforeAll(() => {
    sandbox = new CodeSandbox({ poolSize: 2, maxMemoryBytes: 128 * MB, graceMs: 1000 });
  });
  afterAll(() => sandbox.close());

  it('stops an infinite loop at its time limit, and the pool keeps working', async () => {
    const failure = await failureOf(sandbox.run(request('while (true) {}', { timeoutMs: 200 })));
    expect(failure.code).toBe('code.timeout');
    expect(failure.detail).toMatchObject({ timeoutMs: 200 });
    expect(failure.detail['terminated']).toBeUndefined();
    expect((await sandbox.run(request('return "next";'))).value).toBe('next');
  });

  it('stops a loop that catches every error, and an endless chain of microtasks', async () => {
    const catching = 'for (;;) { try { while (true) {} } catch (e) {} }';
    expect((await failureOf(sandbox.run(request(catching, { timeoutMs: 200 })))).code).toBe('code.timeout');
    const microtasks = 'for (;;) { await null; }';
    expect((await failureOf(sandbox.run(request(microtasks, { timeoutMs: 200 })))).code).toBe('code.timeout');
  });

  it('terminates and replaces a thread stuck where the interrupt handler is never called', async () => {
    // indexOf runs in C for milliseconds, and QuickJS polls its interrupt handler only every
    // ~10 000 loop iterations: the deadline passes unnoticed, the watchdog has to act.
    const source = 'const s = "x".repeat(1e7); for (;;) s.indexOf("y");';
    const before = sandbox.stats().replaced;
    const failure = await failureOf(sandbox.run(request(source, { timeoutMs: 300 })));
    expect(failure.code).toBe('code.timeout');
    expect(failure.detail).toMatchObject({ terminated: true });
    expect(sandbox.stats().replaced).toBe(before + 1);
    const results = await Promise.all([1, 2, 3].map((n) => sandbox.run(request(`return ${n};`))));
    expect(results.map((r) => r.value)).toEqual([1, 2, 3]);
  });

  it.each([
    ['arrays of a million numbers', 'let a = []; while (true) a.push(new Array(1e6).fill(1));'],
    ['typed arrays', 'let a = []; while (true) a.push(new Uint8Array(1e7));'],
    ['small objects', 'let a = []; while (true) a.push({ n: a.length, s: "x" + a.length });'],
    ['string doubling', 'let s = "x"; while (true) { s += s; s.charCodeAt(s.length - 1); }'],
    ['one huge allocation', 'return new Uint8Array(1e9).length;'],
  ])('stops a memory bomb of %s with code.memory', async (_, source) => {
    const failure = await failureOf(sandbox.run(request(source, { memoryLimitBytes: 16 * MB })));
    expect(failure).toMatchObject({ code: 'code.memory' });
    expect((await sandbox.run(request('return "next";'))).value).toBe('next');
  });

  it('enforces the memory limit it was given, not the cap', async () => {
    // 40 arrays of 1e5 numbers ≈ 64 MB (16 bytes a value): within 128 MB, beyond 32 MB.
    const source =
      'const a = []; for (let i = 0; i < 40; i++) a.push(new Array(1e5).fill(i)); return a.length;';
    expect((await failureOf(sandbox.run(request(source, { memoryLimitBytes: 32 * MB })))).code).toBe(
      'code.memory',
    );
    expect((await sandbox.run(request(source, { memoryLimitBytes: 128 * MB }))).value).toBe(40);
  });

  it('stops runaway recursion with code.memory (stack)', async () => {
    const failure = await failureOf(sandbox.run(request('const f = (n) => f(n + 1) + 1; return f(0);')));
    expect(failure.code).toBe('code.memory');
    expect(failure.detail).toMatchObject({ limit: 'stack' });
  });

  it('cancels a running script promptly when its signal aborts', async () => {
    const controller = new AbortController();
    const running = sandbox.run(request('while (true) {}', { timeoutMs: 20_000, signal: controller.signal }));
    const failure = failureOf(running);
    await waitFor(() => sandbox.stats().busy > 0, { what: 'the job to start' });
    const replacedBefore = sandbox.stats().replaced;
    controller.abort();
    expect(await failure).toMatchObject({ code: 'code.cancelled' });
    // Stopped by the interrupt handler reading the flag, not by the watchdog killing the thread
    // after the grace period.
    expect(sandbox.stats().replaced).toBe(replacedBefore);
    expect((await sandbox.run(request('return "next";'))).value).toBe('next');
  });

  it('cancels a queued job and refuses an already aborted signal', async () => {
    const busy = [1, 2].map(() => sandbox.run(request('while (true) {}', { timeoutMs: 300 })));
    const busyFailures = busy.map(failureOf);
    const controller = new AbortController();
    const queued = sandbox.run(request('return 1;', { signal: controller.signal }));
    controller.abort();
    expect((await failureOf(queued)).code).toBe('code.cancelled');
    expect((await failureOf(sandbox.run(request('return 1;', { signal: AbortSignal.abort() })))).code).toBe(
      'code.cancelled',
    );
    expect((await Promise.all(busyFailures)).map((f) => f.code)).toEqual(['code.timeout', 'code.timeout']);
  });

  it('refuses a return value larger than the result cap', async () => {
    const capped = new CodeSandbox({
      poolSize: 1,
      maxMemoryBytes: 32 * MB,
      limits: { maxResultChars: 1000 },
    });
    try {
      const failure = await failureOf(capped.run(request('return "x".repeat(5000);')));
      expect(failure.code).toBe('step.output_too_large');
      expect((await capped.run(request('return "x".repeat(500);'))).value).toHaveLength(500);
    } finally {
      await capped.close();
    }
  });
});
