import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { AUTH_STORAGE, AuthStore, SESSION_STORAGE_KEY } from './auth.store';
import { MemoryStorage, sessionResponse } from './testing/auth-fixtures';

describe('AuthStore', () => {
  let storage: MemoryStorage;

  beforeEach(() => {
    storage = new MemoryStorage();
  });

  const create = () => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), { provide: AUTH_STORAGE, useValue: storage }],
    });
    return TestBed.inject(AuthStore);
  };

  it('starts signed out with an empty storage', () => {
    const store = create();
    expect(store.isSignedIn()).toBe(false);
    expect(store.user()).toBeNull();
    expect(store.memberships()).toEqual([]);
    expect(store.accessToken()).toBeNull();
    expect(store.can('read', 'Flow')).toBe(false);
  });

  it('exposes user, tenant, role, memberships and tokens of a session as signals', () => {
    const store = create();
    store.set(sessionResponse({ role: 'editor' }));

    expect(store.isSignedIn()).toBe(true);
    expect(store.user()?.email).toBe('demo@stepline.local');
    expect(store.tenant()?.name).toBe('Demo Workspace');
    expect(store.role()).toBe('editor');
    expect(store.memberships().map((m) => m.tenantId)).toEqual(['tenant-demo']);
    expect(store.accessToken()).toBe('access-1');
    expect(store.refreshToken()).toBe('refresh-1');
  });

  it('derives abilities from the role', () => {
    const store = create();
    store.set(sessionResponse({ role: 'viewer' }));
    expect(store.can('read', 'Flow')).toBe(true);
    expect(store.can('read', 'Member')).toBe(false);

    store.set(sessionResponse({ role: 'admin' }));
    expect(store.can('read', 'Member')).toBe(true);
  });

  it('persists the session to the storage and restores it on the next page load', () => {
    create().set(sessionResponse({ accessToken: 'access-9' }));
    expect(JSON.parse(storage.getItem(SESSION_STORAGE_KEY)!).accessToken).toBe('access-9');

    TestBed.resetTestingModule();
    const restored = create();
    expect(restored.isSignedIn()).toBe(true);
    expect(restored.accessToken()).toBe('access-9');
  });

  it('keeps only what it needs from the login answer', () => {
    create().set(sessionResponse());
    expect(Object.keys(JSON.parse(storage.getItem(SESSION_STORAGE_KEY)!)).sort()).toEqual([
      'accessToken',
      'memberships',
      'refreshExpiresAt',
      'refreshToken',
      'role',
      'tenant',
      'user',
    ]);
  });

  it('forgets the session on clear, in memory and in the storage', () => {
    const store = create();
    store.set(sessionResponse());
    store.clear();
    expect(store.isSignedIn()).toBe(false);
    expect(storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('ignores and removes a stored session whose refresh token has expired', () => {
    const expired = sessionResponse({ refreshExpiresAt: new Date(Date.now() - 1000).toISOString() });
    storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(expired));
    expect(create().isSignedIn()).toBe(false);
    expect(storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('ignores a stored session it cannot read', () => {
    storage.setItem(SESSION_STORAGE_KEY, '{not json');
    expect(create().isSignedIn()).toBe(false);
  });

  it('defaults to sessionStorage, scoped to the tab', () => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    expect(TestBed.inject(AUTH_STORAGE)).toBe(sessionStorage);
  });
});
