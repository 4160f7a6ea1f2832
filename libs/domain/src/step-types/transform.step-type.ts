import { expressionString } from './schema-fragments.js';
import { JSON_SCHEMA_DIALECT, type StepTypeDefinition } from './step-type.types.js';

export interface TransformStepConfig {
  expression: string;
}

export const transformStepType: StepTypeDefinition<TransformStepConfig> = {
  type: 'transform',
  category: 'data',
  title: 'Transform',
  description: 'Evaluates a JSONata expression. Output: its value.',
  configSchema: {
    $schema: JSON_SCHEMA_DIALECT,
    type: 'object',
    additionalProperties: false,
    required: ['expression'],
    properties: { expression: expressionString('JSONata expression (no braces).') },
  },
  defaults: { expression: 'input' },
  expressionFields: [{ field: 'expression', kind: 'expression' }],
  outputPorts: () => [],
};
