export * from './text-rules.js';
export * from './json-shape.js';
