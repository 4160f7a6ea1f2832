import { stringMap } from './schema-fragments.js';
import { JSON_SCHEMA_DIALECT, type StepTypeDefinition } from './step-type.types.js';

export interface RespondStepConfig {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export const respondStepType: StepTypeDefinition<RespondStepConfig> = {
  type: 'respond',
  category: 'core',
  title: 'Respond',
  description: 'Sets the HTTP response of a synchronous webhook; the run goes on.',
  configSchema: {
    $schema: JSON_SCHEMA_DIALECT,
    type: 'object',
    additionalProperties: false,
    properties: {
      status: { type: 'integer', minimum: 100, maximum: 599, default: 200 },
      headers: stringMap('Response headers; values may hold templates.'),
      body: { description: 'Response body; strings inside may hold templates.' },
    },
  },
  defaults: { status: 200 },
  expressionFields: [
    { field: 'headers', kind: 'template' },
    { field: 'body', kind: 'template' },
  ],
  outputPorts: () => [],
};
