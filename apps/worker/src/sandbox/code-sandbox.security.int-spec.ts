import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeSandbox } from './index.js';

const MB = 1024 * 1024;

/**
 * What a hostile code step can reach. Each probe returns what it found; nothing of the host
 * (Node's process, require, the file system, the network, timers) may be found.
 */
describe('CodeSandbox isolation', () => {
  let sandbox: CodeSandbox;
  const run = async (source: string) =>
    (
      await sandbox.run({
        source,
        args: { input: { secret: 'only-this' }, steps: {}, vars: {}, item: null, index: null },
        timeoutMs: 2000,
        memoryLimitBytes: 16 * MB,
      })
    ).value;

  beforeAll(() => {
    sandbox = new CodeSandbox({ poolSize: 2, maxMemoryBytes: 32 * MB });
  });
  afterAll(() => sandbox.close());

  it('finds no host globals: process, require, module, fetch, timers, Buffer, WebAssembly', async () => {
    const names = [
      'process',
      'require',
      'module',
      'exports',
      '__dirname',
      'fetch',
      'XMLHttpRequest',
      'WebSocket',
      'setTimeout',
      'setInterval',
      'setImmediate',
      'queueMicrotask',
      'Buffer',
      'WebAssembly',
      'std',
      'os',
      'Deno',
      'Bun',
    ];
    const found = await run(
      `return ${JSON.stringify(names)}.filter((n) => typeof globalThis[n] !== 'undefined');`,
    );
    expect(found).toEqual([]);
  });

  it('lists only ECMAScript built-ins and console on the global object', async () => {
    const names = (await run('return Object.getOwnPropertyNames(globalThis);')) as string[];
    // QuickJS's standard library, exactly: a new global (a host function) fails this test.
    const ecmascript = `Error EvalError RangeError ReferenceError SyntaxError TypeError URIError InternalError
      AggregateError Array Object Function Iterator parseInt parseFloat isNaN isFinite decodeURI
      decodeURIComponent encodeURI encodeURIComponent escape unescape Infinity NaN undefined eval Number
      Boolean String Math Reflect Symbol globalThis BigInt Date RegExp JSON Proxy Map Set WeakMap WeakSet
      ArrayBuffer SharedArrayBuffer Uint8ClampedArray Int8Array Uint8Array Int16Array Uint16Array
      Int32Array Uint32Array BigInt64Array BigUint64Array Float16Array Float32Array Float64Array DataView
      Promise WeakRef FinalizationRegistry console`.split(/\s+/);
    expect([...names].sort()).toEqual([...ecmascript].sort());
  });

  it('cannot escape through constructor chains', async () => {
    const probes = [
      "globalThis.constructor.constructor('return this')()",
      "Function('return this')()",
      "(() => {}).constructor('return this')()",
      "(async () => {}).constructor('return this')()",
      "Object.getPrototypeOf(function* () {}).constructor('return this')().next().value",
      "console.log.constructor('return this')()",
      "({}).constructor.constructor('return this')()",
      "[].map.constructor('return this')()",
    ];
    const source = `
      const found = [];
      for (const probe of ${JSON.stringify(probes)}) {
        let g = eval(probe);
        if (g && typeof g.then === 'function') g = await g;
        found.push([typeof g.process, typeof g.require, typeof g.fetch, typeof g.Buffer, g === globalThis]);
      }
      return found;`;
    const results = (await run(source)) as unknown[][];
    expect(results).toHaveLength(probes.length);
    for (const result of results)
      expect(result).toEqual(['undefined', 'undefined', 'undefined', 'undefined', true]);
    expect(await run("try { return Function('return process')(); } catch (e) { return e.name; }")).toBe(
      'ReferenceError',
    );
  });

  it('cannot import modules, static or dynamic', async () => {
    for (const specifier of [
      'fs',
      'node:fs',
      'node:child_process',
      'os',
      'std',
      '/etc/passwd',
      'https://example.com/x.js',
    ]) {
      const result = await run(
        `try { await import(${JSON.stringify(specifier)}); return 'imported'; } catch (e) { return e.name; }`,
      );
      expect(result).not.toBe('imported');
    }
    await expect(run("import fs from 'fs'; return 1;")).rejects.toMatchObject({ code: 'code.error' });
  });

  it('cannot read host data through the console or errors', async () => {
    const result = await run(`
      const seen = [];
      for (const fn of Object.values(console)) {
        seen.push(Object.getOwnPropertyNames(fn).filter((n) => !['length', 'name', 'prototype'].includes(n)));
      }
      let stack = '';
      try { null.x; } catch (e) { stack = e.stack; }
      return { seen, stackMentionsHost: /node:|\\/work\\/|worker_threads|quickjs-job/.test(stack) };`);
    expect(result).toEqual({ seen: [[], [], [], [], [], []], stackMentionsHost: false });
  });

  it('sees only its own arguments, and nothing of an earlier run', async () => {
    await run('globalThis.planted = input.secret; Array.prototype.evil = () => 1; return 1;');
    await run('globalThis.planted = input.secret; Array.prototype.evil = () => 1; return 1;');
    expect(await run('return [typeof planted, typeof [].evil, input.secret];')).toEqual([
      'undefined',
      'undefined',
      'only-this',
    ]);
  });

  it('cannot break result serialisation or logging by replacing built-ins', async () => {
    const value = await run(`
      JSON.stringify = () => '"hijacked"';
      Array.prototype.push = () => { throw new Error('no'); };
      String.prototype.slice = () => 'hijacked';
      console.log('still logged');
      return { ok: [1, 2] };`);
    expect(value).toEqual({ ok: [1, 2] });
  });

  it('escaping the function wrapper gains nothing', async () => {
    // The source is wrapped in `(async function (...) {` … `})`; closing it early is legal
    // JavaScript inside the same sandbox.
    const value = await run('return 1; }); (async function () { return typeof process; ');
    expect(value).toBe('undefined');
  });
});
