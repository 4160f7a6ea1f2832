import { expressionString, PORT_NAME_PATTERN, reservedPortProblems } from './schema-fragments.js';
import { ERROR_PORT, JSON_SCHEMA_DIALECT, type StepTypeDefinition } from './step-type.types.js';

export interface SwitchCase {
  name: string;
  /** Compared for deep equality with the expression's value. */
  value: unknown;
}

export interface SwitchStepConfig {
  expression: string;
  cases: SwitchCase[];
}

export const SWITCH_DEFAULT_PORT = 'default';

export const switchStepType: StepTypeDefinition<SwitchStepConfig> = {
  type: 'switch',
  category: 'flow',
  title: 'Switch',
  description:
    'Compares an expression to named cases and follows the edges of the first match, or "default". Output: { case }.',
  configSchema: {
    $schema: JSON_SCHEMA_DIALECT,
    type: 'object',
    additionalProperties: false,
    required: ['expression', 'cases'],
    properties: {
      expression: expressionString('JSONata expression (no braces).'),
      cases: {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'value'],
          properties: { name: { type: 'string', pattern: PORT_NAME_PATTERN }, value: {} },
        },
      },
    },
  },
  defaults: { expression: 'input.kind', cases: [{ name: 'a', value: 'a' }] },
  expressionFields: [{ field: 'expression', kind: 'expression' }],
  outputPorts: (config) => [...config.cases.map((c) => c.name), SWITCH_DEFAULT_PORT],
  checkConfig: (config) =>
    reservedPortProblems(
      config.cases.map((c) => c.name),
      (i) => `/cases/${i}/name`,
      [SWITCH_DEFAULT_PORT, ERROR_PORT],
    ),
};
