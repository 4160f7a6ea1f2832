import { signal } from '@angular/core';
import type { GraphView } from '../model/graph-view';
import {
  GROW_BUDGET,
  contains,
  cull,
  grow,
  worldRectOf,
  type Rect,
  type Size,
  type Viewport,
} from '../model/viewport-culling';

export interface CullerSources {
  readonly view: () => GraphView;
  /** The canvas transform now, or undefined before the canvas exists. */
  readonly viewport: () => Viewport | undefined;
  readonly size: () => Size;
  readonly pinned: () => ReadonlySet<string>;
}

/** How far around the view steps are drawn ahead (of the view's size, each side). */
const AHEAD = 0.5;
/** Drawn steps stay drawn until they are this far out of view (of the view's size, each side)… */
const KEEP = 1.5;
/**
 * …and are only let go once the view has rested this long: destroying nodes mid-gesture (and
 * drawing them again on the way back) made a zoom's frames 5× slower than drawing nothing new.
 */
const PRUNE_AFTER_MS = 1000;
const EVERYWHERE: Rect = { x: -1e12, y: -1e12, width: 2e12, height: 2e12 };

/**
 * Keeps the set of drawn steps in line with the viewport: at most once per frame, when the view
 * leaves the area drawn ahead (a pan or zoom), when the graph changes, or while steps are still
 * streaming in. Pure decisions are in `model/viewport-culling.ts`.
 */
export class CanvasCuller {
  private readonly _drawn = signal<ReadonlySet<string>>(new Set());
  readonly drawn = this._drawn.asReadonly();
  private area: Rect | null = null;
  private pending = 0;
  private force = false;
  private frame: number | null = null;
  private pruning: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly sources: CullerSources) {}

  /** The first set, drawn in one go: everything a host of `size` shows at `viewport`. */
  start(viewport: Viewport, size: Size): void {
    const rect = worldRectOf(viewport, size);
    this.area = rect;
    const result = cull({
      view: this.sources.view(),
      area: rect,
      keepArea: rect,
      drawn: new Set(),
      pinned: new Set(),
      budget: Number.POSITIVE_INFINITY,
    });
    this._drawn.set(result.drawn);
    this.pending = 0;
    // Then the area around it, streamed in over the next frames.
    this.schedule(true);
  }

  /** Re-checks on the next frame; `force` when the graph itself changed. */
  schedule(force = false): void {
    this.force ||= force;
    if (this.pruning !== null) clearTimeout(this.pruning);
    this.pruning = setTimeout(() => this.prune(), PRUNE_AFTER_MS);
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.refresh();
    });
  }

  dispose(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    if (this.pruning !== null) clearTimeout(this.pruning);
    this.frame = null;
    this.pruning = null;
  }

  /** At rest: let go of the steps far out of view. */
  private prune(): void {
    this.pruning = null;
    const viewport = this.sources.viewport();
    if (!viewport) return;
    const rect = worldRectOf(viewport, this.sources.size());
    const drawn = this._drawn();
    const result = cull({
      view: this.sources.view(),
      area: grow(rect, AHEAD),
      keepArea: grow(rect, KEEP),
      drawn,
      pinned: this.sources.pinned(),
      budget: 0,
    });
    if (result.drawn.size !== drawn.size) this._drawn.set(result.drawn);
  }

  private refresh(): void {
    const viewport = this.sources.viewport();
    if (!viewport) return;
    const rect = worldRectOf(viewport, this.sources.size());
    const stale =
      this.force ||
      this.pending > 0 ||
      this.area === null ||
      !contains(this.area, rect) ||
      // zoomed far in since: drop what is far out of view
      this.area.width > rect.width * 6;
    this.force = false;
    if (!stale) return;
    this.area = grow(rect, AHEAD);
    const drawn = this._drawn();
    const result = cull({
      view: this.sources.view(),
      area: this.area,
      keepArea: EVERYWHERE, // nothing is let go while moving: see prune()
      drawn,
      pinned: this.sources.pinned(),
      // Foblex's cost per batch grows with what is drawn already: batches grow with it (×1.5 per
      // frame), so zooming out over 2,000 steps takes ~10 frames instead of ~70.
      budget: Math.max(GROW_BUDGET, Math.ceil(drawn.size / 2)),
    });
    if (result.drawn.size !== drawn.size || [...result.drawn].some((id) => !drawn.has(id)))
      this._drawn.set(result.drawn);
    this.pending = result.pending;
    if (this.pending > 0) this.schedule();
  }
}
