import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, defer, map, of, switchMap, throwError } from 'rxjs';
import { AuthSession, isRejectedRefresh } from '../auth/auth-session.service';
import { AuthStore } from '../auth/auth.store';
import { API_BASE_URL, apiUrl } from '../http/api-base-url';
import { GraphqlRequestError, type GraphqlErrorEntry } from './graphql-request.error';

/** What `graphql(…)` returns in `documentMode: 'string'`: the text, typed with its result and variables. */
export interface TypedDocument<TResult, TVariables> {
  toString(): string;
  /** Phantom: carries the types only. */
  __apiType?: (variables: TVariables) => TResult;
}

interface GraphqlAnswer<T> {
  data?: T | null;
  errors?: GraphqlErrorEntry[];
}

/**
 * The editor's one way to the API: typed operations (generated from the committed schema) posted
 * to `/graphql`. Errors come back as `GraphqlRequestError` carrying the API's problem (code,
 * status, failing fields). An expired access token is refreshed once — through the same
 * single-flight refresh the REST interceptor uses — and the operation retried once; a refused
 * refresh, or a token the API rejects otherwise, ends the session.
 */
@Injectable({ providedIn: 'root' })
export class GraphqlClient {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);
  private readonly store = inject(AuthStore);
  private readonly session = inject(AuthSession);

  request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables: TVariables,
  ): Observable<TResult> {
    const query = document.toString();
    const operationName = /(?:query|mutation|subscription)\s+(\w+)/.exec(query)?.[1] ?? 'anonymous';
    return defer(() => {
      const token = this.store.accessToken();
      return this.post<TResult>(query, variables, operationName, token).pipe(
        catchError((error: unknown) =>
          this.recover(error, token, () =>
            this.post<TResult>(query, variables, operationName, this.store.accessToken()),
          ),
        ),
      );
    });
  }

  private post<T>(query: string, variables: unknown, operationName: string, token: string | null) {
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    return this.http
      .post<GraphqlAnswer<T>>(
        apiUrl(this.baseUrl, '/graphql'),
        { query, variables, operationName },
        { headers },
      )
      .pipe(
        catchError((error: unknown) => {
          // Apollo answers a query the schema rejects with a 400 and a GraphQL body.
          const body = error instanceof HttpErrorResponse ? (error.error as GraphqlAnswer<T> | null) : null;
          if (body && Array.isArray(body.errors) && body.errors.length > 0)
            return throwError(() => GraphqlRequestError.from(body.errors ?? [], operationName));
          return throwError(() => error);
        }),
        map((answer) => {
          if (answer.errors?.length) throw GraphqlRequestError.from(answer.errors, operationName);
          if (answer.data === undefined || answer.data === null)
            throw GraphqlRequestError.from([{ message: 'The API answered without data' }], operationName);
          return answer.data;
        }),
      );
  }

  private recover<T>(error: unknown, token: string | null, retry: () => Observable<T>): Observable<T> {
    if (!(error instanceof GraphqlRequestError) || !token) return throwError(() => error);
    if (error.code !== 'auth.token_expired') {
      // The REST interceptor's rule: a token refused for any other reason ends the session.
      if (error.status === 401) this.session.expire();
      return throwError(() => error);
    }
    // Another request may have refreshed while this one was in flight: use its token.
    const current = this.store.accessToken();
    const fresh = current && current !== token ? of(current) : this.session.refreshAccessToken();
    return fresh.pipe(
      catchError((refreshError: unknown) => {
        if (isRejectedRefresh(refreshError)) this.session.expire();
        return throwError(() => error);
      }),
      switchMap(() => retry()),
    );
  }
}
