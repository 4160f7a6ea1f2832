import { JSON_SCHEMA_DIALECT, type JsonSchema } from '../../step-types/step-type.types.js';
import { STEP_ID_PATTERN } from './flow-definition.types.js';

// The shape of a definition, one schema shared by API, worker, editor and SDK. Step configs are
// `object` here: each is checked against its step type's own schema by the validator, which also
// checks forEach bodies against `flowGraphSchema` with the same step and edge definitions.

const DAY_MS = 86_400_000;

const definitions: Record<string, JsonSchema> = {
  step: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'type', 'config'],
    properties: {
      id: { type: 'string', pattern: STEP_ID_PATTERN },
      type: { type: 'string', minLength: 1, maxLength: 64 },
      name: { type: 'string', maxLength: 200 },
      config: { type: 'object' },
      retry: {
        type: 'object',
        additionalProperties: false,
        required: ['maxAttempts'],
        properties: {
          maxAttempts: { type: 'integer', minimum: 1, maximum: 10 },
          backoff: { type: 'string', enum: ['fixed', 'exponential'], default: 'exponential' },
          initialDelayMs: { type: 'integer', minimum: 0, maximum: DAY_MS },
          maxDelayMs: { type: 'integer', minimum: 0, maximum: DAY_MS },
        },
      },
      timeoutMs: { type: 'integer', minimum: 1, maximum: DAY_MS },
      onError: { type: 'string', enum: ['fail', 'continue', 'branch'], default: 'fail' },
      disabled: { type: 'boolean' },
      notes: { type: 'string', maxLength: 10_000 },
      position: {
        type: 'object',
        additionalProperties: false,
        required: ['x', 'y'],
        properties: { x: { type: 'number' }, y: { type: 'number' } },
      },
    },
  },
  edge: {
    type: 'object',
    additionalProperties: false,
    required: ['from', 'to'],
    properties: {
      from: { type: 'string', minLength: 1 },
      to: { type: 'string', minLength: 1 },
      when: { type: 'string', minLength: 1, maxLength: 64 },
    },
  },
};

const graphProperties: Record<string, JsonSchema> = {
  steps: { type: 'array', maxItems: 2_000, items: { $ref: '#/definitions/step' } },
  edges: { type: 'array', maxItems: 10_000, items: { $ref: '#/definitions/edge' } },
  output: { description: 'Output template: any JSON; strings may hold {{ expr }}.' },
};

export const flowDefinitionSchema: JsonSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  title: 'Stepline flow definition',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'steps', 'edges'],
  properties: {
    schemaVersion: { const: 1 },
    inputSchema: { type: 'object', description: 'Draft-07 JSON Schema of the run input.' },
    ...graphProperties,
    settings: {
      type: 'object',
      additionalProperties: false,
      properties: {
        timeoutMs: { type: 'integer', minimum: 1_000, maximum: 30 * DAY_MS },
        maxConcurrency: { type: 'integer', minimum: 1, maximum: 100 },
      },
    },
  },
  definitions,
};

/** A nested body graph (forEach `config.body`). */
export const flowGraphSchema: JsonSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  type: 'object',
  additionalProperties: false,
  required: ['steps', 'edges'],
  properties: graphProperties,
  definitions,
};
