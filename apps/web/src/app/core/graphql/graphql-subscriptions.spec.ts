import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Client, ClientOptions, Sink } from 'graphql-ws/client';
import { firstValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTH_STORAGE, AuthStore } from '../auth/auth.store';
import { MemoryStorage, sessionResponse } from '../auth/testing/auth-fixtures';
import { GRAPHQL_WS_CLIENT_FACTORY, GraphqlSubscriptions, graphqlWsUrl } from './graphql-subscriptions';
import { GraphqlRequestError } from './graphql-request.error';

interface FakeClient {
  options: ClientOptions;
  payload: { query: string; variables?: unknown; operationName?: string } | null;
  sink: Sink | null;
  disposed: boolean;
  unsubscribed: boolean;
}

const DOCUMENT = {
  toString: () => 'subscription RunEvents($runId: ID!) { runEvents(runId: $runId) { type } }',
};

describe('GraphqlSubscriptions', () => {
  let clients: FakeClient[];

  beforeEach(() => {
    clients = [];
    const factory = (options: ClientOptions): Client => {
      const fake: FakeClient = { options, payload: null, sink: null, disposed: false, unsubscribed: false };
      clients.push(fake);
      return {
        subscribe: (payload: FakeClient['payload'], sink: Sink) => {
          fake.payload = payload;
          fake.sink = sink;
          return () => {
            fake.unsubscribed = true;
          };
        },
        dispose: () => {
          fake.disposed = true;
        },
      } as unknown as Client;
    };
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: AUTH_STORAGE, useValue: new MemoryStorage() },
        { provide: GRAPHQL_WS_CLIENT_FACTORY, useValue: factory },
      ],
    });
    TestBed.inject(AuthStore).set(sessionResponse());
  });

  afterEach(() => TestBed.resetTestingModule());

  it('opens one connection per subscription with the bearer token, and closes it on unsubscribe', async () => {
    const service = TestBed.inject(GraphqlSubscriptions);
    const received: unknown[] = [];
    const subscription = service
      .subscribe(DOCUMENT, { runId: 'r1' })
      .subscribe((data) => received.push(data));
    const client = clients[0]!;
    expect(await (client.options.connectionParams as () => Promise<unknown>)()).toEqual({
      authorization: 'Bearer access-1',
    });
    expect(client.payload).toMatchObject({ variables: { runId: 'r1' }, operationName: 'RunEvents' });

    client.sink!.next({ data: { runEvents: { type: 'run.status' } } });
    expect(received).toEqual([{ runEvents: { type: 'run.status' } }]);

    subscription.unsubscribe();
    expect(client.unsubscribed).toBe(true);
    expect(client.disposed).toBe(true);
  });

  it('completes when the server ends the stream', async () => {
    const events = firstValueFrom(
      TestBed.inject(GraphqlSubscriptions).subscribe(DOCUMENT, {}).pipe(toArray()),
    );
    clients[0]!.sink!.next({ data: { n: 1 } });
    clients[0]!.sink!.complete();
    expect(await events).toEqual([{ n: 1 }]);
  });

  it('turns a refused operation into the same problem a query would carry', async () => {
    const result = firstValueFrom(TestBed.inject(GraphqlSubscriptions).subscribe(DOCUMENT, {})).catch(
      (e: unknown) => e,
    );
    clients[0]!.sink!.error([{ message: 'No run', extensions: { code: 'resource.not_found', status: 404 } }]);
    const error = await result;
    expect(error).toBeInstanceOf(GraphqlRequestError);
    expect((error as GraphqlRequestError).code).toBe('resource.not_found');
  });

  it('reads a dropped connection as "cannot be reached"', async () => {
    const result = firstValueFrom(TestBed.inject(GraphqlSubscriptions).subscribe(DOCUMENT, {})).catch(
      (e: unknown) => e,
    );
    clients[0]!.sink!.error({ code: 1006, reason: '' });
    const error = (await result) as GraphqlRequestError;
    expect(error.status).toBe(0);
  });

  it('derives the socket address from the page or the API base URL', () => {
    expect(graphqlWsUrl('', { protocol: 'https:', host: 'app.example' })).toBe('wss://app.example/graphql');
    expect(graphqlWsUrl('', { protocol: 'http:', host: '127.0.0.1:3000' })).toBe(
      'ws://127.0.0.1:3000/graphql',
    );
    expect(graphqlWsUrl('http://api.local:8080/', { protocol: 'https:', host: 'x' })).toBe(
      'ws://api.local:8080/graphql',
    );
  });
});
