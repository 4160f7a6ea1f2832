export * from './secrets.provider.js';
export * from './secrets.module.js';
