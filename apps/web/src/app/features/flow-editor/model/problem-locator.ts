import type { FieldProblem, FlowDefinition, FlowEdge } from '@stepline/domain';
import { connectionId } from './connector-ids';

/** Where a definition problem belongs on the canvas. */
export interface PlacedProblem extends FieldProblem {
  /** The deepest step the pointer goes through; undefined for definition-level problems. */
  stepId?: string;
  /** The edge the pointer names (`…/edges/3…`), as a connection id. */
  connectionId?: string;
  /** The step's field the problem is about, relative to the step (`/config/url`, `/name`). */
  field?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const segmentsOf = (pointer: string): string[] =>
  pointer === ''
    ? []
    : pointer
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/**
 * Resolves each problem's JSON pointer against the definition: problems under `/steps/N/…` (at
 * any depth of nested bodies) land on that step, problems under `/edges/N/…` on the edge and its
 * source step. Pointers that no longer resolve (the definition changed) keep only their message.
 */
export const placeProblems = (
  definition: FlowDefinition,
  problems: readonly FieldProblem[],
): PlacedProblem[] =>
  problems.map((problem) => {
    const placed: PlacedProblem = { ...problem };
    let node: unknown = definition;
    let stepPointerLength = -1;
    const segments = segmentsOf(problem.path);
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i] as string;
      const parent = node;
      node = isObject(node) ? (node as Record<string, unknown>)[segment] : undefined;
      if (node === undefined) break;
      const container = segments[i - 1];
      if (i > 0 && Array.isArray(parent) && container === 'steps' && isObject(node)) {
        const id = (node as { id?: unknown }).id;
        if (typeof id === 'string') {
          placed.stepId = id;
          placed.connectionId = undefined;
          stepPointerLength = i + 1;
        }
      }
      if (i > 0 && Array.isArray(parent) && container === 'edges' && isObject(node)) {
        const edge = node as Partial<FlowEdge>;
        if (typeof edge.from === 'string' && typeof edge.to === 'string') {
          placed.connectionId = connectionId(edge as FlowEdge);
          placed.stepId = edge.from;
          stepPointerLength = -1;
        }
      }
    }
    if (stepPointerLength > 0) {
      const rest = segments.slice(stepPointerLength);
      placed.field = rest.length ? `/${rest.join('/')}` : '';
    }
    return placed;
  });

/** Problems grouped by the step they land on. */
export const problemsByStep = (placed: readonly PlacedProblem[]): ReadonlyMap<string, PlacedProblem[]> => {
  const byStep = new Map<string, PlacedProblem[]>();
  for (const problem of placed) {
    if (!problem.stepId) continue;
    const list = byStep.get(problem.stepId);
    if (list) list.push(problem);
    else byStep.set(problem.stepId, [problem]);
  }
  return byStep;
};
