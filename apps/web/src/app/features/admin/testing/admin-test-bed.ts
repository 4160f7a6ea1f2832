import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection, type Provider, type Type } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { Role } from '@stepline/domain';
import { authInterceptor } from '../../../core/auth/auth.interceptor';
import { AUTH_STORAGE, AuthStore } from '../../../core/auth/auth.store';
import { MemoryStorage, sessionResponse } from '../../../core/auth/testing/auth-fixtures';

export interface PageHarness<T> {
  http: HttpTestingController;
  fixture: ComponentFixture<T>;
  root: HTMLElement;
  settle(): Promise<void>;
  byTestId<E extends HTMLElement = HTMLElement>(id: string): E | null;
  allByTestId<E extends HTMLElement = HTMLElement>(id: string): E[];
  texts(id: string): string[];
  /** Clicks the first button whose text is `label` (inside `scope`, else the page). */
  clickButton(label: string, scope?: Element): Promise<void>;
}

/** Opens an admin page signed in with `role`, the HTTP boundary stubbed by HttpTestingController. */
export const openAdminPage = async <T>(
  page: Type<T>,
  role: Role = 'owner',
  providers: Provider[] = [],
): Promise<PageHarness<T>> => {
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      provideHttpClient(withInterceptors([authInterceptor])),
      provideHttpClientTesting(),
      { provide: AUTH_STORAGE, useValue: new MemoryStorage() },
      ...providers,
    ],
  });
  const http = TestBed.inject(HttpTestingController);
  TestBed.inject(AuthStore).set(sessionResponse({ role }));
  const fixture = TestBed.createComponent(page);
  const root = fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await fixture.whenStable();
    fixture.detectChanges();
    await fixture.whenStable();
  };
  const allByTestId = <E extends HTMLElement>(id: string) => [
    ...root.querySelectorAll<E>(`[data-testid="${id}"]`),
  ];
  const harness: PageHarness<T> = {
    http,
    fixture,
    root,
    settle,
    byTestId: <E extends HTMLElement>(id: string) => root.querySelector<E>(`[data-testid="${id}"]`),
    allByTestId,
    texts: (id) => allByTestId(id).map((element) => element.textContent?.trim() ?? ''),
    clickButton: async (label, scope = root) => {
      const button = [...scope.querySelectorAll('button')].find((b) => b.textContent?.trim() === label);
      if (!button) throw new Error(`No button "${label}"`);
      button.click();
      await settle();
    },
  };
  await settle();
  return harness;
};

/** Sets an input's or select's value the way typing or choosing does. */
export const fill = (element: HTMLInputElement | HTMLSelectElement, value: string): void => {
  element.value = value;
  element.dispatchEvent(new Event(element instanceof HTMLSelectElement ? 'change' : 'input'));
};

export const problem = (status: number, code: string, extra: object = {}) => ({
  body: { type: 'about:blank', status, code, title: code, ...extra },
  options: { status, statusText: 'Error', headers: { 'content-type': 'application/problem+json' } },
});
