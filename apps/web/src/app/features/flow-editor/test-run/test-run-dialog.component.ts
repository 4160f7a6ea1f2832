import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { initialInputText, parseRunInput } from '../../runs/run-button/run-input';
import { FlowEditorState } from '../state/flow-editor.state';

/**
 * The test run's sample input: JSON prefilled from the draft's input schema (defaults and
 * examples, else an empty value of each type — the runs feature's `initialInputText`), checked
 * as JSON while typed; the API checks it against the schema on start.
 */
@Component({
  selector: 'sl-test-run-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'dialog',
    role: 'dialog',
    'aria-modal': 'true',
    'aria-labelledby': 'test-run-title',
    'data-testid': 'test-run-dialog',
    '(keydown.escape)': 'closed.emit()',
  },
  template: `
    <form class="dialog__box" (submit)="$event.preventDefault(); submit()">
      <h2 id="test-run-title" class="dialog__title">Test run of the draft</h2>
      <label class="dialog__label" for="test-run-input">Input (JSON)</label>
      <textarea
        id="test-run-input"
        class="field__input mono"
        rows="10"
        spellcheck="false"
        data-testid="test-run-input"
        [value]="text()"
        (input)="text.set($any($event.target).value)"
        [attr.aria-invalid]="parsed().ok ? null : 'true'"
        autofocus
      ></textarea>
      @if (!parsed().ok) {
        <p class="field__error" role="alert" data-testid="test-run-input-error">{{ parseError() }}</p>
      }
      @if (error(); as message) {
        <p class="field__error" role="alert" data-testid="test-run-error">{{ message }}</p>
      }
      <div class="dialog__actions">
        <button type="button" class="button" (click)="closed.emit()">Cancel</button>
        <button
          type="submit"
          class="button button--primary"
          [disabled]="!parsed().ok || busy()"
          data-testid="test-run-start"
        >
          {{ busy() ? 'Starting…' : 'Run the draft' }}
        </button>
      </div>
    </form>
  `,
})
export class TestRunDialogComponent {
  private readonly state = inject(FlowEditorState);
  readonly busy = input(false);
  readonly error = input<string | null>(null);
  readonly started = output<unknown>();
  readonly closed = output();

  protected readonly text = signal(initialInputText(this.state.draft()));
  protected readonly parsed = computed(() => parseRunInput(this.text()));
  protected readonly parseError = computed(() => {
    const parsed = this.parsed();
    return parsed.ok ? null : parsed.message;
  });

  protected submit(): void {
    const parsed = this.parsed();
    if (parsed.ok && !this.busy()) this.started.emit(parsed.value);
  }
}
