import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import type { Action, Subject } from '@stepline/domain';
import { AuthStore } from '../../core/auth/auth.store';

interface AdminTab {
  path: string;
  label: string;
  requires: readonly [Action, Subject];
}

export const ADMIN_TABS: readonly AdminTab[] = [
  { path: 'members', label: 'Members', requires: ['read', 'Member'] },
  { path: 'api-keys', label: 'API keys', requires: ['read', 'ApiKey'] },
  { path: 'secrets', label: 'Secrets', requires: ['read', 'Secret'] },
  { path: 'webhooks', label: 'Webhooks', requires: ['read', 'WebhookEndpoint'] },
  { path: 'audit-log', label: 'Audit log', requires: ['read', 'AuditLog'] },
  { path: 'usage', label: 'Usage', requires: ['read', 'Usage'] },
];

/** The admin area: a tab per section the role may read, the section below. */
@Component({
  selector: 'sl-admin-page',
  imports: [RouterLink, RouterLinkActive, RouterOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" data-testid="page-admin">
      <header class="page__header">
        <h1 class="page__title">Admin</h1>
        <p class="page__lede">
          Members and invitations, API keys, secrets, outgoing webhooks and the audit log of this workspace.
        </p>
      </header>
      <nav class="admin-tabs" aria-label="Admin sections" data-testid="admin-tabs">
        @for (tab of tabs(); track tab.path) {
          <a
            class="admin-tabs__link"
            [routerLink]="tab.path"
            routerLinkActive="is-active"
            ariaCurrentWhenActive="page"
            [attr.data-testid]="'admin-tab-' + tab.path"
            >{{ tab.label }}</a
          >
        }
      </nav>
      <router-outlet />
    </section>
  `,
  styles: `
    .admin-tabs {
      display: flex;
      gap: var(--sl-space-1);
      margin-bottom: var(--sl-space-5);
      border-bottom: 1px solid var(--sl-color-border);
    }
    .admin-tabs__link {
      margin-bottom: -1px;
      padding: var(--sl-space-2) var(--sl-space-3);
      border-bottom: 2px solid transparent;
      color: var(--sl-color-text-muted);
      font-weight: 550;
      text-decoration: none;

      &:hover {
        color: var(--sl-color-text);
      }
      &.is-active {
        border-bottom-color: var(--sl-color-accent);
        color: var(--sl-color-accent-strong);
      }
    }
  `,
})
export class AdminPage {
  private readonly store = inject(AuthStore);
  protected readonly tabs = computed(() =>
    ADMIN_TABS.filter(({ requires: [action, subject] }) => this.store.can(action, subject)),
  );
}
