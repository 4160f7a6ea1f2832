export * from './request-context.js';
export * from './logger.factory.js';
export * from './metrics.js';
export * from './metrics-server.js';
