export * from './insert-queued-run.js';
