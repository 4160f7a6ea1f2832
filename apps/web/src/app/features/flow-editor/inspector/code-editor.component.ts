import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import type { EditorView } from '@codemirror/view';

/**
 * CodeMirror 6 for the code step's JavaScript, loaded on first use so the editor's initial bundle
 * stays small. Until it has loaded (or if it fails to), a plain text area edits the same value.
 */
@Component({
  selector: 'sl-code-editor',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div #host class="code" [class.is-hidden]="!ready()" data-testid="code-editor"></div>
    @if (!ready()) {
      <textarea
        class="field__input code__fallback"
        rows="8"
        spellcheck="false"
        [value]="value()"
        [disabled]="readOnly()"
        [attr.aria-label]="label()"
        (input)="valueChange.emit($any($event.target).value)"
      ></textarea>
    }
  `,
  styles: `
    .code {
      border: 1px solid var(--sl-color-border-strong);
      border-radius: var(--sl-radius-md);
      overflow: hidden;
      font-size: 0.8rem;
    }
    .code.is-hidden {
      display: none;
    }
    .code__fallback {
      width: 100%;
      font-family: var(--sl-font-mono);
    }
  `,
})
export class CodeEditorComponent {
  readonly value = input.required<string>();
  readonly readOnly = input(false);
  readonly label = input('Code');
  readonly valueChange = output<string>();
  protected readonly ready = signal(false);
  private readonly host = viewChild.required<ElementRef<HTMLElement>>('host');
  private view: EditorView | undefined;

  constructor() {
    afterNextRender(() => void this.load());
    inject(DestroyRef).onDestroy(() => this.view?.destroy());
    // A value changed elsewhere (undo, another step selected) replaces the document.
    effect(() => {
      const value = this.value();
      const view = this.view;
      untracked(() => {
        if (view && view.state.doc.toString() !== value) {
          view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
        }
      });
    });
  }

  private async load(): Promise<void> {
    try {
      const [{ EditorView, basicSetup }, { EditorState }, { javascript }] = await Promise.all([
        import('codemirror'),
        import('@codemirror/state'),
        import('@codemirror/lang-javascript'),
      ]);
      this.view = new EditorView({
        parent: this.host().nativeElement,
        state: EditorState.create({
          doc: this.value(),
          extensions: [
            basicSetup,
            javascript(),
            EditorState.readOnly.of(this.readOnly()),
            EditorView.contentAttributes.of({ 'aria-label': this.label() }),
            EditorView.updateListener.of((update) => {
              if (update.docChanged) this.valueChange.emit(update.state.doc.toString());
            }),
          ],
        }),
      });
      this.ready.set(true);
    } catch {
      // The text area stays; nothing is lost.
    }
  }
}
