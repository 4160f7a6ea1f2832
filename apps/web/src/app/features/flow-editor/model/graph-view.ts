import {
  ERROR_PORT,
  rootsOf,
  type FlowEdge,
  type FlowGraph,
  type FlowStep,
  type StepPosition,
  type StepTypeRegistry,
} from '@stepline/domain';
import {
  NEXT_PORT,
  TRIGGER_NODE_ID,
  connectionId,
  inputConnectorId,
  outputConnectorId,
} from './connector-ids';
import type { PlacedProblem } from './problem-locator';

export type PortKind = 'next' | 'branch' | 'error' | 'invalid';
export type DiffMark = 'added' | 'removed' | 'changed';

export interface PortView {
  readonly connectorId: string;
  readonly port: string;
  readonly label: string;
  readonly kind: PortKind;
}

export interface StepNodeView {
  readonly id: string;
  readonly type: string;
  readonly title: string;
  readonly typeTitle: string;
  readonly category: string;
  readonly position: StepPosition;
  readonly disabled: boolean;
  readonly known: boolean;
  /** The step owns a nested graph (forEach body) that opens as a sub-canvas. */
  readonly container: boolean;
  readonly inputConnectorId: string;
  readonly ports: readonly PortView[];
  readonly problems: readonly string[];
  readonly diff?: DiffMark;
  readonly changedFields?: readonly string[];
}

export interface ConnectionView {
  readonly id: string;
  readonly edge: FlowEdge;
  readonly sourceId: string;
  readonly targetId: string;
  readonly label: string;
  readonly invalid: boolean;
  readonly diff?: 'added' | 'removed';
}

export interface StartNodeView {
  readonly id: string;
  readonly label: string;
  readonly detail: string;
  readonly position: StepPosition;
  readonly connectorId: string;
}

export interface GraphView {
  readonly start: StartNodeView;
  readonly nodes: readonly StepNodeView[];
  readonly connections: readonly ConnectionView[];
  /** Implicit edges from the start node to the steps without parents (not part of the definition). */
  readonly startConnections: readonly { id: string; sourceId: string; targetId: string }[];
}

export interface StepTypeInfo {
  readonly type: string;
  readonly title: string;
  readonly category: string;
}

export interface DiffMarks {
  readonly added: ReadonlySet<string>;
  readonly changed: ReadonlyMap<string, readonly string[]>;
  readonly removedSteps: readonly FlowStep[];
  readonly addedEdges: ReadonlySet<string>;
  readonly removedEdges: readonly FlowEdge[];
}

export interface GraphViewOptions {
  readonly registry: StepTypeRegistry;
  readonly typeInfo: (type: string) => StepTypeInfo | undefined;
  readonly problems?: ReadonlyMap<string, readonly PlacedProblem[]>;
  readonly diff?: DiffMarks;
  /** Inside a forEach body the start node is the loop's, with its locals. */
  readonly nested?: { ownerTitle: string; locals: readonly string[] };
}

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 76;
const GRID_X = 280;
const GRID_Y = 130;

/** Where a step without a stored position goes: a grid in definition order. */
const fallbackPosition = (index: number): StepPosition => ({
  x: (index % 6) * GRID_X,
  y: Math.floor(index / 6) * GRID_Y,
});

const labelOf = (port: string): string => (port === NEXT_PORT ? 'next' : port);

const declaredPorts = (
  step: FlowStep,
  registry: StepTypeRegistry,
): { ports: string[]; terminal: boolean } => {
  const definition = registry.get(step.type);
  if (!definition) return { ports: [NEXT_PORT], terminal: false };
  if (definition.terminal) return { ports: [], terminal: true };
  let typed: string[] = [];
  try {
    typed = definition.outputPorts(step.config);
  } catch {
    // A config that fails its schema may crash its type's port function; show the plain port.
  }
  const ports = typed.length > 0 ? [...typed] : [NEXT_PORT];
  if (step.onError === 'branch') ports.push(ERROR_PORT);
  return { ports, terminal: false };
};

const portViews = (step: FlowStep, edges: readonly FlowEdge[], registry: StepTypeRegistry): PortView[] => {
  const { ports, terminal } = declaredPorts(step, registry);
  const views: PortView[] = ports.map((port) => ({
    connectorId: outputConnectorId(step.id, port),
    port,
    label: labelOf(port),
    kind: port === NEXT_PORT ? 'next' : port === ERROR_PORT ? 'error' : 'branch',
  }));
  // Edges the step cannot emit still render (from an "invalid" port), so the problem is visible.
  for (const edge of edges) {
    if (edge.from !== step.id) continue;
    const port = edge.when ?? NEXT_PORT;
    if (views.some((v) => v.port === port)) continue;
    views.push({
      connectorId: outputConnectorId(step.id, port),
      port,
      label: labelOf(port),
      kind: 'invalid',
    });
  }
  return terminal && views.length === 0 ? [] : views;
};

/**
 * The changed fields a node lists: `config` stands for its keys when they are named
 * (`config.url`), `config.body` reads as the forEach body.
 */
export const listedChanges = (fields: readonly string[]): string[] => {
  const detailed = fields.some((f) => f.startsWith('config.'));
  return fields
    .filter((f) => !(detailed && f === 'config'))
    .map((f) => (f.startsWith('config.') ? f.slice('config.'.length) : f))
    .map((f) => (f === 'body' ? 'body steps' : f));
};

/**
 * What the canvas draws for one graph (the definition or a forEach body): a start node, a node per
 * step with its ports, a connection per edge, and, when comparing versions, the removed steps and
 * edges of the older side marked as such. Pure, so it is tested without a browser.
 */
export const buildGraphView = (graph: FlowGraph, options: GraphViewOptions): GraphView => {
  const { registry, typeInfo, problems, diff } = options;
  const removedIds = new Set(diff?.removedSteps.map((s) => s.id) ?? []);
  const steps: { step: FlowStep; mark?: DiffMark }[] = [
    ...graph.steps.map((step) => ({
      step,
      mark: diff?.added.has(step.id)
        ? ('added' as const)
        : diff?.changed.has(step.id)
          ? ('changed' as const)
          : undefined,
    })),
    ...(diff?.removedSteps ?? [])
      .filter((step) => !graph.steps.some((s) => s.id === step.id))
      .map((step) => ({ step, mark: 'removed' as const })),
  ];
  const allEdges: FlowEdge[] = [...graph.edges, ...(diff?.removedEdges ?? [])];
  const nodes: StepNodeView[] = steps.map(({ step, mark }, index) => {
    const info = typeInfo(step.type);
    const definition = registry.get(step.type);
    return {
      id: step.id,
      type: step.type,
      title: step.name?.trim() || step.id,
      typeTitle: info?.title ?? step.type,
      category: info?.category ?? 'unknown',
      position: step.position ?? fallbackPosition(index),
      disabled: step.disabled === true,
      known: definition !== undefined,
      container: (definition?.nestedGraphs?.length ?? 0) > 0,
      inputConnectorId: inputConnectorId(step.id),
      ports: portViews(step, allEdges, registry),
      problems: (problems?.get(step.id) ?? []).map((p) => p.message),
      ...(mark ? { diff: mark } : {}),
      ...(mark === 'changed' ? { changedFields: listedChanges(diff?.changed.get(step.id) ?? []) } : {}),
    };
  });
  const invalidEdges = new Set(
    [...(problems?.values() ?? [])].flat().flatMap((p) => (p.connectionId ? [p.connectionId] : [])),
  );
  const connections: ConnectionView[] = allEdges.map((edge, index) => {
    const id = connectionId(edge);
    const removed = index >= graph.edges.length;
    return {
      id,
      edge,
      sourceId: outputConnectorId(edge.from, edge.when ?? NEXT_PORT),
      targetId: inputConnectorId(edge.to),
      label: edge.when ?? '',
      invalid: invalidEdges.has(id),
      ...(removed
        ? { diff: 'removed' as const }
        : diff?.addedEdges.has(id)
          ? { diff: 'added' as const }
          : {}),
    };
  });
  const present = new Set(nodes.map((n) => n.id));
  const roots = rootsOf({ steps: graph.steps, edges: graph.edges }).filter((id) => !removedIds.has(id));
  const positions = nodes.filter((n) => roots.includes(n.id)).map((n) => n.position);
  const minX = Math.min(...nodes.map((n) => n.position.x), 0);
  const startY = positions.length ? Math.min(...positions.map((p) => p.y)) : 0;
  const startConnector = outputConnectorId(TRIGGER_NODE_ID, NEXT_PORT);
  return {
    start: {
      id: TRIGGER_NODE_ID,
      label: options.nested ? `Each item of ${options.nested.ownerTitle}` : 'Trigger',
      detail: options.nested
        ? `In scope: ${options.nested.locals.join(', ')}`
        : 'Webhook, schedule, event, API or test run',
      position: { x: minX - GRID_X, y: startY },
      connectorId: startConnector,
    },
    nodes,
    connections: connections.filter((c) => present.has(c.edge.from) && present.has(c.edge.to)),
    startConnections: roots.map((id) => ({
      id: `start|${id}`,
      sourceId: startConnector,
      targetId: inputConnectorId(id),
    })),
  };
};
