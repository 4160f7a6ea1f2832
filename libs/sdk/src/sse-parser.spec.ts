import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSse, SseParser, type SseMessage } from './sse-parser.js';

const parseAll = (text: string, lastEventId?: string): SseMessage[] => new SseParser(lastEventId).push(text);

/** Splits `text` at the given cut points and feeds the pieces one by one. */
function parseInPieces(text: string, cuts: number[]): SseMessage[] {
  const parser = new SseParser();
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: SseMessage[] = [];
  let from = 0;
  for (const p of [...points, text.length]) {
    out.push(...parser.push(text.slice(from, p)));
    from = p;
  }
  return out;
}

describe('SseParser', () => {
  it('parses events with ids, names and multi-line data', () => {
    const events = parseAll('id: 7\nevent: step.settled\ndata: {"a":1}\n\ndata: one\ndata: two\n\n');
    expect(events).toEqual([
      { event: 'step.settled', data: '{"a":1}', lastEventId: '7' },
      { event: 'message', data: 'one\ntwo', lastEventId: '7' },
    ]);
  });

  it('ignores comments (heartbeats) and blocks without data', () => {
    expect(parseAll(': ping\n\nid: 3\n\n: another\nevent: x\n\n')).toEqual([]);
  });

  it('keeps the last event id across events and from the constructor', () => {
    const parser = new SseParser('41');
    expect(parser.push('data: a\n\n')[0].lastEventId).toBe('41');
    parser.push('id: 42\n\n');
    expect(parser.lastEventId).toBe('42');
  });

  it('accepts \\r\\n and bare \\r line endings, and a value without a space after the colon', () => {
    expect(parseAll('data:x\r\n\r\ndata: y\r\rdata\n\n')).toEqual([
      { event: 'message', data: 'x', lastEventId: '' },
      { event: 'message', data: 'y', lastEventId: '' },
      { event: 'message', data: '', lastEventId: '' },
    ]);
  });

  it('ignores an id containing NUL and a non-numeric retry, and reports a numeric one', () => {
    expect(parseAll('id: a\0b\nretry: soon\ndata: x\n\nretry: 1500\ndata: y\n\n')).toEqual([
      { event: 'message', data: 'x', lastEventId: '' },
      { event: 'message', data: 'y', lastEventId: '', retry: 1500 },
    ]);
  });

  it('joins a \\r\\n split across chunks, even with empty chunks between', () => {
    const parser = new SseParser();
    expect([...parser.push('data: a\r'), ...parser.push(''), ...parser.push('\ndata: b\n\n')]).toEqual([
      { event: 'message', data: 'a\nb', lastEventId: '' },
    ]);
  });

  it('does not dispatch an unterminated block', () => {
    expect(parseAll('data: half')).toEqual([]);
  });

  it('gives the same events however the stream is cut into chunks', () => {
    const line = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', ':', '{', '"', 'é') }).map((s) => `data: ${s}`),
      fc.nat(99).map((n) => `id: ${n}`),
      fc.constantFrom('event: step.settled', ': ping', 'retry: 10', ''),
    );
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    const stream = fc
      .array(fc.tuple(line, eol), { maxLength: 30 })
      .map((parts) => parts.map(([l, e]) => l + e).join(''));
    fc.assert(
      fc.property(stream, fc.array(fc.nat(2000), { maxLength: 12 }), (text, cuts) => {
        expect(parseInPieces(text, cuts)).toEqual(parseAll(text));
      }),
    );
  });

  it('reads a byte stream whose chunks split multi-byte characters', async () => {
    const bytes = new TextEncoder().encode('id: 1\ndata: “é”\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const b of bytes) controller.enqueue(Uint8Array.of(b));
        controller.close();
      },
    });
    const events: SseMessage[] = [];
    for await (const e of readSse(body)) events.push(e);
    expect(events).toEqual([{ event: 'message', data: '“é”', lastEventId: '1' }]);
  });
});
