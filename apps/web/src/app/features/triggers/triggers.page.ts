import { ChangeDetectionStrategy, Component, effect, inject, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AuthStore } from '../../core/auth/auth.store';
import { EmptyStateComponent } from '../../shared/empty-state.component';
import { fullDateTime, relativeTime } from '../../shared/relative-time';
import { TriggersListController } from './list/triggers-list.controller';
import { TriggersListState } from './list/triggers-list.state';
import { fireTimeText } from './panel/schedule-fields.component';
import { KIND_LABELS, TRIGGER_KINDS, isTriggerKind, triggerSummary } from './shared/trigger-form';
import type { TenantTrigger } from './triggers.graphql';

/** The API lists at most this many triggers tenant-wide. */
export const TENANT_TRIGGERS_LIMIT = 100;

/** `/triggers`: every trigger of the workspace with its flow, state and next fire time. */
@Component({
  selector: 'sl-triggers-page',
  imports: [RouterLink, EmptyStateComponent],
  providers: [TriggersListState, TriggersListController],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './triggers.page.html',
})
export class TriggersPage {
  protected readonly state = inject(TriggersListState);
  protected readonly controller = inject(TriggersListController);
  private readonly store = inject(AuthStore);
  protected readonly kinds = TRIGGER_KINDS;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly summary = triggerSummary;
  protected readonly relativeTime = relativeTime;
  protected readonly fullDateTime = fullDateTime;
  protected readonly limit = TENANT_TRIGGERS_LIMIT;

  constructor() {
    // Reload when the workspace changes (a switch keeps this page open).
    effect(() => {
      this.store.tenant();
      untracked(() => this.controller.reload());
    });
  }

  protected onKind(value: string): void {
    this.controller.setKind(isTriggerKind(value) ? value : null);
  }

  protected kindLabel(kind: string): string {
    return isTriggerKind(kind) ? KIND_LABELS[kind] : kind;
  }

  protected nextFire(trigger: TenantTrigger): string | null {
    const next = trigger.nextFireTimes[0];
    if (!next) return null;
    const zone = (trigger.config as { timezone?: unknown } | null)?.timezone;
    return fireTimeText(next, typeof zone === 'string' ? zone : 'UTC');
  }
}
