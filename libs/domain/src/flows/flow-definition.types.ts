// Kept while libs/domain/src/runs (in flight elsewhere) still imports this path; new code imports
// from './definition/flow-definition.types.js' or the package index.
export * from './definition/flow-definition.types.js';
