import { stepTypeRegistry, type FlowDefinition, type FlowStep } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { buildGraphView } from './graph-view';
import { step, typeInfo } from './model.fixtures';
import {
  READABLE_SCALE,
  cull,
  drawnPart,
  fitViewport,
  openingViewport,
  worldRectOf,
  type Rect,
} from './viewport-culling';

/** A chain of `count` transforms, one every 300 px to the right: s0 → s1 → … */
const chain = (count: number): FlowDefinition => {
  const steps: FlowStep[] = Array.from({ length: count }, (_, i) =>
    step(`s${i}`, 'transform', { position: { x: i * 300, y: 0 } }),
  );
  const edges = steps.slice(1).map((s, i) => ({ from: `s${i}`, to: s.id }));
  return { schemaVersion: 1, steps, edges };
};

const view = (def: FlowDefinition) => buildGraphView(def, { registry: stepTypeRegistry, typeInfo });
const area = (x: number, width: number): Rect => ({ x, y: -100, width, height: 400 });
const request = (def: FlowDefinition, rect: Rect, drawn: Iterable<string> = [], budget = 100) => ({
  view: view(def),
  area: rect,
  keepArea: rect,
  drawn: new Set(drawn),
  pinned: new Set<string>(),
  budget,
});

describe('viewport culling', () => {
  it('draws the steps whose box meets the area and both ends of an edge crossing it', () => {
    // Step boxes are 220 wide: s1 covers x 300–520, s2 600–820. The area (x 540–590) lies between
    // them and meets no box, but the edge s1 → s2 crosses it.
    const { drawn } = cull(request(chain(10), area(540, 50)));
    expect([...drawn].sort()).toEqual(['s1', 's2']);
  });

  it('adds at most the budget, nearest to the centre first, and says how many are left', () => {
    const { drawn, pending } = cull(request(chain(10), area(0, 3000), [], 2));
    expect(pending).toBe(8);
    expect(drawn.size).toBe(2);
    const next = cull(request(chain(10), area(0, 3000), drawn, 100));
    expect(next.drawn.size).toBe(10);
    expect(next.pending).toBe(0);
  });

  it('keeps drawn steps inside the keep area and pinned ones, and drops the rest', () => {
    const def = chain(10);
    const all = [...Array(10).keys()].map((i) => `s${i}`);
    const { drawn } = cull({
      ...request(def, area(0, 250), all),
      keepArea: area(0, 900),
      pinned: new Set(['s9']),
    });
    // s0 is in the area (and s1 with it, through their edge), s2 in the keep area, s9 pinned.
    expect([...drawn].sort()).toEqual(['s0', 's1', 's2', 's9']);
  });

  it('keeps only the connections between drawn steps, and the start edge of a drawn root', () => {
    const part = drawnPart(view(chain(4)), new Set(['s0', 's1']));
    expect(part.nodes.map((n) => n.id)).toEqual(['s0', 's1']);
    expect(part.connections.map((c) => `${c.edge.from}->${c.edge.to}`)).toEqual(['s0->s1']);
    expect(part.startConnections).toHaveLength(1);
    expect(drawnPart(view(chain(4)), new Set(['s2'])).startConnections).toHaveLength(0);
  });

  it('opens a large graph at a readable zoom with the start node at the top left', () => {
    const size = { width: 800, height: 600 };
    const opening = openingViewport(view(chain(100)), size);
    expect(opening.scale).toBe(READABLE_SCALE);
    const shown = worldRectOf(opening, size);
    // The start node sits one column left of s0 (x -280).
    expect(shown.x).toBeLessThanOrEqual(-280);
    expect(shown.x + shown.width).toBeLessThan(1000);
  });

  it('opens a graph that fits readably whole, and fits never zooms in beyond 1:1', () => {
    const size = { width: 1200, height: 800 };
    const small = openingViewport(view(chain(2)), size);
    expect(small.scale).toBe(1);
    const fitted = fitViewport({ x: 0, y: 0, width: 30_000, height: 100 }, size);
    expect(fitted.scale).toBeCloseTo((1200 - 120) / 30_000);
    const shown = worldRectOf(fitted, size);
    expect(shown.x).toBeLessThanOrEqual(0);
    expect(shown.x + shown.width).toBeGreaterThanOrEqual(30_000);
  });
});
