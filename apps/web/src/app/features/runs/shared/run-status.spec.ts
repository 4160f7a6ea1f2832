import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  isFinished,
  prettyJson,
  runActions,
  runDurationMs,
  runErrorOf,
  runStatusLook,
  triggerLabel,
} from './run-status';

const ALL = { mayCancel: true, mayRetry: true };
const NONE = { mayCancel: false, mayRetry: false };
const run = (status: string, extra: { cancelRequestedAt?: string | null; error?: unknown } = {}) => ({
  status,
  cancelRequestedAt: extra.cancelRequestedAt ?? null,
  error: extra.error ?? null,
});

describe('run status helpers', () => {
  it('treats succeeded, failed, cancelled and timed out as finished, and nothing else', () => {
    expect(['succeeded', 'failed', 'cancelled', 'timed_out'].every(isFinished)).toBe(true);
    expect(['queued', 'running', 'waiting', 'bogus'].some(isFinished)).toBe(false);
  });

  it('offers cancel only while a run can still stop and no cancel is on its way', () => {
    for (const status of ['queued', 'running', 'waiting'])
      expect(runActions(run(status), ALL).cancel).toBe(true);
    expect(runActions(run('running', { cancelRequestedAt: '2026-01-01T00:00:00Z' }), ALL).cancel).toBe(false);
    expect(runActions(run('succeeded'), ALL).cancel).toBe(false);
  });

  it('offers retry on finished runs and resume only on failed runs that name their step', () => {
    expect(runActions(run('succeeded'), ALL)).toEqual({ cancel: false, retry: true, resume: false });
    expect(runActions(run('failed', { error: { code: 'x', message: 'y' } }), ALL).resume).toBe(false);
    expect(runActions(run('failed', { error: { code: 'x', message: 'y', stepId: 'a' } }), ALL)).toEqual({
      cancel: false,
      retry: true,
      resume: true,
    });
    expect(runActions(run('running'), ALL).retry).toBe(false);
  });

  it('offers nothing to a role without the rights, whatever the run', () => {
    for (const status of ['queued', 'running', 'failed', 'succeeded'])
      expect(runActions(run(status, { error: { code: 'x', message: 'y', stepId: 'a' } }), NONE)).toEqual({
        cancel: false,
        retry: false,
        resume: false,
      });
  });

  it('reads the recorded error shape and keeps anything else readable', () => {
    expect(runErrorOf({ code: 'step.failed', message: 'boom', stepId: 'a' })).toEqual({
      code: 'step.failed',
      message: 'boom',
      stepId: 'a',
    });
    expect(runErrorOf(null)).toBeNull();
    expect(runErrorOf('odd')).toEqual({ code: 'unknown', message: '"odd"' });
  });

  it('formats durations at a readable scale', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(42)).toBe('42 ms');
    expect(formatDuration(4_200)).toBe('4.2 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(7_440_000)).toBe('2 h 4 min');
  });

  it('counts a running run from its start and uses the recorded duration once finished', () => {
    const now = Date.parse('2026-01-01T00:00:10Z');
    expect(
      runDurationMs({ durationMs: null, startedAt: '2026-01-01T00:00:00Z', finishedAt: null }, now),
    ).toBe(10_000);
    expect(
      runDurationMs({ durationMs: 1234, startedAt: '2026-01-01T00:00:00Z', finishedAt: null }, now),
    ).toBe(1234);
    expect(runDurationMs({ durationMs: null, startedAt: null, finishedAt: null }, now)).toBeNull();
  });

  it('names unknown statuses and triggers as they come rather than failing', () => {
    expect(runStatusLook('timed_out')).toEqual({ label: 'Timed out', tone: 'danger' });
    expect(runStatusLook('new_status')).toEqual({ label: 'new_status', tone: 'neutral' });
    expect(triggerLabel('api')).toBe('API');
    expect(triggerLabel('carrier-pigeon')).toBe('carrier-pigeon');
  });

  it('pretty-prints JSON and tells "never recorded" from null', () => {
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(prettyJson(null)).toBe('null');
    expect(prettyJson(undefined)).toBe('—');
  });
});
