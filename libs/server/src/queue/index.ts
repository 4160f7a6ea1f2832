export * from './queue-names.js';
export * from './redis.factory.js';
