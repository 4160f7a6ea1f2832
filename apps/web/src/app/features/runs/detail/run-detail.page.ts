import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { ConfirmButtonComponent } from '../../admin/shared/confirm-button.component';
import { RunApprovalsComponent } from '../../approvals/run-approvals.component';
import { fullDateTime, relativeTime } from '../../../shared/relative-time';
import { StatusBadgeComponent } from '../shared/status-badge.component';
import {
  formatDuration,
  prettyJson,
  runActions,
  runDurationMs,
  runErrorOf,
  triggerLabel,
} from '../shared/run-status';
import { tickingClock } from '../shared/ticking-clock';
import { RunFollower } from '../shared/run-follower';
import { RunDetailController } from './run-detail.controller';
import { RunDetailState } from './run-detail.state';
import { RunTimelineComponent } from './run-timeline.component';
import { RunWaitingForComponent } from './run-waiting-for.component';
import { StepPanelComponent } from './step-panel.component';

/**
 * One run: what started it and how it ended, its steps on a timeline (live while it runs), a
 * step's input, output and logs, and — for roles that may — cancel, retry and resume.
 */
@Component({
  selector: 'sl-run-detail-page',
  imports: [
    RouterLink,
    ConfirmButtonComponent,
    StatusBadgeComponent,
    RunTimelineComponent,
    StepPanelComponent,
    RunApprovalsComponent,
    RunWaitingForComponent,
  ],
  providers: [RunFollower, RunDetailState, RunDetailController],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './run-detail.page.html',
  styleUrl: './run-detail.page.scss',
})
export class RunDetailPage {
  /** The run id, from the route. */
  readonly id = input.required<string>();

  protected readonly state = inject(RunDetailState);
  protected readonly controller = inject(RunDetailController);
  protected readonly now = tickingClock(() => this.state.run() !== null && !this.state.finished());

  protected readonly error = computed(() => runErrorOf(this.state.run()?.error));
  protected readonly actions = computed(() => {
    const run = this.state.run();
    const status = this.state.status();
    if (!run || status === null) return { cancel: false, retry: false, resume: false };
    return runActions({ ...run, status }, this.controller.permissions());
  });
  protected readonly hasActions = computed(() => {
    const { cancel, retry, resume } = this.actions();
    return cancel || retry || resume;
  });
  protected readonly duration = computed(() => {
    const run = this.state.run();
    return run ? formatDuration(runDurationMs(run, this.now())) : '—';
  });

  protected readonly triggerLabel = triggerLabel;
  protected readonly fullDateTime = fullDateTime;
  protected readonly relativeTime = relativeTime;
  protected readonly prettyJson = prettyJson;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.controller.open(id));
    });
  }
}
