#!/usr/bin/env node
// `npm test`: every test, each level against real services. `npm test -- unit int` runs a subset.
// Levels: lint, typecheck, build, unit (Vitest + editor), int (real Postgres/Redis), e2e (HTTP
// against the running built app) and browser (headless Chromium against the same app).
import { existsSync, mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startApp } from './lib/app-processes.mjs';
import { ensureChromium } from './lib/chromium.mjs';
import { ensureDependencies } from './lib/install.mjs';
import { ensureServices } from './lib/services.mjs';
import { log, warn } from './lib/shell.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ALL = ['lint', 'typecheck', 'build', 'unit', 'int', 'e2e', 'browser'];
const wanted = process.argv.slice(2).filter((a) => ALL.includes(a));
const steps = wanted.length ? wanted : ALL;
const baseEnv = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NG_CLI_ANALYTICS: 'false',
  FORCE_COLOR: '1',
};

ensureDependencies(root);
const services = await ensureServices('stepline_test');
mkdirSync(join(root, 'tmp'), { recursive: true });

const results = [];
const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** Runs a command, streaming its output, and returns the exit code plus the Vitest counts it printed. */
function step(name, cmd, args, opts = {}) {
  return new Promise((resolve) => {
    log(`── ${name}: ${cmd} ${args.join(' ')}`);
    const started = Date.now();
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...baseEnv, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    const tee = (out) => (chunk) => {
      out.write(chunk);
      text += chunk;
    };
    child.stdout.on('data', tee(process.stdout));
    child.stderr.on('data', tee(process.stderr));
    child.on('close', (code) => {
      const clean = strip(text);
      const counts = { passed: 0, failed: 0, skipped: 0 };
      for (const m of clean.matchAll(/^\s*Tests\s+(.*)$/gm)) {
        for (const [, n, kind] of m[1].matchAll(/(\d+) (passed|failed|skipped)/g)) counts[kind] += Number(n);
      }
      const result = { name, ok: code === 0, seconds: (Date.now() - started) / 1000, ...counts };
      results.push(result);
      resolve(result);
    });
  });
}

const nx = (target, extra = []) => ['nx', 'run-many', '-t', target, '--output-style=static', ...extra];
const vitest = (project, env) => step(project, 'npx', ['vitest', 'run', '--project', project], { env });

if (steps.includes('lint')) {
  // @nx/enforce-module-boundaries skips itself ("No cached ProjectGraph") unless Nx computed the
  // project graph first — which a fresh clone has not.
  await step('project-graph', 'npx', ['nx', 'show', 'projects']);
  await step('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
  await step('format', 'npx', ['prettier', '--check', '.', '--log-level=warn']);
}
if (steps.includes('typecheck')) await step('typecheck', 'npx', nx('typecheck'));
let built = !steps.includes('build');
if (steps.includes('build')) built = (await step('build', 'npx', nx('build'))).ok;
if (steps.includes('unit')) {
  await vitest('unit');
  await step('unit:web', 'npx', nx('test', ['-p', '@stepline/web']));
}
if (steps.includes('int')) await vitest('int');

if (steps.includes('e2e') || steps.includes('browser')) {
  if (!built && !existsSync(join(root, 'apps/api/dist/main.js'))) {
    results.push({
      name: 'e2e',
      ok: false,
      seconds: 0,
      passed: 0,
      failed: 0,
      skipped: 0,
      note: 'build failed',
    });
  } else {
    // Per run, so two test runs on one machine never share (or drop) each other's database.
    const database = `stepline_e2e_${process.pid}`;
    const { recreate, drop, dropRedisPrefix } = await import('./lib/e2e-database.mjs');
    await recreate(services.DATABASE_MIGRATION_URL, database);
    const env = {
      DATABASE_URL: pgUrlFor(services.DATABASE_URL, database),
      DATABASE_MIGRATION_URL: pgUrlFor(services.DATABASE_MIGRATION_URL, database),
      REDIS_URL: services.REDIS_URL,
      REDIS_PREFIX: `sle2e_${process.pid}`,
      PORT: String(await freePort()),
      WEB_DIST_DIR: join(root, 'apps/web/dist/browser'),
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.STEPLINE_TEST_LOG_LEVEL ?? 'warn',
    };
    const prepared = await step(
      'e2e:prepare',
      'sh',
      [
        '-c',
        `node apps/api/dist/cli/migrate.js${existsSync(join(root, 'apps/api/dist/cli/seed.js')) ? ' && node apps/api/dist/cli/seed.js' : ''}`,
      ],
      { env },
    );
    if (prepared.ok) {
      const app = await startApp(root, env);
      const testEnv = { ...env, STEPLINE_BASE_URL: app.baseUrl };
      try {
        if (steps.includes('e2e')) await vitest('e2e', testEnv);
        if (steps.includes('browser')) {
          if (await ensureChromium()) await vitest('browser', testEnv);
          else
            results.push({
              name: 'browser',
              ok: false,
              seconds: 0,
              passed: 0,
              failed: 0,
              skipped: 0,
              note: 'no Chromium',
            });
        }
      } finally {
        await app.stop();
      }
    }
    await drop(services.DATABASE_MIGRATION_URL, database);
    await dropRedisPrefix(services.REDIS_URL, env.REDIS_PREFIX);
  }
}

function pgUrlFor(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const total = results.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed }), {
  passed: 0,
  failed: 0,
});
console.log('\nStep            Result  Seconds  Tests');
for (const r of results) {
  const tests =
    r.passed + r.failed + r.skipped
      ? `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`
      : (r.note ?? '');
  console.log(
    `${r.name.padEnd(16)}${(r.ok ? 'ok' : 'FAILED').padEnd(8)}${r.seconds.toFixed(1).padStart(7)}  ${tests}`,
  );
}
const ok = results.every((r) => r.ok);
if (!ok)
  warn(
    `failed: ${results
      .filter((r) => !r.ok)
      .map((r) => r.name)
      .join(', ')}`,
  );
console.log(
  `tests: ${total.passed} passed, ${total.failed + (ok ? 0 : results.filter((r) => !r.ok && !r.failed).length)} failed`,
);
process.exit(ok ? 0 : 1);
