// Baseline for bench/engine: a bare BullMQ worker whose jobs do nothing (concurrency 50, same
// Redis as the engine). Prints "ready" once it consumes; exits on SIGTERM.
import { Worker } from 'bullmq';

const [, , redisUrl, prefix, queueName, concurrency = '50'] = process.argv;
const worker = new Worker(queueName, async () => null, {
  connection: { url: redisUrl, maxRetriesPerRequest: null },
  prefix,
  concurrency: Number(concurrency),
});
await worker.waitUntilReady();
console.log('ready');
process.on('SIGTERM', async () => {
  await worker.close();
  process.exit(0);
});
