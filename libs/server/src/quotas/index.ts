export * from './run-start-limiter.js';
export * from './run-start-limiter.provider.js';
