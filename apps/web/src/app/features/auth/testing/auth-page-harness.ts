import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { routes } from '../../../app.routes';
import { authInterceptor } from '../../../core/auth/auth.interceptor';
import { AUTH_STORAGE } from '../../../core/auth/auth.store';
import { MemoryStorage } from '../../../core/auth/testing/auth-fixtures';
import { answerEmptyFlowsList } from '../../../core/graphql/testing/graphql-testing';

/** The real routes with HTTP stubbed at the boundary, for the public auth pages' specs. */
export const configureAuthPageTestBed = (): { http: HttpTestingController; storage: MemoryStorage } => {
  const storage = new MemoryStorage();
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      provideHttpClient(withInterceptors([authInterceptor])),
      provideHttpClientTesting(),
      provideRouter(routes, withComponentInputBinding()),
      { provide: AUTH_STORAGE, useValue: storage },
    ],
  });
  return { http: TestBed.inject(HttpTestingController), storage };
};

/** Opens `url` and offers the DOM helpers the specs share. */
export const openAuthPage = async (url: string) => {
  const harness = await RouterTestingHarness.create(url);
  const root = harness.fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement>(id: string) => root.querySelector<T>(`[data-testid="${id}"]`);
  const settle = async () => {
    await harness.fixture.whenStable();
    harness.detectChanges();
  };
  const type = (id: string, value: string) => {
    const input = byTestId<HTMLInputElement>(id)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const text = (selector: string) => root.querySelector(selector)?.textContent?.trim() ?? null;
  return { harness, root, byTestId, settle, type, text };
};

/** Answers what the app frame asks for once the flows page opens. */
export const answerShell = (http: HttpTestingController): void => {
  for (const r of http.match('/ready')) r.flush({ status: 'ok' });
  answerEmptyFlowsList(http);
};

/** A problem+json error response. */
export const problem = (
  status: number,
  code: string,
  errors?: { path: string; code: string; message: string }[],
  headers?: Record<string, string>,
) => ({
  body: { status, code, detail: code, ...(errors ? { errors } : {}) },
  options: { status, statusText: 'Error', ...(headers ? { headers } : {}) },
});
