import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authInterceptor } from '../auth/auth.interceptor';
import { AUTH_STORAGE, AuthStore } from '../auth/auth.store';
import { MemoryStorage, sessionResponse } from '../auth/testing/auth-fixtures';
import { detailedMessageForHttpError } from '../errors/http-error-message';
import { FlowsListDocument } from '../../features/flows/flows.graphql';
import { GraphqlClient } from './graphql.client';
import { GraphqlRequestError } from './graphql-request.error';
import { answerData, answerProblem, expectOperation, graphqlBody } from './testing/graphql-testing';

const page = { flows: { data: [], nextCursor: null } };

describe('GraphqlClient', () => {
  let http: HttpTestingController;
  let client: GraphqlClient;
  let store: AuthStore;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: AUTH_STORAGE, useValue: new MemoryStorage() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(GraphqlClient);
    store = TestBed.inject(AuthStore);
    store.set(sessionResponse());
    vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
  });

  afterEach(() => http.verify());

  const listFlows = () => firstValueFrom(client.request(FlowsListDocument, { limit: 5 }));

  it('posts the typed operation with its variables and the bearer token, and answers its data', async () => {
    const result = listFlows();
    const request = expectOperation(http, 'FlowsList');
    expect(request.request.method).toBe('POST');
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    expect(graphqlBody(request).variables).toEqual({ limit: 5 });
    expect(graphqlBody(request).query).toContain('query FlowsList');
    answerData(request, page);
    await expect(result).resolves.toEqual(page);
  });

  it('turns an error answer into the problem the REST API would have sent', async () => {
    const result = listFlows();
    answerProblem(expectOperation(http, 'FlowsList'), 422, 'validation.failed', {
      errors: [{ path: '/limit', code: 'field.max', message: 'limit must not be greater than 100' }],
    });
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphqlRequestError);
    expect((error as GraphqlRequestError).code).toBe('validation.failed');
    expect((error as GraphqlRequestError).status).toBe(422);
    expect(detailedMessageForHttpError(error)).toBe(
      'Some fields need attention. limit must not be greater than 100.',
    );
  });

  it('refreshes an expired access token once and retries the operation with the new one', async () => {
    const result = listFlows();
    answerProblem(expectOperation(http, 'FlowsList'), 401, 'auth.token_expired');
    const refresh = http.expectOne('/v1/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    refresh.flush(sessionResponse({ accessToken: 'access-2', refreshToken: 'refresh-2' }));
    const retried = expectOperation(http, 'FlowsList');
    expect(retried.request.headers.get('Authorization')).toBe('Bearer access-2');
    answerData(retried, page);
    await expect(result).resolves.toEqual(page);
  });

  it('ends the session when the refresh is refused', async () => {
    const result = listFlows();
    answerProblem(expectOperation(http, 'FlowsList'), 401, 'auth.token_expired');
    http
      .expectOne('/v1/auth/refresh')
      .flush({ code: 'auth.refresh_reused', status: 401 }, { status: 401, statusText: 'Unauthorized' });
    await expect(result).rejects.toBeInstanceOf(GraphqlRequestError);
    expect(store.isSignedIn()).toBe(false);
  });

  it('ends the session when the API rejects the token for another reason', async () => {
    const result = listFlows();
    answerProblem(expectOperation(http, 'FlowsList'), 401, 'auth.token_invalid');
    await expect(result).rejects.toBeInstanceOf(GraphqlRequestError);
    expect(store.isSignedIn()).toBe(false);
  });

  it('reads the errors of a query the schema rejects (HTTP 400)', async () => {
    const result = listFlows();
    expectOperation(http, 'FlowsList').flush(
      { errors: [{ message: 'Unknown argument', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
      { status: 400, statusText: 'Bad Request' },
    );
    const error = (await result.catch((e: unknown) => e)) as GraphqlRequestError;
    expect(error.status).toBe(400);
    expect(store.isSignedIn()).toBe(true);
  });
});
