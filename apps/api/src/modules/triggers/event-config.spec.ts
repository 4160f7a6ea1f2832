import { describe, expect, it } from 'vitest';
import { parseEventConfig } from './event-config.js';

const pathsOf = (input: unknown, previous?: Parameters<typeof parseEventConfig>[1]) => {
  const result = parseEventConfig(input, previous);
  return result.ok ? [] : result.problems.map((p) => `${p.path} ${p.code}`);
};

describe('parseEventConfig', () => {
  it('accepts an event name with an optional JSONata filter', () => {
    const filter = "$lowercase(payload.text) in ['help','start']";
    expect(parseEventConfig({ event: 'message.received', filter })).toEqual({
      ok: true,
      value: { event: 'message.received', filter },
    });
    expect(parseEventConfig({ event: 'order:paid_v2-eu' })).toEqual({
      ok: true,
      value: { event: 'order:paid_v2-eu' },
    });
  });

  it('keeps the stored values an update leaves out, and removes the filter on null', () => {
    const stored = { event: 'a.b', filter: 'payload.x = 1' };
    expect(parseEventConfig({ event: 'c.d' }, stored)).toEqual({
      ok: true,
      value: { event: 'c.d', filter: 'payload.x = 1' },
    });
    expect(parseEventConfig({ filter: null }, stored)).toEqual({ ok: true, value: { event: 'a.b' } });
  });

  it('names each problem with a JSON pointer under /config', () => {
    expect(pathsOf('x')).toEqual(['/config field.type']);
    expect(pathsOf({})).toEqual(['/config/event field.required']);
    expect(pathsOf({ event: '' })).toEqual(['/config/event field.invalid']);
    expect(pathsOf({ event: 'with space' })).toEqual(['/config/event field.invalid']);
    expect(pathsOf({ event: 'x'.repeat(201) })).toEqual(['/config/event field.invalid']);
    expect(pathsOf({ event: 'a', filter: '' })).toEqual(['/config/filter field.type']);
    expect(pathsOf({ event: 'a', filter: 'payload.x = ' })).toEqual([
      '/config/filter expression.parse_error',
    ]);
    expect(pathsOf({ event: 'a', other: true })).toEqual(['/config/other field.unknown']);
  });
});
