import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  output,
  viewChild,
} from '@angular/core';
import { Router } from '@angular/router';
import { AuthStore } from '../../../core/auth/auth.store';
import type { StartedRun } from '../runs.graphql';
import { RunStartController } from './run-start.controller';
import { RunStartState, type RunVersionChoice, type RunnableFlow } from './run-start.state';

/**
 * "Run" for one flow: a dialog with the version (published or draft, a "test run") and the input
 * as JSON, prefilled from the version's input schema; starting opens the run's page. Hidden from
 * roles that may not start runs and for archived flows. Reusable: the flows list places it on each
 * row, the flow editor can place it in its toolbar (`[navigate]="false"` + `(started)` to stay).
 */
@Component({
  selector: 'sl-run-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [RunStartState, RunStartController],
  host: { class: 'run-button' },
  template: `
    @if (visible()) {
      <button
        type="button"
        class="button button--small"
        data-testid="run-button"
        [attr.aria-label]="'Run ' + flow().name"
        (click)="controller.open(flow())"
      >
        <svg class="run-button__icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M8 5v14l11-7z" /></svg>
        Run
      </button>
    }
    @if (state.open()) {
      <!-- A native modal dialog: the top layer escapes the list row's stacking and opacity. -->
      <dialog
        #dialog
        class="run-dialog"
        aria-labelledby="run-dialog-title"
        data-testid="run-dialog"
        (cancel)="$event.preventDefault(); controller.close()"
        (click)="onDialogClick($event)"
      >
        <form (submit)="$event.preventDefault(); start()">
          <h2 class="run-dialog__title" id="run-dialog-title">Run {{ flow().name }}</h2>
          @if (versions().length > 1) {
            <fieldset class="run-dialog__versions">
              <legend class="field__label">Version</legend>
              @for (version of versions(); track version) {
                <label class="run-dialog__version">
                  <input
                    type="radio"
                    name="run-version"
                    data-testid="run-version-option"
                    [value]="version"
                    [checked]="state.version() === version"
                    (change)="controller.chooseVersion(flow(), version)"
                  />
                  {{ versionLabel(version) }}
                </label>
              }
            </fieldset>
          } @else {
            <p class="muted" data-testid="run-version-only">{{ versionLabel(state.version()) }}</p>
          }
          <div class="field">
            <label class="field__label" for="run-input">
              Input (JSON)
              @if (state.loadingSchema()) {
                <span class="muted" role="status">· reading the input schema…</span>
              }
            </label>
            <textarea
              #inputBox
              id="run-input"
              class="field__input run-dialog__input mono"
              rows="10"
              spellcheck="false"
              data-testid="run-input"
              [value]="state.text()"
              [attr.aria-invalid]="state.inputError() !== null"
              aria-describedby="run-input-hint"
              (input)="controller.type($any($event.target).value)"
            ></textarea>
            <p
              id="run-input-hint"
              [class]="state.inputError() ? 'field__error' : 'muted run-dialog__hint'"
              data-testid="run-input-hint"
            >
              {{ state.inputError() ?? 'Checked against the flow’s input schema when the run starts.' }}
            </p>
          </div>
          @if (state.error(); as message) {
            <p class="alert" role="alert" data-testid="run-start-error">{{ message }}</p>
          }
          <div class="run-dialog__actions">
            <button type="button" class="button" (click)="controller.close()">Cancel</button>
            <button
              type="submit"
              class="button button--primary"
              data-testid="run-start"
              [disabled]="state.inputError() !== null || state.starting()"
            >
              {{
                state.starting() ? 'Starting…' : state.version() === 'draft' ? 'Start test run' : 'Start run'
              }}
            </button>
          </div>
        </form>
      </dialog>
    }
  `,
  styles: `
    :host {
      display: inline-block;
    }
    .run-button__icon {
      width: 12px;
      height: 12px;
      fill: currentColor;
    }
    .run-dialog {
      width: min(560px, calc(100vw - 32px));
      max-height: 80vh;
      padding: 0;
      border: 0;
      border-radius: var(--sl-radius-lg);
      background: var(--sl-color-surface);
      color: var(--sl-color-text);
      box-shadow: 0 12px 40px rgb(15 18 26 / 25%);
      text-align: left;
    }
    .run-dialog::backdrop {
      background: rgb(15 18 26 / 40%);
    }
    .run-dialog form {
      padding: var(--sl-space-5);
    }
    .run-dialog__title {
      margin: 0 0 var(--sl-space-4);
      font-size: 1.125rem;
      font-weight: 600;
    }
    .run-dialog__versions {
      display: flex;
      gap: var(--sl-space-4);
      margin: 0 0 var(--sl-space-4);
      padding: 0;
      border: 0;
    }
    .run-dialog__version {
      display: inline-flex;
      align-items: center;
      gap: var(--sl-space-1);
    }
    .run-dialog__input {
      width: 100%;
      resize: vertical;
    }
    .run-dialog__hint {
      margin: 0;
      font-size: 0.8125rem;
    }
    .run-dialog__actions {
      display: flex;
      justify-content: flex-end;
      gap: var(--sl-space-2);
      margin-top: var(--sl-space-4);
    }
  `,
})
export class RunButtonComponent {
  readonly flow = input.required<RunnableFlow>();
  /** Open the run's page once started (the default); off where the caller follows the run itself. */
  readonly navigate = input(true);
  readonly started = output<StartedRun>();

  protected readonly state = inject(RunStartState);
  protected readonly controller = inject(RunStartController);
  private readonly store = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly inputBox = viewChild<ElementRef<HTMLTextAreaElement>>('inputBox');
  private readonly dialog = viewChild<ElementRef<HTMLDialogElement>>('dialog');

  protected readonly visible = computed(
    () => this.store.can('start', 'Run') && this.flow().archivedAt === null,
  );
  protected readonly versions = computed(() => this.controller.versionsOf(this.flow()));

  constructor() {
    // Shown as a modal when it renders (jsdom has no showModal: there it is simply open), with the
    // JSON box focused so typing starts there.
    effect(() => {
      const dialog = this.dialog()?.nativeElement;
      if (!dialog || dialog.open) return;
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
      this.inputBox()?.nativeElement.focus();
    });
  }

  /** A click on the dialog element itself (not its form) is a click on the backdrop. */
  protected onDialogClick(event: MouseEvent): void {
    if (event.target === this.dialog()?.nativeElement) this.controller.close();
  }

  protected versionLabel(version: RunVersionChoice): string {
    return version === 'published'
      ? `Published version v${this.flow().publishedVersion}`
      : 'Draft — a test run of the unpublished changes';
  }

  protected async start(): Promise<void> {
    const run = await this.controller.start(this.flow());
    if (!run) return;
    this.started.emit(run);
    if (this.navigate()) await this.router.navigate(['/runs', run.id]);
  }
}
