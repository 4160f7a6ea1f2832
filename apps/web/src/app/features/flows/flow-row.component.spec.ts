import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { beforeEach, describe, expect, it } from 'vitest';
import { AUTH_STORAGE, AuthStore } from '../../core/auth/auth.store';
import { MemoryStorage, sessionResponse } from '../../core/auth/testing/auth-fixtures';
import { FlowRowComponent } from './flow-row.component';
import type { FlowRunStats, FlowSummary } from './flows.graphql';

const NO_RUNS: FlowRunStats = { runCount: 0, succeeded: 0, finished: 0, successRate: null, lastRun: null };

const summary = (stats: FlowRunStats): FlowSummary => ({
  id: 'flow-1',
  name: 'Welcome new customer',
  description: null,
  tags: [],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: new Date(Date.now() - 60_000).toISOString(),
  archivedAt: null,
  draftRevision: null,
  publishedVersion: 1,
  latestVersion: 1,
  stats,
});

@Component({
  imports: [FlowRowComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<sl-flow-row [flow]="flow()" />`,
})
class HostComponent {
  readonly flow = signal<FlowSummary>(summary(NO_RUNS));
}

describe('FlowRowComponent', () => {
  let fixture: ComponentFixture<HostComponent>;
  let root: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: AUTH_STORAGE, useValue: new MemoryStorage() },
        provideRouter([]),
      ],
    });
    TestBed.inject(AuthStore).set(sessionResponse());
    fixture = TestBed.createComponent(HostComponent);
    root = fixture.nativeElement as HTMLElement;
    await show(NO_RUNS);
  });

  const show = async (stats: FlowRunStats) => {
    fixture.componentInstance.flow.set(summary(stats));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const byTestId = <T extends HTMLElement>(id: string) => root.querySelector<T>(`[data-testid="${id}"]`);
  const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim();

  it('says "No runs yet" for a flow that never ran, and shows no stats', () => {
    expect(text('flow-no-runs')).toBe('No runs yet');
    expect(byTestId('flow-last-run')).toBeNull();
    expect(byTestId('flow-success-rate')).toBeNull();
  });

  it('shows the last run as a status badge linking to the run, with the success rate and run count', async () => {
    const createdAt = new Date(Date.now() - 2 * 60 * 60_000).toISOString();
    await show({
      runCount: 12,
      succeeded: 8,
      finished: 10,
      successRate: 0.8,
      lastRun: { id: 'run-7', status: 'failed', createdAt },
    });
    const link = byTestId<HTMLAnchorElement>('flow-last-run')!;
    expect(link.getAttribute('href')).toBe('/runs/run-7');
    expect(link.querySelector('sl-status-badge')?.getAttribute('data-status')).toBe('failed');
    expect(link.querySelector('time')?.getAttribute('datetime')).toBe(createdAt);
    expect(link.getAttribute('aria-label')).toContain('Last run failed');
    expect(text('flow-success-rate')).toBe('80% succeeded');
    expect(byTestId('flow-success-rate')?.getAttribute('title')).toBe(
      '8 of 10 finished runs succeeded in the last 30 days',
    );
    expect(text('flow-run-count')).toBe('12 runs in 30 days');
    expect(byTestId('flow-no-runs')).toBeNull();
  });

  it('rounds the rate, counts one run in the singular, and says when none has finished', async () => {
    const lastRun = { id: 'run-1', status: 'running', createdAt: new Date().toISOString() };
    await show({ runCount: 1, succeeded: 0, finished: 0, successRate: null, lastRun });
    expect(text('flow-success-rate')).toBe('No finished runs');
    expect(text('flow-run-count')).toBe('1 run in 30 days');
    await show({ runCount: 3, succeeded: 2, finished: 3, successRate: 2 / 3, lastRun });
    expect(text('flow-success-rate')).toBe('67% succeeded');
  });

  it('still links the last run when it is older than the 30-day window', async () => {
    const createdAt = new Date(Date.now() - 45 * 24 * 60 * 60_000).toISOString();
    await show({ ...NO_RUNS, lastRun: { id: 'run-old', status: 'succeeded', createdAt } });
    expect(byTestId('flow-last-run')?.getAttribute('href')).toBe('/runs/run-old');
    expect(text('flow-run-count')).toBe('0 runs in 30 days');
  });
});
