import 'reflect-metadata';
import { ConfigError, loadConfigFromProcess } from '@stepline/server';
import { createApiApp } from './app.factory.js';

async function main() {
  const config = loadConfigFromProcess();
  const app = await createApiApp(config);
  await app.listen(config.port, config.host);
  const forceExit = () => setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
  process.once('SIGTERM', forceExit);
  process.once('SIGINT', forceExit);
  console.log(
    JSON.stringify({ level: 'info', service: 'api', msg: `listening on ${config.host}:${config.port}` }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
