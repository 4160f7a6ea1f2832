import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  computed,
  effect,
  inject,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import {
  FCanvasChangeEvent,
  FCanvasComponent,
  FCreateConnectionEvent,
  FCreateNodeEvent,
  FFlowComponent,
  FFlowModule,
  FMoveNodesEvent,
  FSelectionChangeEvent,
  FZoomDirective,
} from '@foblex/flow';
import {
  locateStep,
  stepTypeRegistry,
  type GraphDiff,
  type GraphPath,
  type StepPosition,
} from '@stepline/domain';
import { FlowEditorController } from '../controller/flow-editor.controller';
import { TRIGGER_NODE_ID, connectionId } from '../model/connector-ids';
import { buildGraphView, type DiffMarks, type StepNodeView } from '../model/graph-view';
import {
  CULL_FROM_STEPS,
  READABLE_SCALE,
  boundsOf,
  centredOn,
  drawnPart,
  fitViewport,
  openingViewport,
  type Size,
  type Viewport,
} from '../model/viewport-culling';
import { FlowEditorState } from '../state/flow-editor.state';
import { TEST_RUNNER, type StepRunStatus } from '../test-run/test-run.seam';
import { CanvasCuller } from './canvas-culler';
import { OverviewMapComponent } from './overview-map.component';
import { TRIGGER_ICON, iconFor } from './step-icons';

/**
 * The canvas (@foblex/flow): the start node, a node per step with labelled ports, connections,
 * minimap, zoom/pan/fit, box selection (Shift-drag) and drops from the palette. It renders the
 * state's graph view and turns Foblex's events into controller calls; it holds no graph of its own.
 *
 * Large graphs (≥ CULL_FROM_STEPS steps) are culled: only the steps in or near the view are drawn
 * (`CanvasCuller`), they open at a readable zoom around the start node, and fit / focus compute
 * from the definition's positions instead of the drawn nodes. `localStorage['stepline.editor.drawAll']
 * = 'true'` turns culling off (bench/editor measures both).
 */
@Component({
  selector: 'sl-flow-canvas',
  imports: [FFlowModule, OverviewMapComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './flow-canvas.component.html',
  styleUrl: './flow-canvas.component.scss',
  host: {
    class: 'flow-canvas',
    '[class.is-read-only]': 'state.readOnly()',
    // For the browser tests and bench/editor: the first full render (nodes and connections) is done.
    '[attr.data-rendered]': 'rendered()',
    '[class.is-far]': 'far()',
  },
})
export class FlowCanvasComponent {
  protected readonly state = inject(FlowEditorState);
  private readonly controller = inject(FlowEditorController);
  private readonly testRunner = inject(TEST_RUNNER);
  /** Each step's status in the last test run (the draft only: a version's steps may differ). */
  protected readonly runStatuses = computed<Readonly<Partial<Record<string, StepRunStatus>>>>(() =>
    this.state.view().mode === 'draft' && this.state.scope().length === 0
      ? (this.testRunner?.last()?.stepStatuses ?? {})
      : {},
  );
  private readonly flow = viewChild(FFlowComponent);
  private readonly canvas = viewChild(FCanvasComponent);
  private readonly zoom = viewChild(FZoomDirective);
  private readonly overview = viewChild(OverviewMapComponent);
  private readonly destroyRef = inject(DestroyRef);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private size: Size = { width: window.innerWidth, height: window.innerHeight };
  private readonly drawAll = readDrawAll();
  private readonly culler = new CanvasCuller({
    view: () => this.view(),
    viewport: () => this.viewport(),
    size: () => this.size,
    pinned: () => this.state.selection(),
  });
  /** Connections selected on the canvas (steps are in the state's selection). */
  private selectedConnections: string[] = [];
  private framed = false;
  protected readonly rendered = signal(false);
  /**
   * Zoomed out past readability: nodes draw as plain coloured blocks (no text, icon, badges or
   * port labels). Chrome re-layerizes every node's paint chunks on each pan/zoom frame; dropping
   * the unreadable details cut a 500-step pan frame from ~50 ms to ~5 ms (docs/benchmarks.md).
   */
  protected readonly far = signal(false);
  protected readonly triggerIcon = TRIGGER_ICON;

  protected readonly view = computed(() => {
    const state = this.state;
    const view = state.view();
    const scope = state.scope();
    const owner = scope.at(-1);
    const ownerStep = owner ? locateStep(state.shown(), owner.stepId, stepTypeRegistry)?.step : undefined;
    return buildGraphView(state.graph(), {
      registry: stepTypeRegistry,
      typeInfo: (type) => state.typesByName().get(type),
      problems: view.mode === 'draft' ? state.problemsByStep() : undefined,
      diff:
        view.mode === 'diff' ? diffMarks(scope.length === 0 ? view.diff : this.bodyDiff(scope)) : undefined,
      nested: owner
        ? {
            ownerTitle: ownerStep?.name ?? owner.stepId,
            locals: stepTypeRegistry.get(ownerStep?.type ?? '')?.nestedGraphs?.[0]?.locals ?? [],
          }
        : undefined,
    });
  });

  /** Whether only the steps near the view are drawn. */
  protected readonly culled = computed(
    () => !this.drawAll && this.state.graph().steps.length >= CULL_FROM_STEPS,
  );
  /** What the template draws: the whole view, or its drawn part when culled. */
  protected readonly shown = computed(() =>
    this.culled() ? drawnPart(this.view(), this.culler.drawn()) : this.view(),
  );

  constructor() {
    // A culled graph opens at a readable zoom around its start: draw that screenful first (the
    // window's size bounds the canvas's), place the view once the canvas exists, then stream in
    // the area around it. Its problems are placed the frame after its first paint (at the latest
    // after 2 s) — decided before anything reads the view, which validates.
    let opening: Viewport | undefined;
    if (untracked(() => this.culled())) {
      this.state.holdValidation();
      setTimeout(() => this.state.releaseValidation(), 2000);
      opening = openingViewport(
        untracked(() => this.view()),
        this.size,
      );
      this.culler.start(opening, this.size);
    }
    afterNextRender(() => {
      this.measure();
      const observer = new ResizeObserver(() => {
        this.measure();
        this.moved();
      });
      observer.observe(this.host);
      // Foblex writes the canvas transform to its element's style on every pan and zoom frame.
      const canvas = this.canvas()?.hostElement as HTMLElement | undefined;
      const moves = new MutationObserver(() => this.moved());
      if (canvas) moves.observe(canvas, { attributes: true, attributeFilter: ['style'] });
      this.destroyRef.onDestroy(() => {
        observer.disconnect();
        moves.disconnect();
        this.culler.dispose();
      });
      if (opening) this.applyViewport(openingViewport(this.view(), this.size), false);
    });
    // The graph changed (an edit, another scope or view): re-check what is drawn.
    effect(() => {
      this.view();
      untracked(() => this.culler.schedule(true));
    });
    // New nodes drawn: Foblex marks the selected ones only when told.
    effect(() => {
      this.shown();
      const flow = this.flow();
      if (!flow || !untracked(() => this.culled())) return;
      untracked(() => flow.select([...this.state.selection()], [], false));
    });
    // Keep Foblex's highlighted selection in line with selections made elsewhere (problems list,
    // a new step, a paste).
    effect(() => {
      const ids = [...this.state.selection()];
      const flow = this.flow();
      untracked(() => {
        const current: string[] = flow?.getSelection().fNodeIds ?? [];
        if (flow && (current.length !== ids.length || current.some((id) => !ids.includes(id)))) {
          flow.select(ids, [], false);
        }
      });
    });
    // A different graph (a forEach body, a version, a diff) is framed anew once it has rendered;
    // the first one is framed from (fFullRendered).
    let first = true;
    effect(() => {
      this.state.scope();
      this.state.view();
      if (first) {
        first = false;
        return;
      }
      untracked(() => {
        if (this.culled()) {
          const opening = openingViewport(this.view(), this.size);
          this.culler.start(opening, this.size);
          this.applyViewport(opening, false);
        } else requestAnimationFrame(() => requestAnimationFrame(() => this.fit(false)));
      });
    });
  }

  protected iconOf(node: StepNodeView): string {
    return iconFor(node.type, node.category);
  }

  protected isSelected(id: string): boolean {
    return this.state.selection().has(id);
  }

  /** Foblex reports a full render after every change of the node set; frame only the first. */
  protected onRendered(): void {
    if (this.framed) return;
    this.framed = true;
    if (!this.culled()) this.fit(false);
    this.rendered.set(true);
    requestAnimationFrame(() => this.state.releaseValidation());
  }

  protected onCanvasChange(event: FCanvasChangeEvent): void {
    this.far.set(event.scale < FAR_SCALE);
  }

  protected onCreateConnection(event: FCreateConnectionEvent): void {
    this.controller.connect(event.sourceId, event.targetId);
  }

  protected onMoveNodes(event: FMoveNodesEvent): void {
    this.controller.moveSteps(
      event.nodes.filter((n) => n.id !== TRIGGER_NODE_ID).map((n) => ({ id: n.id, position: n.position })),
    );
  }

  protected onSelectionChange(event: FSelectionChangeEvent): void {
    this.selectedConnections = event.connectionIds.filter((id) => id.startsWith('e|'));
    this.controller.select(event.nodeIds.filter((id) => id !== TRIGGER_NODE_ID));
  }

  protected onCreateNode(event: FCreateNodeEvent<string>): void {
    const rect = event.externalItemRect;
    this.controller.addStep(event.data, { x: Math.round(rect.x), y: Math.round(rect.y) });
  }

  protected onNodeKeydown(event: KeyboardEvent, node: StepNodeView): void {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (node.container && event.key === 'Enter' && this.isSelected(node.id))
        this.controller.enterBody(node.id);
      else this.controller.select([node.id]);
    }
  }

  protected openBody(event: Event, node: StepNodeView): void {
    event.stopPropagation();
    this.controller.enterBody(node.id);
  }

  // Connections and nodes carry their own aria-label / roledescription: Foblex's semantic layer
  // otherwise rewrites a generated label on every connection each time the node or connection set
  // changes, which was the largest script cost of opening a 500-step flow.

  /** Connection ids selected on the canvas, for Delete. */
  selectedConnectionIds(): readonly string[] {
    return this.selectedConnections;
  }

  selectAll(): void {
    this.flow()?.selectAll();
    this.controller.select(this.state.graph().steps.map((s) => s.id));
  }

  fit(animated = true): void {
    if (this.culled()) this.applyViewport(fitViewport(boundsOf(this.view()), this.size), animated);
    else if (this.state.graph().steps.length === 0) this.canvas()?.resetScaleAndCenter(animated);
    else this.canvas()?.fitToScreen({ x: 60, y: 60 }, animated);
  }

  zoomIn(): void {
    this.zoom()?.zoomIn();
  }

  zoomOut(): void {
    this.zoom()?.zoomOut();
  }

  /** Centers a step (the problems list uses it). */
  focusStep(id: string): void {
    const node = this.culled() ? this.view().nodes.find((n) => n.id === id) : undefined;
    if (!node) {
      this.canvas()?.centerGroupOrNode(id, true);
      return;
    }
    const scale = this.viewport()?.scale ?? READABLE_SCALE;
    this.applyViewport(centredOn(node.position, scale < FAR_SCALE ? READABLE_SCALE : scale, this.size), true);
  }

  /** The diff of the forEach body at `scope` (empty when that body did not change). */
  private bodyDiff(scope: GraphPath): GraphDiff {
    const found = this.state
      .bodyDiffs()
      .find(
        ({ path }) =>
          path.length === scope.length &&
          path.every((p, i) => p.stepId === scope[i]?.stepId && p.field === scope[i]?.field),
      );
    return found ?? NO_CHANGES;
  }

  /** The overview map was pressed: centre the view on that point, keeping the zoom. */
  protected centreOn(point: StepPosition): void {
    const scale = this.viewport()?.scale ?? READABLE_SCALE;
    this.applyViewport(
      {
        scale,
        position: { x: this.size.width / 2 - point.x * scale, y: this.size.height / 2 - point.y * scale },
      },
      false,
    );
  }

  /** A pan or zoom frame (or a resize): the culler re-checks, the overview moves its outline. */
  private moved(): void {
    this.culler.schedule();
    const viewport = this.viewport();
    if (viewport) this.overview()?.track(viewport, this.size);
  }

  private measure(): void {
    const rect = this.host.getBoundingClientRect();
    if (rect.width > 0 && rect.height > 0) this.size = { width: rect.width, height: rect.height };
  }

  /** The canvas transform now (Foblex keeps a zoom's offset apart from the pan position). */
  private viewport(): Viewport | undefined {
    const transform = this.canvas()?.transform;
    if (!transform) return undefined;
    return {
      scale: transform.scale,
      position: {
        x: transform.position.x + transform.scaledPosition.x,
        y: transform.position.y + transform.scaledPosition.y,
      },
    };
  }

  /** Moves the view as Foblex's own fit does: the transform, a redraw, a canvas-change event. */
  private applyViewport(viewport: Viewport, animated: boolean): void {
    const canvas = this.canvas();
    if (!canvas) return;
    canvas.transform.scale = viewport.scale;
    canvas.transform.position = { ...viewport.position };
    canvas.transform.scaledPosition = { x: 0, y: 0 };
    if (animated) canvas.redrawWithAnimation();
    else canvas.redraw();
    canvas.emitCanvasChangeEvent();
    this.moved();
  }
}

/** Below this zoom, node text is too small to read (≈ 5 px). */
const FAR_SCALE = 0.4;

const readDrawAll = (): boolean => {
  try {
    return localStorage.getItem('stepline.editor.drawAll') === 'true';
  } catch {
    return false;
  }
};

const NO_CHANGES: GraphDiff = {
  steps: { added: [], removed: [], changed: [] },
  edges: { added: [], removed: [] },
};

/** The marks of one graph's diff: the top level's, or a forEach body's (`diffNestedGraphs`). */
const diffMarks = (diff: GraphDiff): DiffMarks => ({
  added: new Set(diff.steps.added.map((s) => s.id)),
  changed: new Map(diff.steps.changed.map((c) => [c.id, c.fields])),
  removedSteps: diff.steps.removed,
  addedEdges: new Set(diff.edges.added.map((e) => connectionId(e))),
  removedEdges: diff.edges.removed,
});
