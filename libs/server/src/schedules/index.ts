export * from './schedule-config.js';
