import { ChangeDetectionStrategy, Component } from '@angular/core';
import { EmptyStateComponent } from '../../shared/empty-state.component';

@Component({
  selector: 'sl-runs-page',
  imports: [EmptyStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" data-testid="page-runs">
      <header class="page__header">
        <h1 class="page__title">Runs</h1>
        <p class="page__lede">Every execution of a flow, with its steps, logs and outcome.</p>
      </header>
      <sl-empty-state heading="No runs yet"
        >A run appears here each time a flow is triggered, called through the API or tested from the
        editor.</sl-empty-state
      >
    </section>
  `,
})
export class RunsPage {}
