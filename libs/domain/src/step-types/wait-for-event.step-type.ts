import { EVENT_NAME_PATTERN_SOURCE } from '../event-names/event-names.js';
import { waitTimeoutMs } from './schema-fragments.js';
import { JSON_SCHEMA_DIALECT, type StepTypeDefinition } from './step-type.types.js';
import { TIMEOUT_PORT } from './approval.step-type.js';

/**
 * With a timeout, the step emits `received` when the event came and `timeout` when it did not.
 * Unlabelled edges are followed either way (the scheduler's rule for every port): label the
 * happy path `received` to leave it on a timeout.
 */
export const RECEIVED_PORT = 'received';

export interface WaitForEventStepConfig {
  event: string;
  /** Only an event published with this key resumes the run (e.g. a phone number). */
  correlationKey?: string;
  timeoutMs?: number;
}

export const waitForEventStepType: StepTypeDefinition<WaitForEventStepConfig> = {
  type: 'waitForEvent',
  category: 'flow',
  title: 'Wait for event',
  description:
    'Parks the run until an event with the given name and correlation key arrives; with a timeout, follows the "received" port when it does and the "timeout" port when none does. Output: the event payload.',
  configSchema: {
    $schema: JSON_SCHEMA_DIALECT,
    type: 'object',
    additionalProperties: false,
    required: ['event'],
    properties: {
      event: { type: 'string', pattern: EVENT_NAME_PATTERN_SOURCE },
      correlationKey: { type: 'string', minLength: 1, maxLength: 1_000 },
      timeoutMs: waitTimeoutMs('Time to wait for the event.'),
    },
  },
  defaults: { event: 'message.received' },
  expressionFields: [{ field: 'correlationKey', kind: 'template' }],
  outputPorts: (config) => (config.timeoutMs !== undefined ? [RECEIVED_PORT, TIMEOUT_PORT] : []),
};
