export * from './keyset.js';
export * from './flows.repository.js';
