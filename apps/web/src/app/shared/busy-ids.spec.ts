import { computed } from '@angular/core';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { BusyIds } from './busy-ids';

describe('BusyIds', () => {
  it('marks an id busy once: a second start says it already is', () => {
    const busy = new BusyIds();
    expect(busy.start('a')).toBe(true);
    expect(busy.start('a')).toBe(false);
    expect(busy.has('a')).toBe(true);
    expect(busy.has('b')).toBe(false);
    busy.end('a');
    expect(busy.has('a')).toBe(false);
    expect(busy.any()).toBe(false);
  });

  it('keeps an id busy while its work runs, and frees it when the work completes, fails or is dropped', () => {
    const busy = new BusyIds();
    const ok = new Subject<number>();
    const failing = new Subject<number>();
    const dropped = new Subject<number>();
    busy.track('ok', ok).subscribe();
    busy.track('failing', failing).subscribe({ error: () => undefined });
    const subscription = busy.track('dropped', dropped).subscribe();
    expect(['ok', 'failing', 'dropped'].map((id) => busy.has(id))).toEqual([true, true, true]);

    ok.next(1);
    expect(busy.has('ok')).toBe(true);
    ok.complete();
    failing.error(new Error('refused'));
    subscription.unsubscribe();
    expect(['ok', 'failing', 'dropped'].map((id) => busy.has(id))).toEqual([false, false, false]);
  });

  it('marks nothing until the tracked work is subscribed', () => {
    const busy = new BusyIds();
    const work = busy.track('a', new Subject<void>());
    expect(busy.has('a')).toBe(false);
    work.subscribe();
    expect(busy.has('a')).toBe(true);
  });

  it('is read through signals, so what depends on it updates', () => {
    const busy = new BusyIds();
    const label = computed(() => (busy.has('a') ? 'Saving…' : 'Save'));
    const anyBusy = computed(() => busy.any());
    expect([label(), anyBusy()]).toEqual(['Save', false]);
    busy.start('a');
    expect([label(), anyBusy()]).toEqual(['Saving…', true]);
    busy.clear();
    expect([label(), anyBusy()]).toEqual(['Save', false]);
  });
});
