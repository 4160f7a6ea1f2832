import { DestroyRef, inject, signal, type Signal } from '@angular/core';

/**
 * `Date.now()` as a signal that moves every `periodMs` while `active()` holds, so running
 * durations count up without re-rendering finished pages. Call from an injection context.
 */
export const tickingClock = (active: () => boolean, periodMs = 1000): Signal<number> => {
  const now = signal(Date.now());
  const timer = setInterval(() => {
    if (active()) now.set(Date.now());
  }, periodMs);
  inject(DestroyRef).onDestroy(() => clearInterval(timer));
  return now.asReadonly();
};
