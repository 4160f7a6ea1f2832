import { Injectable, signal } from '@angular/core';
import type { TriggerKind } from '../shared/trigger-form';
import type { TenantTrigger } from '../triggers.graphql';

/** What the tenant-wide Triggers page shows. Written by `TriggersListController` only. */
@Injectable()
export class TriggersListState {
  readonly kind = signal<TriggerKind | null>(null);
  readonly load = signal<'loading' | 'error' | 'ready'>('loading');
  readonly error = signal<string | null>(null);
  readonly triggers = signal<readonly TenantTrigger[]>([]);
}
