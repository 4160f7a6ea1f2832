import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  untracked,
  viewChild,
} from '@angular/core';
import { AuthStore } from '../../../core/auth/auth.store';
import { fullDateTime, relativeTime } from '../../../shared/relative-time';
import { ConfirmButtonComponent } from '../shared/confirm-button.component';
import { SecretEditorComponent } from './secret-editor.component';
import { SecretFormComponent } from './secret-form.component';
import type { NewSecret, Secret, SecretChange } from './secrets.graphql';
import { SecretsController } from './secrets.controller';
import { SecretsState } from './secrets.state';

/**
 * Secrets: add one, replace its value, edit its description, delete it. Values are write-only:
 * this page sends them and never receives or shows one.
 */
@Component({
  selector: 'sl-secrets-page',
  imports: [SecretFormComponent, SecretEditorComponent, ConfirmButtonComponent],
  providers: [SecretsState, SecretsController],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './secrets.page.html',
})
export class SecretsPage {
  protected readonly state = inject(SecretsState);
  protected readonly controller = inject(SecretsController);
  private readonly store = inject(AuthStore);
  protected readonly mayCreate = computed(() => this.store.can('create', 'Secret'));
  protected readonly mayUpdate = computed(() => this.store.can('update', 'Secret'));
  protected readonly mayDelete = computed(() => this.store.can('delete', 'Secret'));
  protected readonly relativeTime = relativeTime;
  protected readonly fullDateTime = fullDateTime;
  /** How flows refer to a secret (a literal: `{{` would start an interpolation in the template). */
  protected readonly reference = '{{ secrets.NAME }}';
  private readonly form = viewChild(SecretFormComponent);

  constructor() {
    effect(() => {
      const tenantId = this.store.tenant()?.id ?? null;
      untracked(() => this.controller.openTenant(tenantId));
    });
  }

  protected async onCreate(secret: NewSecret): Promise<void> {
    if (await this.controller.create(secret)) this.form()?.reset();
  }

  protected onSave(secret: Secret, change: SecretChange): void {
    void this.controller.save(secret, change);
  }

  protected editing(secret: Secret): 'value' | 'description' | null {
    const edit = this.state.editing();
    return edit?.id === secret.id ? edit.mode : null;
  }

  protected isDeleting(secret: Secret): boolean {
    return this.state.deleting.has(secret.id);
  }
}
