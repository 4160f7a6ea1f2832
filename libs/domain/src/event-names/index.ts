export * from './event-names.js';
