export * from './roles.js';
export * from './principal.js';
export * from './abilities.js';
