import { JSON_SCHEMA_DIALECT, type StepTypeDefinition } from './step-type.types.js';

export interface FailStepConfig {
  message: string;
  /** Machine-readable code recorded on the run error. */
  code?: string;
}

export const failStepType: StepTypeDefinition<FailStepConfig> = {
  type: 'fail',
  category: 'flow',
  title: 'Fail',
  description: 'Ends the run as failed with a message.',
  configSchema: {
    $schema: JSON_SCHEMA_DIALECT,
    type: 'object',
    additionalProperties: false,
    required: ['message'],
    properties: {
      message: { type: 'string', minLength: 1, maxLength: 2_000 },
      code: { type: 'string', pattern: '^[a-z][a-z0-9_.]{0,63}$' },
    },
  },
  defaults: { message: 'The flow failed' },
  expressionFields: [{ field: 'message', kind: 'template' }],
  terminal: true,
  outputPorts: () => [],
};
