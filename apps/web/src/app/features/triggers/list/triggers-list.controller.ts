import { DestroyRef, Injectable, inject } from '@angular/core';
import type { Subscription } from 'rxjs';
import { messageForHttpError } from '../../../core/errors/http-error-message';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import type { TriggerKind } from '../shared/trigger-form';
import { TenantTriggersDocument } from '../triggers.graphql';
import { TriggersListState } from './triggers-list.state';

/** The tenant's triggers, optionally of one kind; a newer request cancels the older one. */
@Injectable()
export class TriggersListController {
  private readonly graphql = inject(GraphqlClient);
  private readonly state = inject(TriggersListState);
  private request: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
  }

  setKind(kind: TriggerKind | null): void {
    this.state.kind.set(kind);
    this.reload();
  }

  reload(): void {
    this.request?.unsubscribe();
    this.state.load.set('loading');
    this.state.error.set(null);
    this.request = this.graphql.request(TenantTriggersDocument, { kind: this.state.kind() }).subscribe({
      next: ({ triggers }) => {
        this.state.triggers.set(triggers);
        this.state.load.set('ready');
      },
      error: (error: unknown) => {
        this.state.error.set(messageForHttpError(error));
        this.state.load.set('error');
      },
    });
  }
}
