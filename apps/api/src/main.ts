import 'reflect-metadata';
import {
  ConfigError,
  loadConfigFromProcess,
  METRICS,
  startMetricsServer,
  type Metrics,
} from '@stepline/server';
import { createApiApp } from './app.factory.js';

async function main() {
  const config = loadConfigFromProcess();
  const app = await createApiApp(config);
  await app.listen(config.port, config.host);
  if (config.metrics.port !== null) {
    // /metrics only on its own listener (e.g. an address only Prometheus reaches).
    const metricsServer = await startMetricsServer(app.get<Metrics>(METRICS), config.metrics);
    process.once('SIGTERM', () => metricsServer.close());
    process.once('SIGINT', () => metricsServer.close());
  }
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
