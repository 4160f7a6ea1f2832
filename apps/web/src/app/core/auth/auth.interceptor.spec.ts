import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authInterceptor } from './auth.interceptor';
import { AUTH_STORAGE, AuthStore } from './auth.store';
import { MemoryStorage, sessionResponse } from './testing/auth-fixtures';

const expired = { status: 401, statusText: 'Unauthorized' };
const problem = (code: string) => ({ status: 401, code, detail: code });

describe('authInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let store: AuthStore;
  let navigate: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: AUTH_STORAGE, useValue: new MemoryStorage() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    store = TestBed.inject(AuthStore);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    store.set(sessionResponse());
  });

  afterEach(() => http.verify());

  const get = (url = '/v1/flows') => firstValueFrom(client.get(url));

  it('adds the bearer token to API requests', async () => {
    const answer = get();
    const request = http.expectOne('/v1/flows');
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    request.flush({ data: [] });
    await expect(answer).resolves.toEqual({ data: [] });
  });

  it('sends no token to the sign-in endpoints or outside the API', () => {
    client.post('/v1/auth/login', {}).subscribe();
    client.get('/ready').subscribe();
    expect(http.expectOne('/v1/auth/login').request.headers.has('Authorization')).toBe(false);
    expect(http.expectOne('/ready').request.headers.has('Authorization')).toBe(false);
  });

  it('sends no token to signing up or accepting an invitation, and keeps the session on their 401', () => {
    client.post('/v1/auth/signup', {}).subscribe();
    client.post('/v1/invitations/accept', {}).subscribe({ error: () => undefined });
    expect(http.expectOne('/v1/auth/signup').request.headers.has('Authorization')).toBe(false);
    const accept = http.expectOne('/v1/invitations/accept');
    expect(accept.request.headers.has('Authorization')).toBe(false);
    accept.flush(problem('auth.invalid_credentials'), expired);
    expect(store.isSignedIn()).toBe(true);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('sends no token when signed out', () => {
    store.clear();
    client.get('/v1/flows').subscribe();
    expect(http.expectOne('/v1/flows').request.headers.has('Authorization')).toBe(false);
  });

  it('refreshes once on 401 auth.token_expired, stores the new session and retries', async () => {
    const answer = get();
    http.expectOne('/v1/flows').flush(problem('auth.token_expired'), expired);

    const refresh = http.expectOne('/v1/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    expect(refresh.request.headers.has('Authorization')).toBe(false);
    refresh.flush(sessionResponse({ accessToken: 'access-2', refreshToken: 'refresh-2' }));

    const retry = http.expectOne('/v1/flows');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
    retry.flush({ data: ['ok'] });

    await expect(answer).resolves.toEqual({ data: ['ok'] });
    expect(store.refreshToken()).toBe('refresh-2');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('shares one refresh between requests that expire together', async () => {
    const answers = Promise.all([get('/v1/flows'), get('/v1/runs')]);
    http.expectOne('/v1/flows').flush(problem('auth.token_expired'), expired);
    http.expectOne('/v1/runs').flush(problem('auth.token_expired'), expired);

    http.expectOne('/v1/auth/refresh').flush(sessionResponse({ accessToken: 'access-2' }));
    http.expectOne('/v1/flows').flush('flows');
    http.expectOne('/v1/runs').flush('runs');

    await expect(answers).resolves.toEqual(['flows', 'runs']);
  });

  it('retries only once: a second 401 reaches the caller without another refresh', async () => {
    const answer = get();
    http.expectOne('/v1/flows').flush(problem('auth.token_expired'), expired);
    http.expectOne('/v1/auth/refresh').flush(sessionResponse({ accessToken: 'access-2' }));
    http.expectOne('/v1/flows').flush(problem('auth.token_expired'), expired);

    await expect(answer).rejects.toMatchObject({ status: 401 });
    http.expectNone('/v1/auth/refresh');
  });

  it('signs out and asks to sign in again when the refresh is refused', async () => {
    const answer = get();
    http.expectOne('/v1/flows').flush(problem('auth.token_expired'), expired);
    http.expectOne('/v1/auth/refresh').flush(problem('auth.refresh_reused'), expired);

    await expect(answer).rejects.toMatchObject({ status: 401 });
    expect(store.isSignedIn()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: '/' } });
  });

  it('keeps the session when the refresh fails for a transient reason', async () => {
    const answer = get();
    http.expectOne('/v1/flows').flush(problem('auth.token_expired'), expired);
    http.expectOne('/v1/auth/refresh').error(new ProgressEvent('error'));

    await expect(answer).rejects.toMatchObject({ status: 401 });
    expect(store.isSignedIn()).toBe(true);
  });

  it('signs out without refreshing on any other 401', async () => {
    const answer = get();
    http.expectOne('/v1/flows').flush(problem('auth.token_invalid'), expired);

    await expect(answer).rejects.toMatchObject({ status: 401 });
    http.expectNone('/v1/auth/refresh');
    expect(store.isSignedIn()).toBe(false);
    expect(navigate).toHaveBeenCalled();
  });

  it('passes other errors through untouched', async () => {
    const answer = get();
    http
      .expectOne('/v1/flows')
      .flush({ code: 'permission.denied' }, { status: 403, statusText: 'Forbidden' });
    await expect(answer).rejects.toMatchObject({ status: 403 });
    expect(store.isSignedIn()).toBe(true);
  });
});
