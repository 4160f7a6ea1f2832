export * from './webhook-events.js';
