import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, TimeoutError, catchError, interval, map, of, startWith, switchMap, timeout } from 'rxjs';
import { API_BASE_URL, apiUrl } from '../http/api-base-url';
import { asProblem, userMessageFor } from '../errors/problem';

export const READINESS_REFRESH_MS = 15_000;
/** A probe slower than this counts as unavailable, so a hung API does not read as healthy. */
export const READINESS_TIMEOUT_MS = 5_000;

export interface HealthStatus {
  status: string;
}

export type Readiness = { state: 'ready' } | { state: 'unavailable'; reason: string };

/** Liveness and readiness of the API the editor was served from (`GET /health`, `GET /ready`). */
@Injectable({ providedIn: 'root' })
export class ApiHealthService {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  health(): Observable<HealthStatus> {
    return this.http.get<HealthStatus>(apiUrl(this.baseUrl, '/health'));
  }

  /** One readiness probe. Never errors: every failure becomes `unavailable` with a reason. */
  readiness(): Observable<Readiness> {
    return this.http.get(apiUrl(this.baseUrl, '/ready')).pipe(
      timeout(READINESS_TIMEOUT_MS),
      map((): Readiness => ({ state: 'ready' })),
      catchError((error: unknown) => of<Readiness>({ state: 'unavailable', reason: reasonOf(error) })),
    );
  }

  /** Probes now, then every `everyMs`, until unsubscribed. */
  watchReadiness(everyMs = READINESS_REFRESH_MS): Observable<Readiness> {
    return interval(everyMs).pipe(
      startWith(-1),
      switchMap(() => this.readiness()),
    );
  }
}

const reasonOf = (error: unknown): string => {
  if (error instanceof TimeoutError) return 'The API did not answer in time.';
  if (error instanceof HttpErrorResponse) {
    return userMessageFor(asProblem(error.error) ?? { status: error.status });
  }
  return userMessageFor(undefined);
};
