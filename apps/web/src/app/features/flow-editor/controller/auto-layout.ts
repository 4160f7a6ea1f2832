import type { FlowGraph, StepPosition } from '@stepline/domain';
import { NODE_HEIGHT, NODE_WIDTH } from '../model/graph-view';

/**
 * Positions for every step of `graph`: ELK's layered algorithm, left to right, edges between
 * layers routed orthogonally. Loaded on demand (ELK is ~1.5 MB), so only a user who asks for a
 * layout pays for it. Steps keep their ids; only positions change (one undo step).
 */
export const layoutGraph = async (graph: FlowGraph): Promise<Map<string, StepPosition>> => {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const ids = new Set(graph.steps.map((s) => s.id));
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: graph.steps.map((s) => ({ id: s.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: graph.edges
      .filter((e) => ids.has(e.from) && ids.has(e.to))
      .map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  });
  return new Map(
    (result.children ?? []).map((n) => [n.id, { x: Math.round(n.x ?? 0), y: Math.round(n.y ?? 0) }]),
  );
};
