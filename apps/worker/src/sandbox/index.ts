export { CodeSandbox, type CodeSandboxOptions, type CodeSandboxStats } from './code-sandbox.js';
export { SandboxFailure } from './sandbox-failure.js';
export type { SandboxLogEntry, SandboxOutputLimits, SandboxRequest, SandboxResult } from './sandbox.types.js';
