import { describe, expect, it } from 'vitest';
import { nextSlotAfter, nextSlots, parseScheduleConfig, type ScheduleConfig } from './schedule-config.js';

const rules = { minIntervalSeconds: 60 };
const parse = (input: unknown, previous?: ScheduleConfig) => parseScheduleConfig(input, rules, previous);
const pathsOf = (input: unknown) => {
  const result = parse(input);
  return result.ok ? [] : result.problems.map((p) => `${p.path} ${p.code}`);
};
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const cron = (pattern: string, timezone: string): ScheduleConfig => ({
  mode: 'cron',
  cron: pattern,
  timezone,
});

describe('parseScheduleConfig', () => {
  it('accepts a 5-field cron in an IANA zone and defaults the zone to UTC', () => {
    expect(parse({ mode: 'cron', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' })).toEqual({
      ok: true,
      value: { mode: 'cron', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
    });
    expect(parse({ mode: 'cron', cron: ' 0  9 * * *' })).toEqual({
      ok: true,
      value: { mode: 'cron', cron: '0 9 * * *', timezone: 'UTC' },
    });
  });

  it('stores the canonical spelling of a time zone', () => {
    const result = parse({ mode: 'cron', cron: '0 9 * * *', timezone: 'europe/berlin' });
    expect(result.ok && result.value).toMatchObject({ timezone: 'Europe/Berlin' });
  });

  it('accepts an interval at or above the floor', () => {
    expect(parse({ mode: 'interval', intervalSeconds: 300 })).toEqual({
      ok: true,
      value: { mode: 'interval', intervalSeconds: 300 },
    });
  });

  it('names each problem with a JSON pointer under /config', () => {
    expect(pathsOf(null)).toEqual(['/config field.type']);
    expect(pathsOf({})).toEqual(['/config/mode field.required']);
    expect(pathsOf({ mode: 'weekly' })).toEqual(['/config/mode field.enum']);
    expect(pathsOf({ mode: 'cron' })).toEqual(['/config/cron field.required']);
    expect(pathsOf({ mode: 'cron', cron: 'every monday' })).toEqual(['/config/cron field.invalid']);
    expect(pathsOf({ mode: 'cron', cron: '0 0 0 * * *' })).toEqual(['/config/cron field.invalid']);
    expect(pathsOf({ mode: 'cron', cron: '61 * * * *' })).toEqual(['/config/cron field.invalid']);
    expect(pathsOf({ mode: 'cron', cron: '0 0 30 2 *' })).toEqual(['/config/cron field.invalid']);
    expect(pathsOf({ mode: 'cron', cron: 7 })).toEqual(['/config/cron field.type']);
    expect(pathsOf({ mode: 'cron', cron: '* * * * *', timezone: 'Mars/Olympus' })).toEqual([
      '/config/timezone field.invalid',
    ]);
    expect(pathsOf({ mode: 'cron', cron: '* * * * *', intervalSeconds: 60 })).toEqual([
      '/config/intervalSeconds field.unknown',
    ]);
    expect(pathsOf({ mode: 'interval', intervalSeconds: 59 })).toEqual([
      '/config/intervalSeconds field.range',
    ]);
    expect(pathsOf({ mode: 'interval', intervalSeconds: 60.5 })).toEqual([
      '/config/intervalSeconds field.range',
    ]);
    expect(pathsOf({ mode: 'interval' })).toEqual(['/config/intervalSeconds field.required']);
  });

  it('lets a config setting lower the interval floor', () => {
    expect(parseScheduleConfig({ mode: 'interval', intervalSeconds: 2 }, { minIntervalSeconds: 1 }).ok).toBe(
      true,
    );
  });

  it('puts pointers at the root for a preview', () => {
    const result = parseScheduleConfig({ mode: 'cron', cron: 'x' }, rules, undefined, '');
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(['/cron']);
  });

  it('fills an update from the stored config of the same mode and starts over on a new mode', () => {
    const stored = cron('0 9 * * *', 'Europe/Berlin');
    expect(parse({ cron: '0 10 * * *' }, stored)).toEqual({
      ok: true,
      value: { mode: 'cron', cron: '0 10 * * *', timezone: 'Europe/Berlin' },
    });
    expect(parse({ mode: 'interval' }, stored).ok).toBe(false);
    expect(parse({ mode: 'interval', intervalSeconds: 120 }, stored)).toEqual({
      ok: true,
      value: { mode: 'interval', intervalSeconds: 120 },
    });
  });
});

describe('schedule slots', () => {
  it('aligns interval slots to the epoch, strictly after the given time', () => {
    const every5 = { mode: 'interval', intervalSeconds: 300 } as const;
    expect(iso(nextSlots(every5, new Date('2026-01-01T10:02:03Z'), 3))).toEqual([
      '2026-01-01T10:05:00.000Z',
      '2026-01-01T10:10:00.000Z',
      '2026-01-01T10:15:00.000Z',
    ]);
    expect(nextSlotAfter(every5, new Date('2026-01-01T10:05:00Z'))?.toISOString()).toBe(
      '2026-01-01T10:10:00.000Z',
    );
  });

  it('answers the cron slot strictly after a slot', () => {
    const daily = cron('0 9 * * *', 'UTC');
    expect(nextSlotAfter(daily, new Date('2026-01-01T09:00:00Z'))?.toISOString()).toBe(
      '2026-01-02T09:00:00.000Z',
    );
  });

  it('follows the zone: 9:00 on weekdays in Berlin is 8:00 UTC in winter and 7:00 UTC in summer', () => {
    const weekdays = cron('0 9 * * 1-5', 'Europe/Berlin');
    expect(iso(nextSlots(weekdays, new Date('2026-01-02T12:00:00Z'), 2))).toEqual([
      '2026-01-05T08:00:00.000Z',
      '2026-01-06T08:00:00.000Z',
    ]);
    expect(iso(nextSlots(weekdays, new Date('2026-07-03T12:00:00Z'), 1))).toEqual([
      '2026-07-06T07:00:00.000Z',
    ]);
  });

  describe('DST in Europe/Berlin (2026: spring forward 29 March 02:00→03:00, fall back 25 October 03:00→02:00)', () => {
    const at0230 = cron('30 2 * * *', 'Europe/Berlin');

    it('fires 02:30 on the spring-forward day at 03:00 CEST, the first minute after the gap, once', () => {
      expect(iso(nextSlots(at0230, new Date('2026-03-28T00:00:00Z'), 3))).toEqual([
        '2026-03-28T01:30:00.000Z', // 02:30 CET
        '2026-03-29T01:00:00.000Z', // 03:00 CEST: 02:30 does not exist
        '2026-03-30T00:30:00.000Z', // 02:30 CEST
      ]);
    });

    it('fires 02:30 on the fall-back day once, at its first occurrence', () => {
      expect(iso(nextSlots(at0230, new Date('2026-10-24T00:00:00Z'), 3))).toEqual([
        '2026-10-24T00:30:00.000Z', // 02:30 CEST
        '2026-10-25T00:30:00.000Z', // 02:30 CEST, the first of two; not again at 02:30 CET
        '2026-10-26T01:30:00.000Z', // 02:30 CET
      ]);
    });

    it('fires a stepped pattern on every wall-clock slot of the repeated hour and none in the gap', () => {
      const halfHourly = cron('*/30 * * * *', 'Europe/Berlin');
      expect(iso(nextSlots(halfHourly, new Date('2026-10-25T00:15:00Z'), 4))).toEqual([
        '2026-10-25T00:30:00.000Z', // 02:30 CEST
        '2026-10-25T01:00:00.000Z', // 02:00 CET
        '2026-10-25T01:30:00.000Z', // 02:30 CET
        '2026-10-25T02:00:00.000Z', // 03:00 CET
      ]);
      expect(iso(nextSlots(halfHourly, new Date('2026-03-29T00:15:00Z'), 3))).toEqual([
        '2026-03-29T00:30:00.000Z', // 01:30 CET
        '2026-03-29T01:00:00.000Z', // 03:00 CEST (02:00 and 02:30 do not exist)
        '2026-03-29T01:30:00.000Z', // 03:30 CEST
      ]);
    });
  });

  describe('DST in America/New_York (2026: 8 March and 1 November)', () => {
    const at0230 = cron('30 2 * * *', 'America/New_York');

    it('fires 02:30 on the spring-forward day at 03:00 EDT', () => {
      expect(iso(nextSlots(at0230, new Date('2026-03-07T12:00:00Z'), 2))).toEqual([
        '2026-03-08T07:00:00.000Z', // 03:00 EDT
        '2026-03-09T06:30:00.000Z', // 02:30 EDT
      ]);
    });

    it('fires 02:30 on the fall-back day once (02:30 EST; 02:30 occurs once there, after the repeated 01:xx)', () => {
      expect(iso(nextSlots(at0230, new Date('2026-10-31T12:00:00Z'), 2))).toEqual([
        '2026-11-01T07:30:00.000Z',
        '2026-11-02T07:30:00.000Z',
      ]);
    });

    it('fires 01:30 on the fall-back day once, at the first (EDT) occurrence', () => {
      const at0130 = cron('30 1 * * *', 'America/New_York');
      expect(iso(nextSlots(at0130, new Date('2026-10-31T12:00:00Z'), 2))).toEqual([
        '2026-11-01T05:30:00.000Z', // 01:30 EDT
        '2026-11-02T06:30:00.000Z', // 01:30 EST
      ]);
    });
  });
});
