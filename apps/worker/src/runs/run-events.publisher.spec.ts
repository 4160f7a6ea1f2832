import type { RunEvent } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { ListenerGate } from './run-events.publisher.js';

const at = new Date(0).toISOString();
const started = (runId: string, stepId = 'a'): RunEvent => ({
  type: 'step.started',
  runId,
  stepId,
  path: '',
  attempt: 1,
  at,
});
const settled = (runId: string, stepId = 'a'): RunEvent => ({
  type: 'step.settled',
  runId,
  seq: 1,
  stepId,
  path: '',
  attempt: 1,
  status: 'succeeded',
  port: null,
  durationMs: 1,
  error: null,
  at,
});
const status = (runId: string): RunEvent => ({
  type: 'run.status',
  runId,
  status: 'succeeded',
  at,
  error: null,
});

describe('ListenerGate', () => {
  it('publishes the first start of a run it has not heard of', () => {
    expect(new ListenerGate().wants(started('r1'))).toBe(true);
  });

  it('skips starts once a publish of the run reached nobody, and publishes them again once one reached a subscriber', () => {
    const gate = new ListenerGate();
    gate.heard(started('r1'), 0);
    expect(gate.wants(started('r1', 'b'))).toBe(false);
    gate.heard(settled('r1', 'b'), 1);
    expect(gate.wants(started('r1', 'c'))).toBe(true);
  });

  it('always publishes settled steps and statuses, listened to or not', () => {
    const gate = new ListenerGate();
    gate.heard(started('r1'), 0);
    expect(gate.wants(settled('r1'))).toBe(true);
    expect(gate.wants(status('r1'))).toBe(true);
  });

  it('keeps one run’s silence from gating another run', () => {
    const gate = new ListenerGate();
    gate.heard(settled('r1'), 0);
    expect(gate.wants(started('r2'))).toBe(true);
  });

  it('forgets a run once its status was published', () => {
    const gate = new ListenerGate();
    gate.heard(settled('r1'), 0);
    gate.heard(status('r1'), 0);
    expect(gate.size).toBe(0);
    expect(gate.wants(started('r1'))).toBe(true);
  });

  it('stays bounded when runs never publish a status here', () => {
    const gate = new ListenerGate();
    for (let i = 0; i < 10_001; i++) gate.heard(settled(`r${i}`), 0);
    expect(gate.size).toBeLessThanOrEqual(10_000);
  });
});
