import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_BASE_URL } from '../http/api-base-url';
import { ApiHealthService, READINESS_TIMEOUT_MS } from './api-health.service';

describe('ApiHealthService', () => {
  const setup = (baseUrl?: string) => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        ...(baseUrl === undefined ? [] : [{ provide: API_BASE_URL, useValue: baseUrl }]),
      ],
    });
    return { service: TestBed.inject(ApiHealthService), http: TestBed.inject(HttpTestingController) };
  };

  afterEach(() => {
    vi.useRealTimers();
    TestBed.inject(HttpTestingController).verify();
  });

  it('reads liveness from GET /health on the same origin', async () => {
    const { service, http } = setup();
    const health = firstValueFrom(service.health());
    const request = http.expectOne('/health');
    expect(request.request.method).toBe('GET');
    request.flush({ status: 'ok' });
    await expect(health).resolves.toEqual({ status: 'ok' });
  });

  it('prefixes the configured API base URL', () => {
    const { service, http } = setup('https://api.example.test/');
    service.readiness().subscribe();
    http.expectOne('https://api.example.test/ready').flush({ status: 'ok' });
  });

  it('reports ready when GET /ready answers 200', async () => {
    const { service, http } = setup();
    const readiness = firstValueFrom(service.readiness());
    http.expectOne('/ready').flush({ status: 'ok' });
    await expect(readiness).resolves.toEqual({ state: 'ready' });
  });

  it('reports unavailable with the problem code message when GET /ready answers 503', async () => {
    const { service, http } = setup();
    const readiness = firstValueFrom(service.readiness());
    http
      .expectOne('/ready')
      .flush(
        { status: 503, code: 'dependency.unavailable' },
        { status: 503, statusText: 'Service Unavailable' },
      );
    await expect(readiness).resolves.toEqual({
      state: 'unavailable',
      reason: 'A service the API depends on is unavailable.',
    });
  });

  it('reports unavailable when the API cannot be reached', async () => {
    const { service, http } = setup();
    const readiness = firstValueFrom(service.readiness());
    http.expectOne('/ready').error(new ProgressEvent('error'));
    await expect(readiness).resolves.toEqual({ state: 'unavailable', reason: 'The API cannot be reached.' });
  });

  it('reports unavailable when GET /ready does not answer in time', async () => {
    vi.useFakeTimers();
    const { service, http } = setup();
    const readiness = firstValueFrom(service.readiness());
    const request = http.expectOne('/ready');
    vi.advanceTimersByTime(READINESS_TIMEOUT_MS);
    await expect(readiness).resolves.toEqual({
      state: 'unavailable',
      reason: 'The API did not answer in time.',
    });
    expect(request.cancelled).toBe(true);
  });
});
