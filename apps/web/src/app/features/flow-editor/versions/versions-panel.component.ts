import { ChangeDetectionStrategy, Component, OnInit, computed, inject } from '@angular/core';
import { AuthStore } from '../../../core/auth/auth.store';
import { fullDateTime, relativeTime } from '../../../shared/relative-time';
import { VersionsController } from '../controller/versions.controller';
import type { VersionSummary } from '../flow-editor.graphql';
import { FlowEditorState } from '../state/flow-editor.state';

/**
 * The flow's versions, newest first: open one read-only, see what a version changed on the canvas
 * (compared with the one before it, or with the draft), and roll back to it.
 */
@Component({
  selector: 'sl-versions-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'versions', 'data-testid': 'versions-panel' },
  template: `
    @if (controller.error(); as message) {
      <p class="alert alert--error" role="alert" data-testid="versions-error">{{ message }}</p>
    }
    <ul class="versions__list">
      @for (v of state.versions(); track v.number) {
        <li
          class="versions__item"
          [class.is-shown]="isShown(v)"
          data-testid="version-row"
          [attr.data-version]="v.number"
        >
          <div class="versions__head">
            <span class="versions__number">v{{ v.number }}</span>
            <span class="badge" [attr.data-status]="v.status">{{ v.status }}</span>
            <time
              class="versions__time"
              [attr.datetime]="v.publishedAt ?? v.createdAt"
              [attr.title]="exact(v)"
              >{{ when(v) }}</time
            >
          </div>
          @if (v.changeNote) {
            <p class="versions__note">{{ v.changeNote }}</p>
          }
          @if (v.status !== 'draft') {
            <div class="versions__actions">
              <button
                type="button"
                class="button button--small"
                (click)="controller.open(v.number)"
                data-testid="version-open"
              >
                Open
              </button>
              @if (v.number > 1) {
                <button
                  type="button"
                  class="button button--small"
                  (click)="controller.compare(v.number - 1, v.number)"
                  data-testid="version-changes"
                >
                  Changes
                </button>
              }
              <button
                type="button"
                class="button button--small"
                (click)="controller.compare(v.number, 'draft')"
                data-testid="version-compare-draft"
              >
                vs draft
              </button>
              @if (canPublish() && v.status === 'archived') {
                <button
                  type="button"
                  class="button button--small"
                  [disabled]="controller.busy()"
                  (click)="controller.rollback(v.number)"
                  data-testid="version-rollback"
                >
                  Roll back
                </button>
              }
            </div>
          }
        </li>
      } @empty {
        <li class="muted">No versions yet.</li>
      }
    </ul>
  `,
  styles: `
    :host {
      display: block;
      padding: var(--sl-space-3) var(--sl-space-4);
      overflow: auto;
    }
    .versions__list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: var(--sl-space-2);
    }
    .versions__item {
      padding: var(--sl-space-2);
      border: 1px solid var(--sl-color-border);
      border-radius: var(--sl-radius-md);
    }
    .versions__item.is-shown {
      border-color: var(--sl-color-accent);
      background: var(--sl-color-accent-soft);
    }
    .versions__head {
      display: flex;
      align-items: center;
      gap: var(--sl-space-2);
    }
    .versions__number {
      font-weight: 650;
    }
    .versions__time {
      margin-left: auto;
      font-size: 0.75rem;
      color: var(--sl-color-text-muted);
    }
    .versions__note {
      margin: 4px 0 0;
      font-size: 0.8rem;
    }
    .versions__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      margin-top: 6px;
    }
  `,
})
export class VersionsPanelComponent implements OnInit {
  protected readonly state = inject(FlowEditorState);
  protected readonly controller = inject(VersionsController);
  private readonly auth = inject(AuthStore);
  protected readonly canPublish = computed(() => this.auth.can('publish', 'Flow') && this.state.canEdit());

  ngOnInit(): void {
    void this.controller.loadVersions();
  }

  protected isShown(v: VersionSummary): boolean {
    const view = this.state.view();
    return (
      (view.mode === 'version' && view.number === v.number) || (view.mode === 'diff' && view.to === v.number)
    );
  }

  protected when(v: VersionSummary): string {
    return relativeTime(v.publishedAt ?? v.createdAt);
  }

  protected exact(v: VersionSummary): string {
    return fullDateTime(v.publishedAt ?? v.createdAt);
  }
}
