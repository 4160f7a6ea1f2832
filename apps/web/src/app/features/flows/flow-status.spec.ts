import { describe, expect, it } from 'vitest';
import { relativeTime } from '../../shared/relative-time';
import { flowStatusOf } from './flow-status';

describe('flowStatusOf', () => {
  const flow = { archivedAt: null, publishedVersion: null, draftRevision: 1 };

  it('calls a flow that was never published "Draft only"', () => {
    expect(flowStatusOf(flow)).toEqual({ kind: 'draft', label: 'Draft only', unpublishedChanges: false });
  });

  it('names the published version and notes unpublished changes', () => {
    expect(flowStatusOf({ ...flow, publishedVersion: 3, draftRevision: null })).toEqual({
      kind: 'published',
      label: 'Published v3',
      unpublishedChanges: false,
    });
    expect(flowStatusOf({ ...flow, publishedVersion: 3 }).unpublishedChanges).toBe(true);
  });

  it('calls an archived flow "Archived", published or not', () => {
    expect(flowStatusOf({ ...flow, publishedVersion: 2, archivedAt: '2026-01-01T00:00:00Z' }).label).toBe(
      'Archived',
    );
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  it('reads like a person would say it', () => {
    expect(relativeTime(ago(20), now)).toBe('just now');
    expect(relativeTime(ago(5 * 60), now)).toBe('5 minutes ago');
    expect(relativeTime(ago(3 * 3600), now)).toBe('3 hours ago');
    expect(relativeTime(ago(24 * 3600), now)).toBe('yesterday');
  });

  it('gives the date once it is more than a month old', () => {
    expect(relativeTime('2025-12-24T09:00:00Z', now)).toBe('Dec 24, 2025');
  });

  it('shows nothing for a value that is not a date', () => {
    expect(relativeTime('soon', now)).toBe('');
  });
});
