import { ChangeDetectionStrategy, Component } from '@angular/core';
import { EmptyStateComponent } from '../../shared/empty-state.component';

@Component({
  selector: 'sl-admin-page',
  imports: [EmptyStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" data-testid="page-admin">
      <header class="page__header">
        <h1 class="page__title">Admin</h1>
        <p class="page__lede">
          Members, API keys, secrets, outgoing webhooks, the audit log and workspace settings.
        </p>
      </header>
      <sl-empty-state heading="Workspace administration"
        >Invite members, issue API keys, store secrets, subscribe webhooks and review the audit log from
        here.</sl-empty-state
      >
    </section>
  `,
})
export class AdminPage {}
