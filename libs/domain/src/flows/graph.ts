// Kept while libs/domain/src/runs (in flight elsewhere) still imports this path; new code imports
// from './graph/graph.js' or the package index.
export * from './graph/graph.js';
