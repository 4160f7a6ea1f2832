// Small process helpers for the start and test scripts. Dependency-free: they run before `npm install`.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';

export const log = (msg) => console.log(`\x1b[36m[stepline]\x1b[0m ${msg}`);
export const warn = (msg) => console.warn(`\x1b[33m[stepline]\x1b[0m ${msg}`);
export const fail = (msg) => {
  console.error(`\x1b[31m[stepline]\x1b[0m ${msg}`);
  process.exit(1);
};

/** Runs a command to completion with inherited output; returns its exit code. */
export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (res.error) return 127;
  return res.status ?? 1;
}

/** Runs a command quietly; returns { code, out }. */
export function capture(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (res.error) return { code: 127, out: String(res.error.message) };
  return { code: res.status ?? 1, out: `${res.stdout ?? ''}${res.stderr ?? ''}` };
}

export const has = (cmd) => capture('sh', ['-c', `command -v ${cmd}`]).code === 0;

/** True when something accepts TCP connections on host:port within `timeoutMs`. */
export function portOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function waitFor(what, check, timeoutMs = 60_000, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Starts a long-running child; its output is prefixed so interleaved logs stay readable. */
export function startChild(name, cmd, args, opts = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  const prefix = (stream, out) => {
    let buf = '';
    stream.on('data', (chunk) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const line of lines) out.write(`${name} | ${line}\n`);
    });
  };
  if (!opts.silent) {
    prefix(child.stdout, process.stdout);
    prefix(child.stderr, process.stderr);
  }
  return child;
}

export function stopChild(child, timeoutMs = 10_000) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
