import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Router } from '@angular/router';
import { EMPTY, Observable, catchError, finalize, map, shareReplay, tap, throwError } from 'rxjs';
import { AuthApi } from './auth.api';
import { AuthStore } from './auth.store';
import type { AcceptInvitationRequest, SignUpRequest } from './auth.types';

/** Sign-in use cases: sign up, log in and out, accept an invitation, switch tenant, refresh the access token, expire the session. */
@Injectable({ providedIn: 'root' })
export class AuthSession {
  private readonly api = inject(AuthApi);
  private readonly store = inject(AuthStore);
  private readonly router = inject(Router);
  private refreshing: Observable<string> | null = null;

  signIn(email: string, password: string): Observable<void> {
    return this.api.login(email, password).pipe(
      tap((session) => this.store.set(session)),
      map(() => undefined),
    );
  }

  /** Creates the user and their workspace, and signs in to it. */
  signUp(request: SignUpRequest): Observable<void> {
    return this.api.signup(request).pipe(
      tap((session) => this.store.set(session)),
      map(() => undefined),
    );
  }

  /**
   * Joins the inviting workspace and signs in to it. A session already open in this tab is
   * replaced by the new one: the invitation is for the email it was sent to, not the current user.
   */
  acceptInvitation(request: AcceptInvitationRequest): Observable<void> {
    return this.api.acceptInvitation(request).pipe(
      tap((session) => this.store.set(session)),
      map(() => undefined),
    );
  }

  switchTenant(tenantId: string): Observable<void> {
    return this.api.switchTenant(tenantId).pipe(
      tap((session) => this.store.set(session)),
      map(() => undefined),
    );
  }

  /** Revokes the session on the API (best effort), forgets it here and shows the sign-in page. */
  signOut(): Observable<void> {
    const revoke = this.store.isSignedIn() ? this.api.logout() : EMPTY;
    return revoke.pipe(
      catchError(() => EMPTY),
      finalize(() => {
        this.store.clear();
        void this.router.navigateByUrl('/login');
      }),
      map(() => undefined),
    );
  }

  /**
   * A new access token from the refresh token. Concurrent callers share one request: the API
   * rotates the refresh token on use and revokes the whole session when an old one is presented
   * again, so two parallel refreshes would sign the user out.
   */
  refreshAccessToken(): Observable<string> {
    const refreshToken = this.store.refreshToken();
    if (!refreshToken) return throwError(() => new Error('No refresh token'));
    this.refreshing ??= this.api.refresh(refreshToken).pipe(
      tap((session) => this.store.set(session)),
      map((session) => session.accessToken),
      finalize(() => (this.refreshing = null)),
      // No refCount: a cancelled caller must not abort the rotation the API has already done.
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.refreshing;
  }

  /** The session can no longer be used: forget it and ask to sign in, coming back here after. */
  expire(): void {
    if (!this.store.isSignedIn()) return;
    this.store.clear();
    const returnUrl = this.router.url;
    void this.router.navigate(['/login'], {
      queryParams: returnUrl.startsWith('/login') ? {} : { returnUrl },
    });
  }
}

/** A refresh the API refused (revoked, expired, reused); a network error or 5xx is transient. */
export const isRejectedRefresh = (error: unknown): boolean =>
  !(error instanceof HttpErrorResponse) || (error.status >= 400 && error.status < 500);
