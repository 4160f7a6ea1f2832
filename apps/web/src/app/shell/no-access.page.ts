import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { EmptyStateComponent } from '../shared/empty-state.component';

/** Where a role lands that may not open an area (see `abilityGuard`). */
@Component({
  selector: 'sl-no-access-page',
  imports: [EmptyStateComponent, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" data-testid="page-no-access">
      <header class="page__header">
        <h1 class="page__title">You don't have access</h1>
      </header>
      <sl-empty-state heading="This area needs another role">
        Your role in this workspace cannot open it. Ask an admin or owner, or go back to
        <a routerLink="/flows">your flows</a>.
      </sl-empty-state>
    </section>
  `,
})
export class NoAccessPage {}
