import { Injectable, InjectionToken, inject } from '@angular/core';
import { createClient, type Client, type ClientOptions } from 'graphql-ws/client';
import { Observable, catchError, defer, of, switchMap, throwError } from 'rxjs';
import { AuthSession, isRejectedRefresh } from '../auth/auth-session.service';
import { AuthStore } from '../auth/auth.store';
import { API_BASE_URL, apiUrl } from '../http/api-base-url';
import type { TypedDocument } from './graphql.client';
import { GraphqlRequestError, type GraphqlErrorEntry } from './graphql-request.error';

/** Makes a graphql-ws client; tests provide a fake to drive a subscription without a server. */
export const GRAPHQL_WS_CLIENT_FACTORY = new InjectionToken<(options: ClientOptions) => Client>(
  'GRAPHQL_WS_CLIENT_FACTORY',
  { providedIn: 'root', factory: () => createClient },
);

/**
 * `ws(s)://…/graphql` for an API base URL: the page's own origin when the base is empty (the API
 * serves the editor), else the base with its scheme swapped.
 */
export const graphqlWsUrl = (baseUrl: string, location: Pick<Location, 'protocol' | 'host'>): string => {
  const http = baseUrl ? apiUrl(baseUrl, '/graphql') : `${location.protocol}//${location.host}/graphql`;
  return http.replace(/^http(s?):/i, 'ws$1:');
};

/**
 * GraphQL subscriptions over graphql-ws, typed like `GraphqlClient.request`. Each subscription
 * opens its own connection, authorised by the access token of that moment (the API reads it from
 * the `authorization` connection parameter); unsubscribing closes it. One connection per
 * subscription keeps token changes simple — a refreshed token only needs a new connection — and
 * a page watches one run at a time. Errors arrive as `GraphqlRequestError` like a query's; an
 * expired token is refreshed once (the same single-flight refresh) and the subscription reopened.
 */
@Injectable({ providedIn: 'root' })
export class GraphqlSubscriptions {
  private readonly baseUrl = inject(API_BASE_URL);
  private readonly store = inject(AuthStore);
  private readonly session = inject(AuthSession);
  private readonly clientFactory = inject(GRAPHQL_WS_CLIENT_FACTORY);

  subscribe<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables: TVariables,
  ): Observable<TResult> {
    const query = document.toString();
    const operationName = /subscription\s+(\w+)/.exec(query)?.[1] ?? 'anonymous';
    const open = () => this.open<TResult>(query, variables, operationName);
    return defer(() => {
      const token = this.store.accessToken();
      return open().pipe(
        catchError((error: unknown) => {
          if (!(error instanceof GraphqlRequestError) || !token) return throwError(() => error);
          if (error.code !== 'auth.token_expired') {
            if (error.status === 401) this.session.expire();
            return throwError(() => error);
          }
          const current = this.store.accessToken();
          const fresh = current && current !== token ? of(current) : this.session.refreshAccessToken();
          return fresh.pipe(
            catchError((refreshError: unknown) => {
              if (isRejectedRefresh(refreshError)) this.session.expire();
              return throwError(() => error);
            }),
            switchMap(() => open()),
          );
        }),
      );
    });
  }

  private open<T>(query: string, variables: unknown, operationName: string): Observable<T> {
    return new Observable<T>((subscriber) => {
      const client = this.clientFactory({
        url: graphqlWsUrl(this.baseUrl, globalThis.location),
        lazy: true,
        // The page decides what to do after a dropped connection (the run detail falls back to
        // polling); silently resubscribing could replay or miss events it cannot tell apart.
        retryAttempts: 0,
        connectionParams: () => {
          const token = this.store.accessToken();
          return token ? { authorization: `Bearer ${token}` } : {};
        },
      });
      const dispose = client.subscribe<T>(
        { query, variables: variables as Record<string, unknown>, operationName },
        {
          next: (answer) => {
            if (answer.errors?.length)
              subscriber.error(
                GraphqlRequestError.from(answer.errors as readonly GraphqlErrorEntry[], operationName),
              );
            else if (answer.data !== undefined && answer.data !== null) subscriber.next(answer.data);
          },
          error: (error: unknown) => subscriber.error(subscriptionError(error, operationName)),
          complete: () => subscriber.complete(),
        },
      );
      return () => {
        dispose();
        void client.dispose();
      };
    });
  }
}

/**
 * graphql-ws reports a refused operation as a list of GraphQL errors, a dropped connection as a
 * close event, and anything else as an Error. A dropped connection reads as "cannot be reached".
 */
const subscriptionError = (error: unknown, operationName: string): Error => {
  if (Array.isArray(error)) return GraphqlRequestError.from(error as GraphqlErrorEntry[], operationName);
  if (error instanceof Error) return error;
  const reason = (error as { reason?: unknown } | null)?.reason;
  return new GraphqlRequestError(
    { status: 0, detail: typeof reason === 'string' && reason ? reason : 'The live connection closed' },
    operationName,
  );
};
