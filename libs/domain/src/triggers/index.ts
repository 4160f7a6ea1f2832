export * from './trigger-limits.js';
