/** One dispatched Server-Sent Event (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
export interface SseMessage {
  /** `event:` field; "message" when the server named none. */
  event: string;
  /** `data:` lines joined with "\n". */
  data: string;
  /** The last event id after this event (ids persist across events that set none), or "" if none yet. */
  lastEventId: string;
  /** `retry:` in ms when this block carried one. */
  retry?: number;
}

/**
 * An incremental SSE parser, per the WHATWG algorithm: chunks may split anywhere (inside a line,
 * between \r and \n); lines end with \n, \r\n or \r; comments (`:`) are ignored; a block without
 * `data:` dispatches nothing; an id containing NUL is ignored. Fetch-stream based so it works in
 * Node and browsers alike, with headers (Authorization, Last-Event-ID) EventSource cannot send.
 */
export class SseParser {
  private buffer = '';
  private pendingCr = false;
  private data: string[] = [];
  private hasData = false;
  private event = '';
  private retry: number | undefined;
  private id: string;

  constructor(lastEventId = '') {
    this.id = lastEventId;
  }

  /** The id a reconnect should send as Last-Event-ID. */
  get lastEventId(): string {
    return this.id;
  }

  /** Feeds decoded text; answers the events completed by it. */
  push(chunk: string): SseMessage[] {
    const out: SseMessage[] = [];
    if (chunk === '') return out;
    let text = chunk;
    // A \r ending the previous chunk already ended its line; a \n starting this one belongs to it.
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.line(this.buffer.slice(start, i), out);
      if (c === 13) {
        if (i + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(line: string, out: SseMessage[]): void {
    if (line === '') return this.dispatch(out);
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        this.hasData = true;
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.id = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
      // Unknown fields are ignored, as the spec says.
    }
  }

  private dispatch(out: SseMessage[]): void {
    if (this.hasData) {
      out.push({
        event: this.event || 'message',
        data: this.data.join('\n'),
        lastEventId: this.id,
        ...(this.retry === undefined ? {} : { retry: this.retry }),
      });
    }
    this.data = [];
    this.hasData = false;
    this.event = '';
    this.retry = undefined;
  }
}

/** Parses an SSE response body as it arrives; ends with the body (an unterminated block is dropped). */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
  parser = new SseParser(),
): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    yield* parser.push(decoder.decode());
  } finally {
    // Stops the download when the consumer leaves early (break / return / throw).
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
