import { expressionString } from './schema-fragments.js';
import { JSON_SCHEMA_DIALECT, type StepTypeDefinition } from './step-type.types.js';

export interface ForEachBody {
  /** Steps and edges of the body graph; their shape is checked by the definition validator. */
  steps: Record<string, unknown>[];
  edges: Record<string, unknown>[];
  /** Template for one iteration's output; default: the outputs of the body's last steps. */
  output?: unknown;
}

export interface ForEachStepConfig {
  items: string;
  concurrency?: number;
  /** `fail` (default): the first failed item fails the step; `continue`: its slot holds `{ error }`. */
  onItemError?: 'fail' | 'continue';
  body: ForEachBody;
}

export const forEachStepType: StepTypeDefinition<ForEachStepConfig> = {
  type: 'forEach',
  category: 'flow',
  title: 'For each',
  description:
    'Runs a nested body graph once per item of an array expression, with a concurrency limit. Inside the body, `item` and `index` are in scope. Output: array of body outputs.',
  configSchema: {
    $schema: JSON_SCHEMA_DIALECT,
    type: 'object',
    additionalProperties: false,
    required: ['items', 'body'],
    properties: {
      items: expressionString('JSONata expression yielding the array to iterate (no braces).'),
      concurrency: { type: 'integer', minimum: 1, maximum: 100, default: 1 },
      onItemError: {
        enum: ['fail', 'continue'],
        default: 'fail',
        description: 'fail: the first failed item fails the step; continue: its slot holds { error }.',
      },
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['steps', 'edges'],
        properties: {
          steps: { type: 'array', maxItems: 1_000, items: { type: 'object' } },
          edges: { type: 'array', maxItems: 5_000, items: { type: 'object' } },
          output: { description: 'Template for one iteration output.' },
        },
      },
    },
  },
  defaults: { items: 'input.items', concurrency: 1, body: { steps: [], edges: [] } },
  expressionFields: [{ field: 'items', kind: 'expression' }],
  nestedGraphs: [{ field: 'body', locals: ['item', 'index'] }],
  outputPorts: () => [],
};
