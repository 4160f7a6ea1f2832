import { describe, expect, it } from 'vitest';
import { decideSlot } from './schedule-slot.js';

const every5 = { mode: 'interval', intervalSeconds: 300 } as const;
const at = (iso: string) => new Date(iso);

describe('decideSlot', () => {
  it('fires a slot noticed on time and moves on to the following slot', () => {
    expect(decideSlot(every5, at('2026-01-01T10:05:00Z'), at('2026-01-01T10:05:00.800Z'), 60_000)).toEqual({
      fire: true,
      next: at('2026-01-01T10:10:00Z'),
    });
  });

  it('fires a slot noticed late within the grace, skipping slots that passed meanwhile', () => {
    const hourly = { mode: 'cron', cron: '* * * * *', timezone: 'UTC' } as const;
    expect(decideSlot(hourly, at('2026-01-01T10:05:00Z'), at('2026-01-01T10:05:50Z'), 60_000)).toEqual({
      fire: true,
      next: at('2026-01-01T10:06:00Z'),
    });
  });

  it('does not fire a slot missed while no scheduler ran, nor any slot since: the next future one is next', () => {
    expect(decideSlot(every5, at('2026-01-01T10:05:00Z'), at('2026-01-01T13:07:00Z'), 60_000)).toEqual({
      fire: false,
      next: at('2026-01-01T13:10:00Z'),
    });
  });

  it('stops a schedule whose stored config cannot be read', () => {
    expect(decideSlot(null, at('2026-01-01T10:05:00Z'), at('2026-01-01T10:05:01Z'), 60_000)).toEqual({
      fire: false,
      next: null,
    });
  });
});
