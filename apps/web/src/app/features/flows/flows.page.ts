import { ChangeDetectionStrategy, Component } from '@angular/core';
import { EmptyStateComponent } from '../../shared/empty-state.component';

@Component({
  selector: 'sl-flows-page',
  imports: [EmptyStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" data-testid="page-flows">
      <header class="page__header">
        <h1 class="page__title">Flows</h1>
        <p class="page__lede">Automations that start from a trigger and run a sequence of steps.</p>
      </header>
      <sl-empty-state heading="No flows yet"
        >Flows in this workspace are listed here with their status, tags, last run and success
        rate.</sl-empty-state
      >
    </section>
  `,
})
export class FlowsPage {}
