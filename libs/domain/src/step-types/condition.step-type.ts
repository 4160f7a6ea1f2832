import { expressionString } from './schema-fragments.js';
import { JSON_SCHEMA_DIALECT, type StepTypeDefinition } from './step-type.types.js';

export interface ConditionStepConfig {
  expression: string;
}

export const conditionStepType: StepTypeDefinition<ConditionStepConfig> = {
  type: 'condition',
  category: 'flow',
  title: 'Condition',
  description:
    'Evaluates a boolean JSONata expression and follows the "true" or "false" edges. Output: { result }.',
  configSchema: {
    $schema: JSON_SCHEMA_DIALECT,
    type: 'object',
    additionalProperties: false,
    required: ['expression'],
    properties: { expression: expressionString('Boolean JSONata expression (no braces).') },
  },
  defaults: { expression: 'true' },
  expressionFields: [{ field: 'expression', kind: 'expression' }],
  outputPorts: () => ['true', 'false'],
};
