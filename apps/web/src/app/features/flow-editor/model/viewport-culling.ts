import type { StepPosition } from '@stepline/domain';
import { parseConnectorId } from './connector-ids';
import { NODE_WIDTH, type GraphView } from './graph-view';

/**
 * Viewport culling for large graphs: the canvas draws only the steps in or near the view. Every
 * step's position is in the definition, so the geometry is known without measuring the DOM; the
 * boxes below are deliberately generous (a node with labelled ports is taller than its minimum).
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** Foblex's canvas transform: a screen point is `position + world × scale` (flow-host pixels). */
export interface Viewport {
  readonly position: StepPosition;
  readonly scale: number;
}

/** Graphs with at least this many steps are culled; smaller ones draw every node as before. */
export const CULL_FROM_STEPS = 150;
/** The zoom a culled graph opens at: node text reads as ≈ 11 px. */
export const READABLE_SCALE = 0.8;
/** Nodes added per frame at least while the drawn set grows (a zoom-out streams nodes in). */
export const GROW_BUDGET = 30;
const NODE_BOX_HEIGHT = 120;
const START_WIDTH = 200;
const PADDING = 60;

export const nodeBox = (position: StepPosition): Rect => ({
  x: position.x,
  y: position.y,
  width: NODE_WIDTH,
  height: NODE_BOX_HEIGHT,
});

export const intersects = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export const contains = (outer: Rect, inner: Rect): boolean =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

/** `rect` grown by `factor` of its own size on every side. */
export const grow = (rect: Rect, factor: number): Rect => ({
  x: rect.x - rect.width * factor,
  y: rect.y - rect.height * factor,
  width: rect.width * (1 + 2 * factor),
  height: rect.height * (1 + 2 * factor),
});

const union = (a: Rect, b: Rect): Rect => {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
};

/** The part of the graph (world coordinates) a host of `size` shows at `viewport`. */
export const worldRectOf = (viewport: Viewport, size: Size): Rect => ({
  x: -viewport.position.x / viewport.scale,
  y: -viewport.position.y / viewport.scale,
  width: size.width / viewport.scale,
  height: size.height / viewport.scale,
});

/** The box around the start node and every step. */
export const boundsOf = (view: GraphView): Rect => {
  const start: Rect = { ...view.start.position, width: START_WIDTH, height: NODE_BOX_HEIGHT };
  return view.nodes.reduce((box, node) => union(box, nodeBox(node.position)), start);
};

/** The viewport showing `bounds` whole (with padding), at most at 1:1 and at least at `minScale`. */
export const fitViewport = (bounds: Rect, size: Size, minScale = 0.02): Viewport => {
  const scale = Math.max(
    minScale,
    Math.min(1, (size.width - 2 * PADDING) / bounds.width, (size.height - 2 * PADDING) / bounds.height),
  );
  return {
    scale,
    position: {
      x: (size.width - bounds.width * scale) / 2 - bounds.x * scale,
      y: (size.height - bounds.height * scale) / 2 - bounds.y * scale,
    },
  };
};

/**
 * Where a culled graph opens: whole when that is readable, otherwise at a readable zoom with the
 * start node at the top left (vertically centred when steps lie above it), so the first paint
 * draws a screenful of nodes instead of the whole graph.
 */
export const openingViewport = (view: GraphView, size: Size): Viewport => {
  const bounds = boundsOf(view);
  const fit = fitViewport(bounds, size);
  if (fit.scale >= READABLE_SCALE) return fit;
  const scale = READABLE_SCALE;
  const start = view.start.position;
  const above = bounds.y < start.y - 1;
  return {
    scale,
    position: {
      x: PADDING - start.x * scale,
      y: above ? size.height / 2 - (start.y + NODE_BOX_HEIGHT / 2) * scale : PADDING - start.y * scale,
    },
  };
};

/** The viewport centring the step at `position`, keeping the zoom. */
export const centredOn = (position: StepPosition, scale: number, size: Size): Viewport => ({
  scale,
  position: {
    x: size.width / 2 - (position.x + NODE_WIDTH / 2) * scale,
    y: size.height / 2 - (position.y + NODE_BOX_HEIGHT / 2) * scale,
  },
});

export interface CullRequest {
  readonly view: GraphView;
  /** Steps in here are wanted: drawn now or streamed in over the next frames. */
  readonly area: Rect;
  /** Steps already drawn stay drawn while they are in here (hysteresis: no churn at the edges). */
  readonly keepArea: Rect;
  readonly drawn: ReadonlySet<string>;
  /** Drawn steps that must stay (the selection: a drag in progress must not lose its node). */
  readonly pinned: ReadonlySet<string>;
  /** How many wanted steps may be added now; the nearest to the area's centre come first. */
  readonly budget: number;
}

export interface CullResult {
  readonly drawn: ReadonlySet<string>;
  /** Wanted steps left for the next frames. */
  readonly pending: number;
}

/**
 * The steps to draw: those whose box meets the area, plus both ends of every connection whose
 * span meets it (so an edge crossing the view is drawn whole), within the budget.
 */
export const cull = (request: CullRequest): CullResult => {
  const { view, area, keepArea, drawn, pinned, budget } = request;
  const boxes = new Map(view.nodes.map((n) => [n.id, nodeBox(n.position)]));
  const wanted = new Set<string>();
  for (const [id, box] of boxes) if (intersects(box, area)) wanted.add(id);
  for (const c of view.connections) {
    const from = boxes.get(c.edge.from);
    const to = boxes.get(c.edge.to);
    if (!from || !to || (wanted.has(c.edge.from) && wanted.has(c.edge.to))) continue;
    if (intersects(union(from, to), area)) {
      wanted.add(c.edge.from);
      wanted.add(c.edge.to);
    }
  }
  const next = new Set<string>();
  for (const id of drawn) {
    const box = boxes.get(id);
    if (box && (wanted.has(id) || pinned.has(id) || intersects(box, keepArea))) next.add(id);
  }
  const centre = { x: area.x + area.width / 2, y: area.y + area.height / 2 };
  const distance = (id: string) => {
    const box = boxes.get(id) as Rect;
    return Math.hypot(box.x + box.width / 2 - centre.x, box.y + box.height / 2 - centre.y);
  };
  const missing = [...wanted].filter((id) => !next.has(id));
  if (missing.length > budget) missing.sort((a, b) => distance(a) - distance(b));
  for (const id of missing.slice(0, budget)) next.add(id);
  return { drawn: next, pending: Math.max(0, missing.length - budget) };
};

/** The part of `view` whose steps are drawn: their nodes, and the connections between them. */
export const drawnPart = (view: GraphView, drawn: ReadonlySet<string>): GraphView => ({
  start: view.start,
  nodes: view.nodes.filter((n) => drawn.has(n.id)),
  connections: view.connections.filter((c) => drawn.has(c.edge.from) && drawn.has(c.edge.to)),
  startConnections: view.startConnections.filter((c) => {
    const target = parseConnectorId(c.targetId);
    return target !== undefined && drawn.has(target.stepId);
  }),
});
