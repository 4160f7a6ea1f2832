import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';
import { AuthStore } from '../../../core/auth/auth.store';
import { fullDateTime, relativeTime } from '../../../shared/relative-time';
import { ConfirmButtonComponent } from '../../admin/shared/confirm-button.component';
import { KIND_LABELS, TRIGGER_KINDS, triggerSummary, type TriggerForm } from '../shared/trigger-form';
import type { Trigger } from '../triggers.graphql';
import { SchedulePreviewController } from './schedule-preview.controller';
import { fireTimeText } from './schedule-fields.component';
import { TriggerEditorComponent } from './trigger-editor.component';
import { TriggersPanelController } from './triggers-panel.controller';
import { TriggersPanelState } from './triggers-panel.state';
import { WebhookUrlPanelComponent } from './webhook-url-panel.component';

/**
 * The flow editor's Triggers tab: the flow's webhook, schedule and event triggers, with create,
 * edit, enable/disable, rotate (webhooks) and delete for roles that may manage triggers.
 */
@Component({
  selector: 'sl-triggers-panel',
  imports: [ConfirmButtonComponent, TriggerEditorComponent, WebhookUrlPanelComponent],
  providers: [TriggersPanelState, TriggersPanelController, SchedulePreviewController],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './triggers-panel.component.html',
  styleUrl: './triggers-panel.component.scss',
})
export class TriggersPanelComponent {
  readonly flowId = input.required<string>();
  /** The flow's published version (null: none yet — triggers then answer without starting runs). */
  readonly publishedVersion = input<number | null>(null);
  readonly latestVersion = input<number | null>(null);
  /** A trigger to scroll to and outline (from the Triggers page's link). */
  readonly highlight = input<string | null>(null);

  protected readonly state = inject(TriggersPanelState);
  protected readonly controller = inject(TriggersPanelController);
  private readonly store = inject(AuthStore);
  protected readonly mayCreate = computed(() => this.store.can('create', 'Trigger'));
  protected readonly mayUpdate = computed(() => this.store.can('update', 'Trigger'));
  protected readonly mayDelete = computed(() => this.store.can('delete', 'Trigger'));
  protected readonly kinds = TRIGGER_KINDS;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly summary = triggerSummary;
  protected readonly relativeTime = relativeTime;
  protected readonly fullDateTime = fullDateTime;
  protected readonly fireTimeText = fireTimeText;

  constructor() {
    effect(() => {
      const flowId = this.flowId();
      untracked(() => this.controller.open(flowId));
    });
    effect(() => {
      const id = this.highlight();
      if (!id || this.state.load() !== 'ready') return;
      requestAnimationFrame(() =>
        document.querySelector(`[data-trigger-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest' }),
      );
    });
  }

  protected kindLabel(kind: string): string {
    return (KIND_LABELS as Record<string, string>)[kind] ?? kind;
  }

  /** A cron schedule's own zone (its times read as the user wrote them); UTC for intervals. */
  protected zoneOf(trigger: Trigger): string {
    const zone = (trigger.config as { timezone?: unknown } | null)?.timezone;
    return typeof zone === 'string' ? zone : 'UTC';
  }

  protected webhookPath(trigger: Trigger): string {
    return trigger.tokenPrefix ? `/hooks/${trigger.tokenPrefix}…` : '/hooks/…';
  }

  protected isBusy(trigger: Trigger): boolean {
    return this.state.busy.has(trigger.id);
  }

  protected onSaved(form: TriggerForm): void {
    this.controller.save(form);
  }
}
