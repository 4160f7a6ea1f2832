// Runs one of the API's command-line tools (apps/api/src/cli) against the configured (or local)
// database: reads .env, installs dependencies, brings services up, builds the API, runs the tool.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnvFile } from './env-file.mjs';
import { ensureDependencies } from './install.mjs';
import { ensureServices } from './services.mjs';
import { fail, run } from './shell.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Exits with the tool's exit code. `tool` is the file name under apps/api/dist/cli. */
export async function runApiCli(tool, args = []) {
  loadEnvFile(join(root, '.env'));
  ensureDependencies(root);
  const services = await ensureServices(process.env.STEPLINE_DATABASE ?? 'stepline');
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
  if (run('npx', ['nx', 'run', '@stepline/api:build', '--output-style=static'], { cwd: root, env }) !== 0)
    fail('build failed');
  process.exit(
    run('node', [join(root, 'apps/api/dist/cli', tool), ...args], { env: { ...env, ...services } }),
  );
}
