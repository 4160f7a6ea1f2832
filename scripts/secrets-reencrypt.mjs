#!/usr/bin/env node
// `npm run secrets:reencrypt [-- --batch-size=N]`: rewrite every tenant secret under the active key.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnvFile } from './lib/env-file.mjs';
import { ensureDependencies } from './lib/install.mjs';
import { ensureServices } from './lib/services.mjs';
import { fail, run } from './lib/shell.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
loadEnvFile(join(root, '.env'));
ensureDependencies(root);
const services = await ensureServices(process.env.STEPLINE_DATABASE ?? 'stepline');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
if (run('npx', ['nx', 'run', '@stepline/api:build', '--output-style=static'], { cwd: root, env }) !== 0)
  fail('build failed');
process.exit(
  run('node', [join(root, 'apps/api/dist/cli/reencrypt-secrets.js'), ...process.argv.slice(2)], {
    env: { ...env, ...services },
  }),
);
