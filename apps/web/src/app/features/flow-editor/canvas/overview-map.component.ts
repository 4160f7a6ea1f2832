import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import type { StepPosition } from '@stepline/domain';
import type { GraphView } from '../model/graph-view';
import { boundsOf, grow, nodeBox, worldRectOf, type Size, type Viewport } from '../model/viewport-culling';

/**
 * The minimap of a culled graph. Foblex's minimap draws the nodes Foblex knows, which for a culled
 * graph are only those near the view; this one draws every step from the definition's positions
 * (one SVG, redrawn only when the graph changes) and the view's outline (moved on pan and zoom).
 * Pressing or dragging on it centres the view there.
 */
@Component({
  selector: 'sl-overview-map',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg
      [attr.viewBox]="box().x + ' ' + box().y + ' ' + box().width + ' ' + box().height"
      preserveAspectRatio="xMidYMid meet"
      (pointerdown)="onPointerDown($event)"
      (pointermove)="onPointerMove($event)"
      (pointerup)="dragging = false"
    >
      <path class="overview__nodes" [attr.d]="nodesPath()" />
      @if (outline(); as o) {
        <rect
          class="overview__view"
          [attr.x]="o.x"
          [attr.y]="o.y"
          [attr.width]="o.width"
          [attr.height]="o.height"
          vector-effect="non-scaling-stroke"
        />
      }
    </svg>
  `,
  styles: `
    :host {
      display: block;
    }
    svg {
      display: block;
      width: 100%;
      height: 100%;
      cursor: pointer;
    }
    .overview__nodes {
      fill: var(--sl-color-text-muted);
      opacity: 0.55;
    }
    .overview__view {
      fill: var(--sl-color-accent-soft);
      fill-opacity: 0.45;
      stroke: var(--sl-color-accent);
      stroke-width: 1.5;
    }
  `,
  host: { 'data-testid': 'overview-map', role: 'img', 'aria-label': 'Minimap of the whole flow' },
})
export class OverviewMapComponent {
  readonly view = input.required<GraphView>();
  /** World point to centre the view on. */
  readonly centre = output<StepPosition>();
  private readonly viewport = signal<{ viewport: Viewport; size: Size } | null>(null);
  protected dragging = false;

  private readonly bounds = computed(() => grow(boundsOf(this.view()), 0.05));
  /** Every step as one path: a single element however large the graph. */
  protected readonly nodesPath = computed(() =>
    this.view()
      .nodes.map((n) => {
        const b = nodeBox(n.position);
        return `M${b.x} ${b.y}h${b.width}v${b.height * 0.6}h${-b.width}z`;
      })
      .join(''),
  );
  protected readonly outline = computed(() => {
    const current = this.viewport();
    return current ? worldRectOf(current.viewport, current.size) : null;
  });
  /** The graph, widened to include the view when it is outside. */
  protected readonly box = computed(() => {
    const b = this.bounds();
    const o = this.outline();
    if (!o) return b;
    const x = Math.min(b.x, o.x);
    const y = Math.min(b.y, o.y);
    return {
      x,
      y,
      width: Math.max(b.x + b.width, o.x + o.width) - x,
      height: Math.max(b.y + b.height, o.y + o.height) - y,
    };
  });

  /** The canvas reports its transform here (only this component redraws on a pan frame). */
  track(viewport: Viewport, size: Size): void {
    this.viewport.set({ viewport, size });
  }

  protected onPointerDown(event: PointerEvent): void {
    this.dragging = true;
    (event.currentTarget as Element).setPointerCapture?.(event.pointerId);
    this.emitAt(event);
  }

  protected onPointerMove(event: PointerEvent): void {
    if (this.dragging) this.emitAt(event);
  }

  private emitAt(event: PointerEvent): void {
    const svg = event.currentTarget as SVGSVGElement;
    const matrix = svg.getScreenCTM?.()?.inverse();
    if (!matrix) return;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);
    this.centre.emit({ x: point.x, y: point.y });
  }
}
