import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canTransitionRun,
  isTerminalRunStatus,
  RUN_STATUSES,
  RUN_TRANSITIONS,
  TERMINAL_RUN_STATUSES,
  type RunStatus,
} from './run-status.js';

describe('run status machine', () => {
  it('moves a run queued → running → (waiting ↔ running) → an end', () => {
    const path: RunStatus[] = ['queued', 'running', 'waiting', 'running', 'waiting', 'running', 'succeeded'];
    for (let i = 1; i < path.length; i++) expect(canTransitionRun(path[i - 1]!, path[i]!)).toBe(true);
    for (const end of ['succeeded', 'failed', 'cancelled', 'timed_out'] as const) {
      expect(canTransitionRun('running', end)).toBe(true);
    }
  });

  it('lets a queued or waiting run be cancelled or time out directly, but not succeed or fail', () => {
    for (const from of ['queued', 'waiting'] as const) {
      expect(canTransitionRun(from, 'cancelled')).toBe(true);
      expect(canTransitionRun(from, 'timed_out')).toBe(true);
      expect(canTransitionRun(from, 'succeeded')).toBe(false);
      expect(canTransitionRun(from, 'failed')).toBe(false);
    }
    expect(canTransitionRun('queued', 'waiting')).toBe(false);
  });

  it('lets nothing leave a terminal status, and nothing go back to queued', () => {
    for (const from of TERMINAL_RUN_STATUSES) {
      for (const to of RUN_STATUSES) expect(canTransitionRun(from, to)).toBe(false);
    }
    for (const from of RUN_STATUSES) expect(canTransitionRun(from, 'queued')).toBe(false);
  });

  it('has a row for every status, no self-transition, and terminal statuses exactly the rows without exits', () => {
    expect(Object.keys(RUN_TRANSITIONS).sort()).toEqual([...RUN_STATUSES].sort());
    for (const status of RUN_STATUSES) {
      expect(RUN_TRANSITIONS[status]).not.toContain(status);
      expect(isTerminalRunStatus(status)).toBe(RUN_TRANSITIONS[status].length === 0);
    }
  });

  it('refuses statuses it does not know', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(...RUN_STATUSES), (other, known) => {
        fc.pre(!(RUN_STATUSES as readonly string[]).includes(other));
        expect(canTransitionRun(other as RunStatus, known)).toBe(false);
        expect(canTransitionRun(known, other as RunStatus)).toBe(false);
      }),
    );
    expect(canTransitionRun('toString' as RunStatus, 'running')).toBe(false);
    expect(canTransitionRun('running', 'constructor' as RunStatus)).toBe(false);
  });
});
