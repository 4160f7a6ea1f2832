export * from './step-failure.js';
