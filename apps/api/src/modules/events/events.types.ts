import { EVENT_KEY_MAX_LENGTH, EVENT_NAME_RULE } from '@stepline/domain';
import { EVENT_NAME_PATTERN as TRIGGER_EVENT_NAME_PATTERN } from '../triggers/event-config.js';

/**
 * The event contract (product.md §6): names as the `waitForEvent` step and event triggers spell
 * them, a correlation key, any JSON payload and an optional publisher-chosen id.
 */

/**
 * The event trigger contract's name pattern (triggers/event-config.ts), so every published name can
 * fire a trigger configured on it; it includes every name a `waitForEvent` step can wait for.
 */
export const EVENT_NAME_REGEX = TRIGGER_EVENT_NAME_PATTERN;
export const EVENT_NAME_PATTERN = TRIGGER_EVENT_NAME_PATTERN.source;
export const EVENT_NAME_MESSAGE = `name must be ${EVENT_NAME_RULE}`;
/** Like an Idempotency-Key: 1–255 printable ASCII characters without spaces. */
export const EVENT_ID_PATTERN = '^[\\x21-\\x7e]{1,255}$';
export const EVENT_ID_REGEX = new RegExp(EVENT_ID_PATTERN);

export const EVENT_LIMITS = {
  /** Characters of the correlation key (single-line text). */
  key: EVENT_KEY_MAX_LENGTH,
  /** UTF-8 bytes of the payload as JSON; it becomes run input and step output, so it stays small. */
  payloadBytes: 256 * 1024,
} as const;

export interface PublishEventInput {
  name: string;
  key?: string | null;
  payload?: unknown;
  /** Makes publishing idempotent: the same id again answers the first result and does nothing. */
  id?: string | null;
}

/** The answer: the event's id (the publisher's, else generated) and the runs it touched. */
export interface PublishedEvent {
  eventId: string;
  /** Runs that were waiting for this name and key and now continue. */
  resumed: string[];
  /** Runs started by the tenant's event triggers on this name whose filter matched. */
  started: string[];
}

/** What a run started by an event trigger gets as input. */
export interface EventRunInput {
  name: string;
  key: string | null;
  payload: unknown;
  eventId: string;
}
