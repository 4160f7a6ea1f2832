import { describe, expect, it } from 'vitest';
import { isTruthy, matchEventFilter } from './event-filter.js';

const event = (text: unknown, key: string | null = '+491701234567') => ({
  name: 'message.received',
  key,
  payload: { text },
});
const KEYWORDS = "$lowercase(payload.text) in ['help', 'start']";

describe('event trigger filters', () => {
  it('match every event when there is no filter', async () => {
    expect(await matchEventFilter(null, event('anything'))).toEqual({ match: true });
    expect(await matchEventFilter('  ', event('anything'))).toEqual({ match: true });
  });

  it('match keyword messages whatever their case, and nothing else', async () => {
    expect(await matchEventFilter(KEYWORDS, event('HELP'))).toEqual({ match: true });
    expect(await matchEventFilter(KEYWORDS, event('Start'))).toEqual({ match: true });
    expect(await matchEventFilter(KEYWORDS, event('yes'))).toEqual({ match: false });
    expect(await matchEventFilter(KEYWORDS, event(undefined))).toEqual({ match: false });
  });

  it('see the key and the name beside the payload', async () => {
    expect(await matchEventFilter("$substring(key, 0, 3) = '+49'", event('x'))).toEqual({ match: true });
    expect(await matchEventFilter("name = 'message.received'", event('x'))).toEqual({ match: true });
    expect(await matchEventFilter('key', event('x', null))).toEqual({ match: false });
  });

  it('do not match when they fail, and say why', async () => {
    const broken = await matchEventFilter('payload.text in [', event('help'));
    expect(broken).toMatchObject({ match: false, error: { code: 'expression.failed' } });
    const thrown = await matchEventFilter('$error("nope")', event('help'));
    expect(thrown).toMatchObject({ match: false, error: { code: 'expression.failed' } });
  });

  it('stop a runaway filter at its time bound instead of hanging the API', async () => {
    const loop = await matchEventFilter('($f := function($n) { $f($n) }; $f(1))', event('help'));
    expect(loop).toMatchObject({
      match: false,
      error: { code: expect.stringMatching(/^expression\.(timeout|too_deep)$/) },
    });
  });

  it('read values as JSONata does ($boolean)', () => {
    expect([true, 1, 'x', [0, 1], { a: 1 }].map(isTruthy)).toEqual([true, true, true, true, true]);
    expect([false, 0, '', [], {}, null, undefined, [0, '']].map(isTruthy)).toEqual(Array(8).fill(false));
  });
});
