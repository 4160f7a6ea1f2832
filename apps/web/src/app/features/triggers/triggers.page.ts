import { ChangeDetectionStrategy, Component } from '@angular/core';
import { EmptyStateComponent } from '../../shared/empty-state.component';

@Component({
  selector: 'sl-triggers-page',
  imports: [EmptyStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" data-testid="page-triggers">
      <header class="page__header">
        <h1 class="page__title">Triggers</h1>
        <p class="page__lede">Webhooks and schedules that start your flows.</p>
      </header>
      <sl-empty-state heading="No triggers yet"
        >Webhook URLs and cron schedules of published flows are listed here, with the next time each one
        fires.</sl-empty-state
      >
    </section>
  `,
})
export class TriggersPage {}
