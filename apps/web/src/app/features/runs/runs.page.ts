import { ChangeDetectionStrategy, Component, effect, inject, untracked } from '@angular/core';
import { Router } from '@angular/router';
import { AuthStore } from '../../core/auth/auth.store';
import { EmptyStateComponent } from '../../shared/empty-state.component';
import { RunFiltersComponent } from './list/run-filters.component';
import { RunsListController } from './list/runs-list.controller';
import { RunsListState } from './list/runs-list.state';
import { RunsTableComponent } from './list/runs-table.component';
import { tickingClock } from './shared/ticking-clock';

/**
 * Every run of the tenant, newest first, with filters and "Load more". Fresh while it matters:
 * re-read every few seconds while a run on screen is unfinished, and when the window regains focus.
 */
@Component({
  selector: 'sl-runs-page',
  imports: [EmptyStateComponent, RunFiltersComponent, RunsTableComponent],
  providers: [RunsListState, RunsListController],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(window:focus)': 'controller.refresh()' },
  templateUrl: './runs.page.html',
})
export class RunsPage {
  protected readonly state = inject(RunsListState);
  protected readonly controller = inject(RunsListController);
  private readonly router = inject(Router);
  protected readonly now = tickingClock(() => this.state.hasUnfinished());

  constructor() {
    const store = inject(AuthStore);
    // Loads on open and again, from scratch, whenever the user switches tenant.
    effect(() => {
      const tenantId = store.tenant()?.id ?? null;
      untracked(() => this.controller.openTenant(tenantId));
    });
  }

  protected open(runId: string): void {
    void this.router.navigate(['/runs', runId]);
  }
}
