import { VARIABLE_NAME_PATTERN } from './schema-fragments.js';
import { JSON_SCHEMA_DIALECT, type StepTypeDefinition } from './step-type.types.js';

export interface SetVariableStepConfig {
  name: string;
  value: unknown;
}

export const setVariableStepType: StepTypeDefinition<SetVariableStepConfig> = {
  type: 'setVariable',
  category: 'data',
  title: 'Set variable',
  description: 'Sets vars.<name> for the steps after it. Output: the value.',
  configSchema: {
    $schema: JSON_SCHEMA_DIALECT,
    type: 'object',
    additionalProperties: false,
    required: ['name', 'value'],
    properties: {
      name: { type: 'string', pattern: VARIABLE_NAME_PATTERN },
      value: { description: 'Any JSON value; strings inside may hold templates.' },
    },
  },
  defaults: { name: 'result', value: '' },
  expressionFields: [{ field: 'value', kind: 'template' }],
  outputPorts: () => [],
};
