export * from './step-failure.js';
export * from './run-events.js';
