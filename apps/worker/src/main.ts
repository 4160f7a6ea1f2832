import 'reflect-metadata';
import { ConfigError, loadConfigFromProcess } from '@stepline/server';
import { createWorker } from './worker.factory.js';

async function main() {
  const config = loadConfigFromProcess();
  await createWorker(config);
  // Nest closes the workers on SIGTERM/SIGINT (in-flight jobs finish); this bounds how long it may take.
  const forceExit = () => setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
  process.once('SIGTERM', forceExit);
  process.once('SIGINT', forceExit);
  console.log(JSON.stringify({ level: 'info', service: 'worker', msg: 'worker started' }));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
