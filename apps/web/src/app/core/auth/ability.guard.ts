import { inject } from '@angular/core';
import { RedirectCommand, Router, type CanActivateFn } from '@angular/router';
import type { Action, Subject } from '@stepline/domain';
import { AuthStore } from './auth.store';

/**
 * An area for roles with one ability. Any other role sees the "no access" page in its place (the
 * address stays as it was); the API refuses the data either way — this only spares a dead end.
 */
export const abilityGuard =
  (action: Action, subject: Subject): CanActivateFn =>
  () =>
    inject(AuthStore).can(action, subject) ||
    new RedirectCommand(inject(Router).parseUrl('/no-access'), { skipLocationChange: true });
