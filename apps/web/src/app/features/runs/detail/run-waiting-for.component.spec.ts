import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../runs.graphql';
import { RunWaitingForComponent } from './run-waiting-for.component';

type Wait = RunDetail['waitingFor'][number];

const wait = (overrides: Partial<Wait>): Wait => ({
  id: 'wp-1',
  kind: 'event',
  stepId: 'reply',
  path: '',
  eventName: null,
  correlationKey: null,
  approvalId: null,
  childRunId: null,
  until: null,
  since: '2026-11-30T17:00:00.000Z',
  ...overrides,
});

async function render(waits: Wait[]): Promise<HTMLElement> {
  TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideRouter([])] });
  const fixture = TestBed.createComponent(RunWaitingForComponent);
  fixture.componentRef.setInput('waits', waits);
  fixture.componentRef.setInput('now', Date.parse('2026-11-30T17:00:00.000Z'));
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('RunWaitingForComponent', () => {
  it('names the event and its key, and until when the run waits for it', async () => {
    const root = await render([
      wait({
        eventName: 'message.received',
        correlationKey: '+4917012345',
        until: '2026-11-30T18:00:00.000Z',
      }),
    ]);
    const item = root.querySelector('[data-testid="run-wait"]')!;
    expect(item.getAttribute('data-kind')).toBe('event');
    expect(item.querySelector('[data-testid="run-wait-event"]')?.textContent).toBe('message.received');
    expect(item.querySelector('[data-testid="run-wait-key"]')?.textContent).toBe('+4917012345');
    expect(item.querySelector('[data-testid="run-wait-until"]')?.getAttribute('datetime')).toBe(
      '2026-11-30T18:00:00.000Z',
    );
  });

  it('shows a delay with its end, an approval linking to the inbox, and a wait without a time limit', async () => {
    const root = await render([
      wait({ id: 'a', kind: 'delay', stepId: 'pause', until: '2026-12-01T09:00:00.000Z' }),
      wait({ id: 'b', kind: 'approval', stepId: 'approve', approvalId: 'b' }),
      wait({ id: 'c', kind: 'event', stepId: 'any', eventName: 'order.paid' }),
    ]);
    const items = [...root.querySelectorAll('[data-testid="run-wait"]')];
    expect(items.map((i) => i.getAttribute('data-kind'))).toEqual(['delay', 'approval', 'event']);
    expect(items[0]!.querySelector('[data-testid="run-wait-until"]')).not.toBeNull();
    expect(items[1]!.querySelector('[data-testid="run-wait-approval"]')?.getAttribute('href')).toBe(
      '/approvals',
    );
    expect(items[1]!.textContent).toContain('no time limit');
    expect(items[2]!.textContent).toContain('(any key)');
  });

  it('links a subflow wait to the child run it waits for', async () => {
    const root = await render([wait({ kind: 'subflow', stepId: 'book', childRunId: 'child-run-5678' })]);
    const link = root.querySelector('[data-testid="run-wait-child"]');
    expect(link?.getAttribute('href')).toBe('/runs/child-run-5678');
    expect(link?.textContent?.trim()).toBe('child-ru');
  });
});
