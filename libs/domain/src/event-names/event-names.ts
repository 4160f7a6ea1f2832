/**
 * What an event name is, in one place (issue 10): `POST /v1/events` (REST and GraphQL validation),
 * the event trigger's `config.event`, the `waitForEvent` step's `event` and the editor's trigger
 * form all take it from here, so every name one of them accepts the others accept too — a
 * `waitForEvent` can wait for any name a publisher may send, and a trigger can listen to it.
 */
export const EVENT_NAME_MAX_LENGTH = 200;

/** The pattern as JSON Schema / OpenAPI / class-validator spell it. */
export const EVENT_NAME_PATTERN_SOURCE = `^[A-Za-z0-9._:-]{1,${EVENT_NAME_MAX_LENGTH}}$`;

const EVENT_NAME = new RegExp(EVENT_NAME_PATTERN_SOURCE);

export const isEventName = (value: unknown): value is string =>
  typeof value === 'string' && EVENT_NAME.test(value);

/** The rule in words, for validation messages ("name must be …"). */
export const EVENT_NAME_RULE = `1–${EVENT_NAME_MAX_LENGTH} characters of A–Z a–z 0–9 . _ : -`;

/** Characters of an event's correlation key (single-line text). */
export const EVENT_KEY_MAX_LENGTH = 255;
