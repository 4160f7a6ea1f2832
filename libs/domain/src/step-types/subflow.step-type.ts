import { JSON_SCHEMA_DIALECT, type StepTypeDefinition } from './step-type.types.js';

export interface SubflowStepConfig {
  flowId: string;
  /** A version number; default: the flow's published version at start time. */
  version?: number;
  input?: unknown;
  /** Wait for the child run and output its result, or continue at once. */
  wait?: boolean;
}

export const subflowStepType: StepTypeDefinition<SubflowStepConfig> = {
  type: 'subflow',
  category: 'flow',
  title: 'Subflow',
  description:
    'Starts a published flow of the same tenant with an input, and waits for its result or not. Output: the child run output.',
  configSchema: {
    $schema: JSON_SCHEMA_DIALECT,
    type: 'object',
    additionalProperties: false,
    required: ['flowId'],
    properties: {
      flowId: { type: 'string', minLength: 1, maxLength: 64 },
      version: { type: 'integer', minimum: 1 },
      input: { description: 'Child run input; strings inside may hold templates.' },
      wait: { type: 'boolean', default: true },
    },
  },
  // A placeholder id: the editor asks for the flow; the start fails with "flow not found" until then.
  defaults: { flowId: 'choose-a-flow', input: {}, wait: true },
  expressionFields: [{ field: 'input', kind: 'template' }],
  outputPorts: () => [],
};
