export * from './errors/index.js';
export * from './auth/index.js';
export * from './step-types/index.js';
export * from './expressions/index.js';
export * from './flows/index.js';
export * from './runs/index.js';
export * from './text/index.js';
export * from './secrets/index.js';
