import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { AuthStore } from '../../core/auth/auth.store';
import { EmptyStateComponent } from '../../shared/empty-state.component';
import { FlowRowComponent } from './flow-row.component';
import { FlowsListController } from './flows-list.controller';
import { FlowsListState } from './flows-list.state';

/** The tenant's flows, with search, a tag filter and "Load more". */
@Component({
  selector: 'sl-flows-page',
  imports: [EmptyStateComponent, FlowRowComponent],
  providers: [FlowsListState, FlowsListController],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './flows.page.html',
  styleUrl: './flows.page.scss',
})
export class FlowsPage {
  protected readonly state = inject(FlowsListState);
  protected readonly controller = inject(FlowsListController);
  private readonly store = inject(AuthStore);
  protected readonly canCreate = computed(() => this.store.can('create', 'Flow'));
  protected readonly canArchive = computed(() => this.store.can('archive', 'Flow'));
  protected readonly naming = signal(false);

  constructor() {
    const store = inject(AuthStore);
    // Loads on open and again, from scratch, whenever the user switches tenant.
    effect(() => {
      const tenantId = store.tenant()?.id ?? null;
      untracked(() => this.controller.openTenant(tenantId));
    });
  }

  protected async create(name: string): Promise<void> {
    if (await this.controller.create(name)) this.naming.set(false);
  }

  protected onSearch(event: Event): void {
    this.controller.search((event.target as HTMLInputElement).value);
  }

  protected onTag(event: Event): void {
    this.controller.filterByTag((event.target as HTMLSelectElement).value || null);
  }
}
