export * from './wait-for.js';
export * from './test-database.js';
export * from './test-redis.js';
export * from './test-config.js';
