export * from './secret-rules.js';
