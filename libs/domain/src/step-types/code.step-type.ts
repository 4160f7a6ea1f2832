import { JSON_SCHEMA_DIALECT, type StepTypeDefinition } from './step-type.types.js';

export interface CodeStepConfig {
  /** Body of a function of `{ input, steps, vars, item, index }`; its return value is the output. */
  source: string;
  timeoutMs?: number;
  memoryLimitMb?: number;
}

export const codeStepType: StepTypeDefinition<CodeStepConfig> = {
  type: 'code',
  category: 'data',
  title: 'Code',
  description:
    'Runs JavaScript in a WebAssembly sandbox with time and memory limits and no I/O. Output: its return value.',
  configSchema: {
    $schema: JSON_SCHEMA_DIALECT,
    type: 'object',
    additionalProperties: false,
    required: ['source'],
    properties: {
      source: { type: 'string', minLength: 1, maxLength: 100_000, description: 'JavaScript function body.' },
      timeoutMs: { type: 'integer', minimum: 1, maximum: 30_000, default: 5_000 },
      memoryLimitMb: { type: 'integer', minimum: 1, maximum: 128, default: 32 },
    },
  },
  defaults: { source: 'return { ok: true };' },
  // The source is JavaScript, not a template: `{{` is legal code there, so it is never scanned.
  expressionFields: [],
  outputPorts: () => [],
};
