export * from './config/index.js';
export * from './persistence/index.js';
export * from './queue/index.js';
export * from './telemetry/index.js';
export * from './nest/index.js';
export * from './crypto/index.js';
export * from './runs/index.js';
export * from './schedules/index.js';
