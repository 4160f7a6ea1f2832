export * from './queue-names.js';
export * from './redis.factory.js';
export * from './run-channels.js';
export * from './runs-queue.producer.js';
