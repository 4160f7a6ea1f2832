import type { components } from './generated/openapi.js';
import type { ApiTransport } from './transport.js';

/** What a publish did: the event's id and the runs it resumed and started. */
export type PublishedEvent = components['schemas']['PublishedEventDto'];

export interface PublishEventOptions {
  /** e.g. `message.received`: 1–200 of A–Z a–z 0–9 . _ : - */
  name: string;
  /** Correlation key (e.g. a phone number): resumes only runs waiting for this key (or any key). */
  key?: string | null;
  /** Any JSON value; the waiting step's output and a triggered run's `input.payload`. */
  payload?: unknown;
  /**
   * Makes the publish idempotent (1–255 printable ASCII): the same id again answers the first result
   * and does nothing. Default: a random UUID, so the client's own 429/503 retries never publish twice.
   */
  id?: string;
}

/** `stepline.events`: publish events (API keys need the `events:write` scope). */
export class EventsApi {
  constructor(private readonly t: ApiTransport) {}

  /** Resumes runs waiting for (name, key) and starts flows whose event trigger matches. */
  publish(options: PublishEventOptions): Promise<PublishedEvent> {
    const body: components['schemas']['PublishEventDto'] = {
      name: options.name,
      id: options.id ?? globalThis.crypto.randomUUID(),
      ...(options.key != null ? { key: options.key } : {}),
      ...(options.payload !== undefined ? { payload: options.payload as never } : {}),
    };
    return this.t.call(this.t.raw.POST('/v1/events', { body }));
  }
}
