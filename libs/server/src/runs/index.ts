export * from './insert-queued-run.js';
export * from './resume-run.js';
export * from './admission.js';
export * from './subflow-runs.js';
