// Installs dependencies when they are missing or older than the lockfile.
import { existsSync, statSync } from 'node:fs';
import { log, run, fail } from './shell.mjs';

export function ensureDependencies(root) {
  const marker = `${root}/node_modules/.package-lock.json`;
  const lock = `${root}/package-lock.json`;
  const fresh =
    existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs);
  if (fresh) return;
  log('installing dependencies (npm ci) …');
  const opts = { cwd: root, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } };
  // npm ci refuses a lockfile that lacks other platforms' optional binaries the registry does not
  // carry; npm install resolves the same tree from the lockfile and tolerates that.
  if (run('npm', ['ci', '--no-audit', '--no-fund'], opts) === 0) return;
  log('npm ci could not use the lockfile as is; falling back to npm install');
  if (run('npm', ['install', '--no-audit', '--no-fund'], opts) !== 0) fail('npm install failed');
}
