import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, of, switchMap, throwError } from 'rxjs';
import { asProblem } from '../errors/problem';
import { API_BASE_URL, apiUrl } from '../http/api-base-url';
import { AuthSession, isRejectedRefresh } from './auth-session.service';
import { AuthStore } from './auth.store';

/** Auth endpoints that take no bearer token and whose 401s mean "wrong credentials", not "expired". */
const PUBLIC_AUTH_PATHS = ['/v1/auth/login', '/v1/auth/refresh', '/v1/auth/signup', '/v1/invitations/accept'];

/**
 * Adds `Authorization: Bearer` to API requests. On a 401 `auth.token_expired` it refreshes the
 * access token once and retries the request once; when the refresh is refused, or the API rejects
 * the token for another reason, the session is over and the user is sent to sign in.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const baseUrl = inject(API_BASE_URL);
  const store = inject(AuthStore);
  const token = store.accessToken();
  if (!token || !isApiRequest(request, baseUrl)) return next(request);
  const session = inject(AuthSession);

  return next(withBearer(request, token)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401) return throwError(() => error);
      if (asProblem(error.error)?.code !== 'auth.token_expired') {
        session.expire();
        return throwError(() => error);
      }
      // Another request may have refreshed while this one was in flight: use its token.
      const current = store.accessToken();
      const fresh = current && current !== token ? of(current) : session.refreshAccessToken();
      return fresh.pipe(
        catchError((refreshError: unknown) => {
          if (isRejectedRefresh(refreshError)) session.expire();
          return throwError(() => error);
        }),
        switchMap((accessToken) => next(withBearer(request, accessToken))),
      );
    }),
  );
};

const withBearer = (request: HttpRequest<unknown>, token: string) =>
  request.clone({ setHeaders: { Authorization: `Bearer ${token}` } });

const isApiRequest = (request: HttpRequest<unknown>, baseUrl: string): boolean => {
  const path = request.url.split('?')[0] ?? '';
  if (!path.startsWith(apiUrl(baseUrl, '/v1/'))) return false;
  return !PUBLIC_AUTH_PATHS.some((publicPath) => path === apiUrl(baseUrl, publicPath));
};
