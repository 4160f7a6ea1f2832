export * from './keyset.js';
export * from './sql-params.js';
export * from './flows.repository.js';
export * from './flow-versions.repository.js';
export * from './runs.repository.js';
export * from './runs-maintenance.repository.js';
export * from './step-runs.repository.js';
