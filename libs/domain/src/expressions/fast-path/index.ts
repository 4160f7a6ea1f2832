export { compileFastPath, isDeferred, type FastPath } from './fast-path.compiler.js';
export { DEFER } from './jsonata-semantics.js';
