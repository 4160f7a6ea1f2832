import { Injectable, signal } from '@angular/core';
import { BusyIds } from '../../../shared/busy-ids';
import { PagedList } from '../shared/paged-list';
import type { ApiKey } from './api-keys.graphql';

/** A key just created: shown once, then forgotten when dismissed. */
export interface RevealedKey {
  name: string;
  key: string;
}

/** What the API keys tab shows. */
@Injectable()
export class ApiKeysState {
  readonly keys = new PagedList<ApiKey>();
  readonly creating = signal(false);
  readonly createError = signal<string | null>(null);
  readonly revealed = signal<RevealedKey | null>(null);
  readonly revoking = new BusyIds();
  readonly actionError = signal<string | null>(null);

  reset(): void {
    this.keys.reset();
    this.createError.set(null);
    this.revealed.set(null);
    this.revoking.clear();
    this.actionError.set(null);
  }
}
