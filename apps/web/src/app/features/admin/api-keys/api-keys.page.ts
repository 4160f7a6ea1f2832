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
import { SecretPanelComponent } from '../shared/secret-panel.component';
import { ApiKeyFormComponent } from './api-key-form.component';
import type { ApiKey, NewApiKey } from './api-keys.graphql';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysState } from './api-keys.state';

/** API keys: create one (its key shown once), list them by prefix, revoke. */
@Component({
  selector: 'sl-api-keys-page',
  imports: [ApiKeyFormComponent, ConfirmButtonComponent, SecretPanelComponent],
  providers: [ApiKeysState, ApiKeysController],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './api-keys.page.html',
})
export class ApiKeysPage {
  protected readonly state = inject(ApiKeysState);
  protected readonly controller = inject(ApiKeysController);
  private readonly store = inject(AuthStore);
  protected readonly mayCreate = computed(() => this.store.can('create', 'ApiKey'));
  protected readonly mayRevoke = computed(() => this.store.can('delete', 'ApiKey'));
  protected readonly relativeTime = relativeTime;
  protected readonly fullDateTime = fullDateTime;
  private readonly form = viewChild(ApiKeyFormComponent);

  constructor() {
    effect(() => {
      const tenantId = this.store.tenant()?.id ?? null;
      untracked(() => this.controller.openTenant(tenantId));
    });
  }

  protected async onCreate(key: NewApiKey): Promise<void> {
    if (await this.controller.create(key)) this.form()?.reset();
  }

  protected isExpired(key: ApiKey): boolean {
    return key.expiresAt !== null && Date.parse(key.expiresAt) <= Date.now();
  }

  protected isRevoking(key: ApiKey): boolean {
    return this.state.revoking.has(key.id);
  }
}
