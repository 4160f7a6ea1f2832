import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { EmptyStateComponent } from '../shared/empty-state.component';

@Component({
  selector: 'sl-not-found-page',
  imports: [EmptyStateComponent, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" data-testid="page-not-found">
      <header class="page__header">
        <h1 class="page__title">Page not found</h1>
      </header>
      <sl-empty-state heading="Nothing lives at this address">
        Check the address, or go back to <a routerLink="/flows">your flows</a>.
      </sl-empty-state>
    </section>
  `,
})
export class NotFoundPage {}
