import { DestroyRef, Injectable, inject } from '@angular/core';
import { map } from 'rxjs';
import { detailedMessageForHttpError } from '../../../core/errors/http-error-message';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import { PageLoader } from '../shared/paged-list';
import {
  CreateSecretDocument,
  DeleteSecretDocument,
  SECRETS_PAGE_SIZE,
  SecretsDocument,
  UpdateSecretDocument,
  type NewSecret,
  type Secret,
  type SecretChange,
} from './secrets.graphql';
import { SecretsState, type SecretEdit } from './secrets.state';

const WORDING = { 'secret.name_taken': 'A secret with this name already exists.' } as const;

/** Secrets tab use cases: load, create, rotate a value, edit a description, delete. */
@Injectable()
export class SecretsController {
  private readonly graphql = inject(GraphqlClient);
  private readonly state = inject(SecretsState);
  private readonly loader = new PageLoader(
    this.state.secrets,
    (cursor) =>
      this.graphql
        .request(SecretsDocument, { limit: SECRETS_PAGE_SIZE, cursor })
        .pipe(map(({ secrets }) => secrets)),
    inject(DestroyRef),
  );
  private tenantId: string | null | undefined;

  openTenant(tenantId: string | null): void {
    if (tenantId === this.tenantId) return;
    this.tenantId = tenantId;
    this.state.reset();
    this.loader.reload();
  }

  reload(): void {
    this.loader.reload();
  }

  loadMore(): void {
    this.loader.loadMore();
  }

  /** Resolves true once stored, so the form can clear the value. */
  create(secret: NewSecret): Promise<boolean> {
    if (this.state.creating()) return Promise.resolve(false);
    this.state.setCreating(true);
    this.state.setNotice(null);
    return new Promise((resolve) => {
      this.graphql
        .request(CreateSecretDocument, { input: secret })
        .pipe(map(({ createSecret }) => createSecret))
        .subscribe({
          next: (created) => {
            this.state.setCreating(false);
            this.state.secrets.prepend(created);
            this.state.setNotice(`Secret ${created.name} stored.`);
            resolve(true);
          },
          error: (error: unknown) => {
            this.state.setCreating(false, detailedMessageForHttpError(error, WORDING));
            resolve(false);
          },
        });
    });
  }

  edit(edit: SecretEdit | null): void {
    if (!this.state.saving()) this.state.startEdit(edit);
  }

  /** A new value or description for the row being edited; resolves true once saved. */
  save(secret: Secret, change: SecretChange): Promise<boolean> {
    if (this.state.saving()) return Promise.resolve(false);
    this.state.setSaving(true);
    this.state.setNotice(null);
    return new Promise((resolve) => {
      this.graphql
        .request(UpdateSecretDocument, { id: secret.id, input: change })
        .pipe(map(({ updateSecret }) => updateSecret))
        .subscribe({
          next: (updated) => {
            this.state.setSaving(false);
            this.state.startEdit(null);
            this.state.secrets.replace(updated);
            this.state.setNotice(
              change.value !== undefined
                ? `Value of ${updated.name} replaced.`
                : `Description of ${updated.name} saved.`,
            );
            resolve(true);
          },
          error: (error: unknown) => {
            this.state.setSaving(false, detailedMessageForHttpError(error, WORDING));
            resolve(false);
          },
        });
    });
  }

  delete(secret: Secret): void {
    this.state.setActionError(null);
    this.state.setNotice(null);
    this.state.deleting
      .track(secret.id, this.graphql.request(DeleteSecretDocument, { id: secret.id }))
      .subscribe({
        complete: () => {
          this.state.secrets.remove(secret.id);
          if (this.state.editing()?.id === secret.id) this.state.startEdit(null);
          this.state.setNotice(`Secret ${secret.name} deleted.`);
        },
        error: (error: unknown) => this.state.setActionError(detailedMessageForHttpError(error)),
      });
  }
}
