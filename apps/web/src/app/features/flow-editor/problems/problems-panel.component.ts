import { ChangeDetectionStrategy, Component, inject, output } from '@angular/core';
import { FlowEditorController } from '../controller/flow-editor.controller';
import type { PlacedProblem } from '../model/problem-locator';
import { FlowEditorState } from '../state/flow-editor.state';

/** Every problem of the draft (live, from the shared validator); a click selects its step. */
@Component({
  selector: 'sl-problems-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'problems', 'data-testid': 'problems-panel' },
  template: `
    @if (problems().length === 0) {
      <p class="problems__ok" data-testid="problems-none">No problems: the draft can be published.</p>
    } @else {
      <ul class="problems__list">
        @for (p of problems(); track $index) {
          <li>
            <button
              type="button"
              class="problems__item"
              data-testid="problem-item"
              (click)="choose(p)"
              [disabled]="!p.stepId"
            >
              <span class="problems__where mono">{{ p.stepId ?? 'flow' }}</span>
              <span>{{ p.message }}</span>
            </button>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    :host {
      display: block;
      padding: var(--sl-space-3) var(--sl-space-4);
      overflow: auto;
    }
    .problems__ok {
      margin: 0;
      color: var(--sl-color-success);
    }
    .problems__list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .problems__item {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      width: 100%;
      gap: 2px;
      padding: 6px 8px;
      text-align: left;
      font: inherit;
      font-size: 0.8rem;
      background: var(--sl-color-danger-soft);
      border: 1px solid transparent;
      border-radius: var(--sl-radius-md);
      cursor: pointer;
      color: var(--sl-color-text);
      &:hover:not(:disabled) {
        border-color: var(--sl-color-danger);
      }
      &:disabled {
        cursor: default;
      }
    }
    .problems__where {
      font-size: 0.7rem;
      color: var(--sl-color-danger);
    }
  `,
})
export class ProblemsPanelComponent {
  private readonly state = inject(FlowEditorState);
  private readonly controller = inject(FlowEditorController);
  /** The step chosen, so the page can center the canvas on it. */
  readonly stepChosen = output<string>();
  protected readonly problems = this.state.problems;

  protected choose(problem: PlacedProblem): void {
    if (!problem.stepId) return;
    this.controller.revealStep(problem.stepId);
    this.stepChosen.emit(problem.stepId);
  }
}
