import { MAX_WAIT_MS } from './schema-fragments.js';
import { JSON_SCHEMA_DIALECT, type StepTypeDefinition } from './step-type.types.js';

export interface DelayStepConfig {
  mode: 'duration' | 'until';
  durationMs?: number;
  /** ISO 8601 date-time, or a template yielding one. */
  until?: string;
}

export const delayStepType: StepTypeDefinition<DelayStepConfig> = {
  type: 'delay',
  category: 'flow',
  title: 'Delay',
  description: 'Waits for a duration or until a time without holding a worker. Output: { resumedAt }.',
  configSchema: {
    $schema: JSON_SCHEMA_DIALECT,
    type: 'object',
    additionalProperties: false,
    required: ['mode'],
    properties: {
      mode: { type: 'string', enum: ['duration', 'until'], default: 'duration' },
      durationMs: { type: 'integer', minimum: 0, maximum: MAX_WAIT_MS },
      until: {
        type: 'string',
        minLength: 1,
        maxLength: 1_000,
        description: 'ISO 8601 date-time or a template.',
      },
    },
    allOf: [
      { if: { properties: { mode: { const: 'duration' } } }, then: { required: ['durationMs'] } },
      { if: { properties: { mode: { const: 'until' } } }, then: { required: ['until'] } },
    ],
  },
  defaults: { mode: 'duration', durationMs: 60_000 },
  expressionFields: [{ field: 'until', kind: 'template' }],
  outputPorts: () => [],
  checkConfig: (config) =>
    config.mode === 'until' &&
    config.until !== undefined &&
    !config.until.includes('{{') &&
    Number.isNaN(Date.parse(config.until))
      ? [{ path: '/until', code: 'config.invalid_date', message: 'is not an ISO 8601 date-time' }]
      : [],
};
