import { DestroyRef, Injectable, inject } from '@angular/core';
import { finalize, map } from 'rxjs';
import { detailedMessageForHttpError } from '../../../core/errors/http-error-message';
import { PageLoader } from '../shared/paged-list';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import {
  API_KEYS_PAGE_SIZE,
  ApiKeysDocument,
  CreateApiKeyDocument,
  RevokeApiKeyDocument,
  type ApiKey,
  type CreatedApiKey,
  type NewApiKey,
} from './api-keys.graphql';
import { ApiKeysState } from './api-keys.state';

/** API keys tab use cases: load, create (revealing the key once), revoke. */
@Injectable()
export class ApiKeysController {
  private readonly graphql = inject(GraphqlClient);
  private readonly state = inject(ApiKeysState);
  private readonly keys = new PageLoader(
    this.state.keys,
    (cursor) =>
      this.graphql
        .request(ApiKeysDocument, { limit: API_KEYS_PAGE_SIZE, cursor })
        .pipe(map(({ apiKeys }) => apiKeys)),
    inject(DestroyRef),
  );
  private tenantId: string | null | undefined;

  openTenant(tenantId: string | null): void {
    if (tenantId === this.tenantId) return;
    this.tenantId = tenantId;
    this.state.reset();
    this.keys.reload();
  }

  reload(): void {
    this.keys.reload();
  }

  loadMore(): void {
    this.keys.loadMore();
  }

  /** Resolves true once created, so the form can clear itself. */
  create(key: NewApiKey): Promise<boolean> {
    if (this.state.creating()) return Promise.resolve(false);
    this.state.creating.set(true);
    this.state.createError.set(null);
    this.state.revealed.set(null);
    return new Promise((resolve) => {
      this.graphql
        .request(CreateApiKeyDocument, { input: key })
        .pipe(
          map(({ createApiKey }) => createApiKey),
          finalize(() => this.state.creating.set(false)),
        )
        .subscribe({
          next: (created) => {
            this.state.revealed.set({ name: created.name, key: created.key });
            this.state.keys.prepend(listed(created));
            resolve(true);
          },
          error: (error: unknown) => {
            this.state.createError.set(detailedMessageForHttpError(error));
            resolve(false);
          },
        });
    });
  }

  dismissRevealed(): void {
    this.state.revealed.set(null);
  }

  revoke(key: ApiKey): void {
    this.state.actionError.set(null);
    this.state.revoking.track(key.id, this.graphql.request(RevokeApiKeyDocument, { id: key.id })).subscribe({
      complete: () =>
        this.state.keys.replace({ ...key, revokedAt: key.revokedAt ?? new Date().toISOString() }),
      error: (error: unknown) => this.state.actionError.set(detailedMessageForHttpError(error)),
    });
  }
}

/** The list row of a created key: everything but the key, which must not outlive its panel. */
const listed = (created: CreatedApiKey): ApiKey => ({
  id: created.id,
  name: created.name,
  prefix: created.prefix,
  scopes: created.scopes,
  expiresAt: created.expiresAt,
  lastUsedAt: created.lastUsedAt,
  revokedAt: created.revokedAt,
  createdAt: created.createdAt,
});
