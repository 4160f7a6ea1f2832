#!/usr/bin/env node
// `npm start`: install what is missing, bring up Postgres and Redis when none are configured,
// migrate, seed the demo tenant, build, and serve API + worker + editor on one port.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from './lib/app-processes.mjs';
import { loadEnvFile } from './lib/env-file.mjs';
import { ensureDependencies } from './lib/install.mjs';
import { ensureServices, startedServices } from './lib/services.mjs';
import { capture, fail, log, run } from './lib/shell.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
loadEnvFile(join(root, '.env'));
ensureDependencies(root);

const services = await ensureServices(process.env.STEPLINE_DATABASE ?? 'stepline');
const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
log('building API, worker and editor …');
if (run('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static'], { cwd: root, env: nxEnv }) !== 0) {
  fail('build failed');
}

const env = {
  ...services,
  PORT: process.env.PORT ?? '3000',
  WEB_DIST_DIR: process.env.WEB_DIST_DIR ?? join(root, 'apps/web/dist/browser'),
};
const childEnv = { ...process.env, ...env };
log('migrating the database …');
if (run('node', [join(root, 'apps/api/dist/cli/migrate.js')], { env: childEnv }) !== 0)
  fail('migration failed');
const seed = join(root, 'apps/api/dist/cli/seed.js');
let demoLogin = '';
if (existsSync(seed)) {
  log('seeding the demo tenant …');
  const seeded = capture('node', [seed], { env: childEnv });
  process.stdout.write(seeded.out);
  if (seeded.code !== 0) fail('seeding failed');
  demoLogin = seeded.out.split('\n').find((line) => line.startsWith('demo login:')) ?? '';
}

const app = await startApp(root, env);
if (demoLogin) log(demoLogin);
log(`Stepline is running at http://localhost:${env.PORT}  (API: /v1, GraphQL: /graphql, health: /health)`);
log('press Ctrl-C to stop');

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping …');
  await app.stop();
  for (const service of startedServices.reverse()) {
    log(`stopping ${service.name}, which npm start brought up`);
    service.stop();
  }
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
app.exited.then((why) => {
  if (!stopping) {
    console.error(`[stepline] ${why}`);
    shutdown(1);
  }
});
