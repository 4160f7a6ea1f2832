import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { FlowEditorState } from '../../state/flow-editor.state';
import { TEST_RUNNER } from '../../test-run/test-run.seam';
import { PREVIEW_DEBOUNCE_MS, previewExpression, type ExpressionPreview } from './expression-preview';
import { suggestExpressions, type Suggestion } from './expression-suggestions';

let nextId = 0;

/**
 * A text field for JSONata expressions and `{{ }}` templates that suggests what is in scope at
 * the cursor (↑/↓ to move, Enter or Tab to accept, Esc to close). Scope comes from the shared
 * domain rule, so a suggestion is never something the validator would then refuse.
 */
@Component({
  selector: 'sl-expression-input',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="expr">
      @if (multiline()) {
        <textarea
          #field
          class="field__input expr__input"
          rows="3"
          spellcheck="false"
          role="combobox"
          aria-autocomplete="list"
          [attr.aria-expanded]="open()"
          [attr.aria-controls]="listId"
          [attr.aria-activedescendant]="open() ? listId + '-' + active() : null"
          [attr.id]="inputId()"
          [attr.data-testid]="testId()"
          [value]="value()"
          [disabled]="readOnly()"
          (input)="onInput()"
          (keydown)="onKeydown($event)"
          (click)="refresh()"
          (focus)="focused.set(true)"
          (blur)="onBlur()"
        ></textarea>
      } @else {
        <input
          #field
          class="field__input expr__input"
          type="text"
          spellcheck="false"
          autocomplete="off"
          role="combobox"
          aria-autocomplete="list"
          [attr.aria-expanded]="open()"
          [attr.aria-controls]="listId"
          [attr.aria-activedescendant]="open() ? listId + '-' + active() : null"
          [attr.id]="inputId()"
          [attr.data-testid]="testId()"
          [value]="value()"
          [disabled]="readOnly()"
          (input)="onInput()"
          (keydown)="onKeydown($event)"
          (click)="refresh()"
          (focus)="focused.set(true)"
          (blur)="onBlur()"
        />
      }
      @if (open()) {
        <ul class="expr__list" role="listbox" [id]="listId" data-testid="expression-suggestions">
          @for (s of suggestions(); track s.label; let i = $index) {
            <li
              role="option"
              [id]="listId + '-' + i"
              [attr.aria-selected]="i === active()"
              [class.is-active]="i === active()"
              (mousedown)="$event.preventDefault(); accept(s)"
            >
              <span class="mono">{{ s.label }}</span><span class="expr__detail">{{ s.detail }}</span>
            </li>
          }
        </ul>
      }
      <span class="expr__hint">{{ hint() }}</span>
      @if (focused()) {
        <div class="expr__preview" data-testid="expression-preview" aria-live="polite">
          @if (!hasRun()) {
            <span class="expr__preview-empty">Run a test to preview</span>
          } @else if (previewValue(); as text) {
            <pre class="expr__preview-value" data-testid="expression-preview-value">{{ text }}</pre>
          } @else if (previewError(); as failure) {
            <span class="expr__preview-error" data-testid="expression-preview-error"
              ><span class="mono">{{ failure.code }}</span> {{ failure.message }}</span
            >
          }
        </div>
      }
    </div>
  `,
  styles: `
    .expr {
      position: relative;
    }
    .expr__input {
      width: 100%;
      font-family: var(--sl-font-mono);
      font-size: 0.8rem;
    }
    .expr__hint {
      font-size: 0.7rem;
      color: var(--sl-color-text-muted);
    }
    .expr__preview {
      margin-top: 2px;
      font-size: 0.7rem;
      color: var(--sl-color-text-muted);
    }
    .expr__preview-value {
      margin: 0;
      max-height: 8em;
      overflow: hidden;
      white-space: pre-wrap;
      word-break: break-all;
      font-family: var(--sl-font-mono);
    }
    .expr__preview-error {
      font-style: italic;
    }
    .expr__list {
      position: absolute;
      z-index: 20;
      left: 0;
      right: 0;
      margin: 2px 0 0;
      padding: 4px 0;
      list-style: none;
      max-height: 200px;
      overflow: auto;
      background: var(--sl-color-surface);
      border: 1px solid var(--sl-color-border-strong);
      border-radius: var(--sl-radius-md);
      box-shadow: 0 8px 24px rgb(16 24 40 / 12%);
      li {
        display: flex;
        justify-content: space-between;
        gap: 8px;
        padding: 3px 8px;
        cursor: pointer;
      }
      li.is-active,
      li:hover {
        background: var(--sl-color-accent-soft);
      }
    }
    .expr__detail {
      color: var(--sl-color-text-muted);
      font-size: 0.75rem;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
  `,
})
export class ExpressionInputComponent {
  private readonly state = inject(FlowEditorState);
  /** The last test run's outputs feed `steps.<id>.output.…` suggestions. */
  private readonly testRunner = inject(TEST_RUNNER);
  readonly value = input.required<string>();
  readonly kind = input<'expression' | 'template'>('template');
  readonly multiline = input(false);
  readonly readOnly = input(false);
  /** The step whose field this is (its upstream steps are in scope). */
  readonly stepId = input<string | undefined>(undefined);
  readonly inputId = input<string | undefined>(undefined);
  readonly testId = input<string | undefined>(undefined);
  readonly valueChange = output<string>();

  protected readonly listId = `expr-list-${nextId++}`;
  private readonly field = viewChild<ElementRef<HTMLInputElement | HTMLTextAreaElement>>('field');
  protected readonly suggestions = signal<readonly Suggestion[]>([]);
  protected readonly active = signal(0);
  private replaceLength = 0;
  protected readonly open = computed(() => this.suggestions().length > 0);
  protected readonly hint = computed(() =>
    this.kind() === 'template' ? 'Text; {{ expression }} inserts a value' : 'JSONata expression',
  );

  /** Only the focused field is previewed: evaluating every field on each keystroke is waste. */
  protected readonly focused = signal(false);
  protected readonly preview = signal<ExpressionPreview | null>(null);
  protected readonly previewValue = computed(() => {
    const preview = this.preview();
    return preview?.kind === 'value' ? preview.text : null;
  });
  protected readonly previewError = computed(() => {
    const preview = this.preview();
    return preview?.kind === 'error' ? preview : null;
  });
  protected readonly hasRun = computed(() => (this.testRunner?.last() ?? null) !== null);
  /** Drops answers of evaluations that a newer one replaced. */
  private generation = 0;

  constructor() {
    effect((onCleanup) => {
      const source = this.value();
      const kind = this.kind();
      const view = this.testRunner?.last() ?? null;
      const definition = this.state.draft();
      if (!this.focused() || view === null) return;
      const generation = ++this.generation;
      const timer = setTimeout(() => {
        void previewExpression(source, kind, view, definition).then((preview) => {
          if (generation === this.generation) this.preview.set(preview);
        });
      }, PREVIEW_DEBOUNCE_MS);
      onCleanup(() => clearTimeout(timer));
    });
  }

  protected onBlur(): void {
    this.focused.set(false);
    this.close();
  }

  protected onInput(): void {
    const element = this.field()?.nativeElement;
    if (!element) return;
    this.valueChange.emit(element.value);
    this.refresh();
  }

  protected refresh(): void {
    const element = this.field()?.nativeElement;
    if (!element || this.readOnly()) return;
    const result = suggestExpressions({
      definition: this.state.draft(),
      stepId: this.stepId(),
      textBeforeCursor: element.value.slice(0, element.selectionStart ?? element.value.length),
      kind: this.kind(),
      lastOutputs: this.testRunner?.last()?.lastOutputs,
      lastInput: this.testRunner?.last()?.input,
      secretNames: this.state.secretNames(),
    });
    this.replaceLength = result?.replaceLength ?? 0;
    this.suggestions.set(result?.suggestions.slice(0, 50) ?? []);
    this.active.set(0);
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (!this.open()) {
      if (event.key === ' ' && event.ctrlKey) {
        event.preventDefault();
        this.refresh();
      }
      return;
    }
    const count = this.suggestions().length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      this.active.update((i) => (i + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      const chosen = this.suggestions()[this.active()];
      if (chosen) {
        event.preventDefault();
        this.accept(chosen);
      }
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.close();
    }
  }

  protected accept(suggestion: Suggestion): void {
    const element = this.field()?.nativeElement;
    if (!element) return;
    const cursor = element.selectionStart ?? element.value.length;
    const start = cursor - this.replaceLength;
    const next = `${element.value.slice(0, start)}${suggestion.label}${element.value.slice(cursor)}`;
    element.value = next;
    const caret = start + suggestion.label.length;
    element.setSelectionRange(caret, caret);
    this.valueChange.emit(next);
    this.refresh();
  }

  protected close(): void {
    this.suggestions.set([]);
  }
}
