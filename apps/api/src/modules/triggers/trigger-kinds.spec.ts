import type { TriggerRecord } from '@stepline/server';
import { describe, expect, it } from 'vitest';
import { fireTimesFor, fireTimesOf } from './trigger-kinds.js';

const NOW = Date.parse('2026-03-01T10:00:30Z');
const schedule = (config: Record<string, unknown>, nextFireAt: string | null, enabled = true) =>
  ({
    kind: 'schedule',
    enabled,
    config,
    nextFireAt: nextFireAt ? new Date(nextFireAt) : null,
  }) as TriggerRecord;

const hourly = { mode: 'cron', cron: '0 * * * *', timezone: 'Europe/Berlin' };

describe('fire times of a list', () => {
  it('gives each row what it would get alone, and shares one computation per schedule and slot', () => {
    const rows = [
      schedule(hourly, '2026-03-01T11:00:00Z'),
      schedule({ mode: 'interval', intervalSeconds: 600 }, '2026-03-01T10:10:00Z'),
      schedule(hourly, '2026-03-01T11:00:00Z'),
      schedule(hourly, '2026-03-01T09:00:00Z'), // passed unclaimed: from now
      schedule(hourly, '2026-03-01T11:00:00Z', false),
      { ...schedule(hourly, null), kind: 'webhook' } as TriggerRecord,
    ];
    const times = fireTimesFor(NOW);
    const listed = rows.map(times);
    expect(listed).toEqual(rows.map((r) => fireTimesOf(r, NOW)));
    expect(listed[0]).toEqual([
      '2026-03-01T11:00:00.000Z',
      '2026-03-01T12:00:00.000Z',
      '2026-03-01T13:00:00.000Z',
      '2026-03-01T14:00:00.000Z',
      '2026-03-01T15:00:00.000Z',
    ]);
    expect(listed[2]).toBe(listed[0]);
    expect(listed[3]).toEqual(listed[0]);
    expect(listed[1]).toHaveLength(5);
    expect(listed[4]).toEqual([]);
    expect(listed[5]).toEqual([]);
  });
});
