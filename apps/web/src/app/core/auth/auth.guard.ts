import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { AuthStore } from './auth.store';

/** Signed-in pages: without a session, go to `/login?returnUrl=<where the user was going>`. */
export const authGuard: CanActivateFn = (_route, state) =>
  inject(AuthStore).isSignedIn() ||
  inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });

/** The sign-in and sign-up pages: someone already signed in goes straight to the flows. */
export const guestGuard: CanActivateFn = () =>
  !inject(AuthStore).isSignedIn() || inject(Router).parseUrl('/flows');

/**
 * Where to go after signing in. Only a path inside the app is followed, so a crafted link cannot
 * send the user to another site (`//evil.example`, `https://…`).
 */
export const safeReturnUrl = (value: string | null | undefined): string => {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/flows';
  return value.startsWith('/login') ? '/flows' : value;
};
