import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FExternalItem } from '@foblex/flow';
import { iconFor } from '../canvas/step-icons';
import { FlowEditorController } from '../controller/flow-editor.controller';
import { FlowEditorState } from '../state/flow-editor.state';

const CATEGORY_ORDER = ['core', 'flow', 'data', 'human', 'integration'];
const CATEGORY_TITLES: Record<string, string> = {
  core: 'Core',
  flow: 'Flow control',
  data: 'Data',
  human: 'Human',
  integration: 'Integrations',
};

/**
 * The step catalogue by category, as the API serves it. Drag an item onto the canvas, or press
 * it (click, Enter, Space) to add the step next to the others.
 */
@Component({
  selector: 'sl-palette',
  imports: [FExternalItem],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'palette', 'data-testid': 'palette' },
  template: `
    <label class="visually-hidden" for="palette-search">Filter steps</label>
    <input
      id="palette-search"
      class="field__input palette__search"
      type="search"
      placeholder="Filter steps"
      autocomplete="off"
      [value]="filter()"
      (input)="filter.set($any($event.target).value)"
    />
    @for (group of groups(); track group.category) {
      <section class="palette__group" [attr.aria-label]="group.title">
        <h3 class="palette__title">{{ group.title }}</h3>
        <ul class="palette__list">
          @for (item of group.items; track item.type) {
            <li>
              <button
                type="button"
                class="palette__item"
                fExternalItem
                [fData]="item.type"
                [attr.data-category]="group.category"
                [attr.data-testid]="'palette-item-' + item.type"
                [attr.title]="item.description"
                (click)="controller.addStep(item.type)"
              >
                <span class="palette__row">
                  <svg viewBox="0 0 24 24" aria-hidden="true">
                    <path [attr.d]="icon(item.type, group.category)" />
                  </svg>
                  <span>{{ item.title }}</span>
                </span>
              </button>
            </li>
          }
        </ul>
      </section>
    } @empty {
      <p class="muted palette__empty">No step matches.</p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: var(--sl-space-3);
      padding: var(--sl-space-3);
      overflow: auto;
    }
    .palette__search {
      width: 100%;
    }
    .palette__title {
      margin: 0 0 var(--sl-space-1);
      font-size: 0.7rem;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--sl-color-text-muted);
    }
    .palette__list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 2px;
    }
    .palette__row {
      display: flex;
      align-items: center;
      gap: var(--sl-space-2);
    }
    .palette__item {
      display: block;
      width: 100%;
      padding: 6px var(--sl-space-2);
      border: 1px solid transparent;
      border-radius: var(--sl-radius-md);
      background: none;
      font: inherit;
      text-align: left;
      cursor: grab;
      color: var(--sl-color-text);
      &:hover {
        background: var(--sl-color-hover);
        border-color: var(--sl-color-border);
      }
      svg {
        width: 16px;
        height: 16px;
        fill: none;
        stroke: currentColor;
        stroke-width: 1.8;
        stroke-linecap: round;
        stroke-linejoin: round;
        flex: none;
        color: var(--sl-color-text-muted);
      }
    }
    .palette__empty {
      margin: 0;
    }
  `,
})
export class PaletteComponent {
  private readonly state = inject(FlowEditorState);
  protected readonly controller = inject(FlowEditorController);
  protected readonly filter = signal('');

  protected readonly groups = computed(() => {
    const needle = this.filter().trim().toLowerCase();
    const items = this.state
      .catalogue()
      .filter(
        (t) => !needle || t.title.toLowerCase().includes(needle) || t.type.toLowerCase().includes(needle),
      );
    const categories = [...new Set(items.map((t) => t.category))].sort(
      (a, b) => rank(a) - rank(b) || a.localeCompare(b),
    );
    return categories.map((category) => ({
      category,
      title: CATEGORY_TITLES[category] ?? category,
      items: items.filter((t) => t.category === category),
    }));
  });

  protected icon(type: string, category: string): string {
    return iconFor(type, category);
  }
}

const rank = (category: string): number => {
  const i = CATEGORY_ORDER.indexOf(category);
  return i < 0 ? CATEGORY_ORDER.length : i;
};
