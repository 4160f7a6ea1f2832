export * from './config.schema.js';
export * from './config.token.js';
export * from './secrets-config.js';
