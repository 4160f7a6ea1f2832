export * from './approval-rules.js';
