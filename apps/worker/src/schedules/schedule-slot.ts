import { nextSlotAfter, type ScheduleConfig } from '@stepline/server';

/** What the scheduler does with a claimed slot: fire it or not, and where the schedule goes next. */
export interface SlotDecision {
  fire: boolean;
  /** The next slot strictly after both the claimed one and now; null when the schedule has none. */
  next: Date | null;
}

/**
 * A slot noticed within `graceMs` of its time fires (the loop runs every second or so; a worker
 * restart takes a few). An older one was missed while no scheduler ran: it does not fire, and
 * neither do any slots between it and now — the schedule goes on at its next future slot, so a
 * downtime never ends in a burst of runs. An unreadable config fires nothing and stops.
 */
export function decideSlot(
  config: ScheduleConfig | null,
  slot: Date,
  now: Date,
  graceMs: number,
): SlotDecision {
  if (!config) return { fire: false, next: null };
  const from = new Date(Math.max(slot.getTime(), now.getTime()));
  return { fire: now.getTime() - slot.getTime() <= graceMs, next: nextSlotAfter(config, from) };
}
