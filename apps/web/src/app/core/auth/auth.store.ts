import { Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import { defineAbilityFor, isRole, type Action, type Subject } from '@stepline/domain';
import type { AuthSessionResponse, StoredSession } from './auth.types';

/**
 * Where the session survives a reload. sessionStorage, not localStorage: it is scoped to one tab
 * and gone when the tab closes, which shortens the life of a stolen refresh token, and tabs never
 * share a refresh token — the API rotates it on every use and revokes the whole session when a
 * rotated one is presented again, so two tabs refreshing from shared storage would sign each
 * other out. The price: a new tab asks to sign in again.
 */
export const AUTH_STORAGE = new InjectionToken<Storage | null>('AUTH_STORAGE', {
  providedIn: 'root',
  factory: () => (typeof sessionStorage === 'undefined' ? null : sessionStorage),
});

export const SESSION_STORAGE_KEY = 'stepline.session';

/** The signed-in session as signals. Holds state only; `AuthSession` runs the use cases. */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly storage = inject(AUTH_STORAGE);
  private readonly state = signal<StoredSession | null>(this.restore());

  readonly session = this.state.asReadonly();
  readonly isSignedIn = computed(() => this.state() !== null);
  readonly user = computed(() => this.state()?.user ?? null);
  readonly tenant = computed(() => this.state()?.tenant ?? null);
  readonly role = computed(() => this.state()?.role ?? null);
  readonly memberships = computed(() => this.state()?.memberships ?? []);
  /** The role's CASL abilities; the editor only hides what they deny, the API enforces them. */
  readonly ability = computed(() => {
    const role = this.role();
    return role ? defineAbilityFor({ kind: 'user', role }) : null;
  });

  accessToken(): string | null {
    return this.state()?.accessToken ?? null;
  }

  refreshToken(): string | null {
    return this.state()?.refreshToken ?? null;
  }

  can(action: Action, subject: Subject): boolean {
    return this.ability()?.can(action, subject) ?? false;
  }

  set(response: AuthSessionResponse): void {
    const { accessToken, refreshToken, refreshExpiresAt, user, tenant, role, memberships } = response;
    const session: StoredSession = {
      accessToken,
      refreshToken,
      refreshExpiresAt,
      user,
      tenant,
      role,
      memberships,
    };
    this.state.set(session);
    this.write(JSON.stringify(session));
  }

  clear(): void {
    this.state.set(null);
    this.write(null);
  }

  private write(value: string | null): void {
    try {
      if (value === null) this.storage?.removeItem(SESSION_STORAGE_KEY);
      else this.storage?.setItem(SESSION_STORAGE_KEY, value);
    } catch {
      // Storage full or blocked (private mode): the session still lives in memory for this page.
    }
  }

  private restore(): StoredSession | null {
    try {
      const raw = this.storage?.getItem(SESSION_STORAGE_KEY);
      const session = raw ? (JSON.parse(raw) as Partial<StoredSession>) : null;
      if (isUsable(session)) return session;
    } catch {
      // Unreadable: treat as signed out.
    }
    this.write(null);
    return null;
  }
}

const isUsable = (session: Partial<StoredSession> | null): session is StoredSession =>
  !!session &&
  typeof session.accessToken === 'string' &&
  typeof session.refreshToken === 'string' &&
  typeof session.refreshExpiresAt === 'string' &&
  Date.parse(session.refreshExpiresAt) > Date.now() &&
  !!session.user &&
  !!session.tenant &&
  isRole(session.role) &&
  Array.isArray(session.memberships);
