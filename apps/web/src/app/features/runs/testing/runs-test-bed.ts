import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection, type Provider, type Type } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { Role } from '@stepline/domain';
import { Observable, Subject } from 'rxjs';
import { authInterceptor } from '../../../core/auth/auth.interceptor';
import { AUTH_STORAGE, AuthStore } from '../../../core/auth/auth.store';
import { MemoryStorage, sessionResponse } from '../../../core/auth/testing/auth-fixtures';
import { GraphqlSubscriptions } from '../../../core/graphql/graphql-subscriptions';

/** Where navigations land: any URL matches, and nothing renders it (there is no outlet). */
@Component({ template: '' })
class NowhereComponent {}

/** One open subscription of the fake: what was asked, and a handle to push answers. */
export interface OpenSubscription {
  operationName: string;
  variables: unknown;
  answers: Subject<unknown>;
  closed: boolean;
}

/** Stands in for graphql-ws: each `subscribe` is recorded and driven by the test. */
export class FakeSubscriptions {
  readonly opened: OpenSubscription[] = [];

  subscribe(document: { toString(): string }, variables: unknown): Observable<unknown> {
    const operationName = /subscription\s+(\w+)/.exec(document.toString())?.[1] ?? 'anonymous';
    return new Observable((subscriber) => {
      const open: OpenSubscription = { operationName, variables, answers: new Subject(), closed: false };
      this.opened.push(open);
      const inner = open.answers.subscribe(subscriber);
      return () => {
        open.closed = true;
        inner.unsubscribe();
      };
    });
  }

  last(): OpenSubscription {
    const open = this.opened.at(-1);
    if (!open) throw new Error('No subscription was opened');
    return open;
  }
}

export interface RunsHarness<T> {
  http: HttpTestingController;
  fixture: ComponentFixture<T>;
  root: HTMLElement;
  subscriptions: FakeSubscriptions;
  router: Router;
  settle(): Promise<void>;
  byTestId<E extends HTMLElement = HTMLElement>(id: string): E | null;
  allByTestId<E extends HTMLElement = HTMLElement>(id: string): E[];
  texts(id: string): string[];
  clickButton(label: string, scope?: Element): Promise<void>;
}

/**
 * Opens a runs component signed in with `role`: HTTP stubbed by HttpTestingController, the
 * subscription transport by `FakeSubscriptions`, a real router on which every URL matches and
 * nothing renders (navigation is observed through `router.navigate` or `router.url`). `before` runs before the first change detection, e.g.
 * to set required inputs.
 */
export const openRunsComponent = async <T>(
  component: Type<T>,
  options: { role?: Role; providers?: Provider[]; before?: (fixture: ComponentFixture<T>) => void } = {},
): Promise<RunsHarness<T>> => {
  const subscriptions = new FakeSubscriptions();
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      provideHttpClient(withInterceptors([authInterceptor])),
      provideHttpClientTesting(),
      provideRouter([{ path: '**', component: NowhereComponent }]),
      { provide: AUTH_STORAGE, useValue: new MemoryStorage() },
      { provide: GraphqlSubscriptions, useValue: subscriptions },
      ...(options.providers ?? []),
    ],
  });
  const http = TestBed.inject(HttpTestingController);
  const router = TestBed.inject(Router);
  TestBed.inject(AuthStore).set(sessionResponse({ role: options.role ?? 'owner' }));
  const fixture = TestBed.createComponent(component);
  options.before?.(fixture);
  const root = fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await fixture.whenStable();
    fixture.detectChanges();
    await fixture.whenStable();
  };
  const allByTestId = <E extends HTMLElement>(id: string) => [
    ...root.querySelectorAll<E>(`[data-testid="${id}"]`),
  ];
  const harness: RunsHarness<T> = {
    http,
    fixture,
    root,
    subscriptions,
    router,
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
