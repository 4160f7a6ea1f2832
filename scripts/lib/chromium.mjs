// Browser tests drive Debian's Chromium; install it when missing and we may (root + apt).
import { existsSync } from 'node:fs';
import { has, log, run, warn } from './shell.mjs';

export function chromiumPath() {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export async function ensureChromium() {
  if (existsSync(chromiumPath())) return true;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && has('apt-get')) {
    log('installing Debian chromium for the browser tests …');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env });
  }
  if (existsSync(chromiumPath())) return true;
  warn(`Chromium not found at ${chromiumPath()}: install Debian's chromium package or set CHROMIUM_PATH`);
  return false;
}
