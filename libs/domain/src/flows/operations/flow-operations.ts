import { AppError } from '../../errors/index.js';
import { sharedExpressionCache, type ExpressionCache } from '../../expressions/expression.cache.js';
import { stepTypeRegistry, type StepTypeRegistry } from '../../step-types/step-type.registry.js';
import { locateStep, updateGraphAt, type GraphPath } from '../definition/definition-walk.js';
import type {
  FlowDefinition,
  FlowEdge,
  FlowGraph,
  FlowSettings,
  FlowStep,
  OnErrorMode,
  RetryPolicy,
  StepPosition,
} from '../definition/flow-definition.types.js';
import { STEP_ID_REGEX } from '../definition/flow-definition.types.js';
import { renameStepReferences } from './rename-step.js';

/** Fields `updateStep` may change; `null` removes an optional field. `config` is replaced whole. */
export interface StepChanges {
  name?: string | null;
  config?: Record<string, unknown>;
  retry?: RetryPolicy | null;
  timeoutMs?: number | null;
  onError?: OnErrorMode | null;
  disabled?: boolean | null;
  notes?: string | null;
  position?: StepPosition | null;
}

/** Edits of a definition, shared by the editor (undo history) and the server (draft patches). */
export type FlowOperation =
  /** `parent`: the step (e.g. a forEach) whose nested graph receives the new step. */
  | { type: 'addStep'; step: FlowStep; parent?: string }
  /** Removes the step and its edges (a forEach takes its body with it). */
  | { type: 'removeStep'; stepId: string }
  | { type: 'updateStep'; stepId: string; changes: StepChanges }
  /** Renames the step, its edges and every `steps.<old>` reference in expressions and templates. */
  | { type: 'renameStep'; stepId: string; newId: string }
  | { type: 'moveStep'; stepId: string; position: StepPosition }
  | { type: 'connect'; edge: FlowEdge }
  | { type: 'disconnect'; edge: FlowEdge }
  /** Without `output`, the definition's output template is removed. */
  | { type: 'setOutput'; output?: unknown }
  | { type: 'setInputSchema'; inputSchema?: Record<string, unknown> }
  /** Keys set to `null` are removed; keys left out are kept. */
  | { type: 'updateSettings'; settings: { [K in keyof FlowSettings]?: FlowSettings[K] | null } };

export type FlowOperationType = FlowOperation['type'];

export interface OperationOptions {
  registry?: StepTypeRegistry;
  cache?: ExpressionCache;
}

interface Context {
  registry: StepTypeRegistry;
  cache: ExpressionCache;
}

const impossible = (code: string, path: string, message: string): AppError =>
  AppError.validation([{ path, code, message }], message);

const edgeKey = (edge: FlowEdge): string => `${edge.from}\u0000${edge.to}\u0000${edge.when ?? ''}`;

const find = (def: FlowDefinition, stepId: string, ctx: Context) => {
  const found = locateStep(def, stepId, ctx.registry);
  if (!found) throw impossible('operation.unknown_step', '/stepId', `no step "${stepId}"`);
  return found;
};

const assertNewId = (def: FlowDefinition, id: string, ctx: Context, path: string): void => {
  if (!STEP_ID_REGEX.test(id))
    throw impossible('operation.invalid_id', path, `"${id}" is not a valid step id`);
  if (locateStep(def, id, ctx.registry))
    throw impossible('operation.duplicate_id', path, `id "${id}" is taken`);
};

const withoutNulls = <T extends object>(value: T, changes: object): T => {
  const result = { ...value } as Record<string, unknown>;
  for (const [key, change] of Object.entries(changes)) {
    if (change === undefined) continue;
    if (change === null) delete result[key];
    else result[key] = change;
  }
  return result as T;
};

const updateStep = (
  def: FlowDefinition,
  stepId: string,
  ctx: Context,
  update: (step: FlowStep) => FlowStep,
) => {
  const { located } = find(def, stepId, ctx);
  return updateGraphAt(def, located.path, (graph) => ({
    ...graph,
    steps: graph.steps.map((step) => (step.id === stepId ? update(step) : step)),
  }));
};

const graphOfEdge = (def: FlowDefinition, edge: FlowEdge, ctx: Context): GraphPath => {
  const from = find(def, edge.from, ctx);
  const to = find(def, edge.to, ctx);
  if (from.located.graph !== to.located.graph) {
    throw impossible(
      'operation.cross_graph_edge',
      '/edge',
      `${edge.from} and ${edge.to} are in different graphs`,
    );
  }
  return from.located.path;
};

type Handlers = {
  [K in FlowOperationType]: (
    def: FlowDefinition,
    op: Extract<FlowOperation, { type: K }>,
    ctx: Context,
  ) => FlowDefinition;
};

const handlers: Handlers = {
  addStep: (def, { step, parent }, ctx) => {
    assertNewId(def, step.id, ctx, '/step/id');
    let path: GraphPath = [];
    if (parent !== undefined) {
      const owner = find(def, parent, ctx);
      const field = ctx.registry.get(owner.step.type)?.nestedGraphs?.[0]?.field;
      if (!field)
        throw impossible('operation.not_a_container', '/parent', `step "${parent}" has no nested graph`);
      path = [...owner.located.path, { stepId: parent, field }];
      const body = owner.step.config[field];
      if (typeof body !== 'object' || body === null) {
        // A container created without its body gets an empty one.
        def = updateStep(def, parent, ctx, (s) => ({
          ...s,
          config: { ...s.config, [field]: { steps: [], edges: [] } },
        }));
      }
    }
    return updateGraphAt(def, path, (graph) => ({ ...graph, steps: [...graph.steps, step] }));
  },
  removeStep: (def, { stepId }, ctx) => {
    const { located } = find(def, stepId, ctx);
    return updateGraphAt(def, located.path, (graph) => ({
      ...graph,
      steps: graph.steps.filter((step) => step.id !== stepId),
      edges: graph.edges.filter((edge) => edge.from !== stepId && edge.to !== stepId),
    }));
  },
  updateStep: (def, { stepId, changes }, ctx) =>
    updateStep(def, stepId, ctx, (step) => withoutNulls(step, changes)),
  renameStep: (def, { stepId, newId }, ctx) => {
    find(def, stepId, ctx);
    if (newId === stepId) return def;
    assertNewId(def, newId, ctx, '/newId');
    return renameStepReferences(def, stepId, newId, ctx.registry, ctx.cache);
  },
  moveStep: (def, { stepId, position }, ctx) =>
    updateStep(def, stepId, ctx, (step) => ({ ...step, position })),
  connect: (def, { edge }, ctx) => {
    const path = graphOfEdge(def, edge, ctx);
    return updateGraphAt(def, path, (graph) => {
      if (graph.edges.some((e) => edgeKey(e) === edgeKey(edge))) {
        throw impossible('operation.duplicate_edge', '/edge', `edge ${edge.from} → ${edge.to} exists`);
      }
      return { ...graph, edges: [...graph.edges, { ...edge }] };
    });
  },
  disconnect: (def, { edge }, ctx) => {
    const path = graphOfEdge(def, edge, ctx);
    return updateGraphAt(def, path, (graph: FlowGraph) => {
      const edges = graph.edges.filter((e) => edgeKey(e) !== edgeKey(edge));
      if (edges.length === graph.edges.length) {
        throw impossible('operation.unknown_edge', '/edge', `no edge ${edge.from} → ${edge.to}`);
      }
      return { ...graph, edges };
    });
  },
  setOutput: (def, op) => {
    const { output: _removed, ...rest } = def;
    return op.output !== undefined ? { ...rest, output: op.output } : rest;
  },
  setInputSchema: (def, op) => {
    const { inputSchema: _removed, ...rest } = def;
    return op.inputSchema !== undefined ? { ...rest, inputSchema: op.inputSchema } : rest;
  },
  updateSettings: (def, { settings }) => {
    const merged = withoutNulls(def.settings ?? {}, settings);
    const { settings: _removed, ...rest } = def;
    return Object.keys(merged).length > 0 ? { ...rest, settings: merged } : rest;
  },
};

/**
 * Applies one edit and returns a new definition (the input is never mutated; untouched parts are
 * shared). Throws `validation.failed` for an edit that cannot apply — unknown step or edge,
 * taken or malformed id, duplicate edge, edge across graphs. Whether the result is a *valid*
 * definition (ports, cycles, references) is `validateDefinition`'s call.
 */
export const applyOperation = (
  def: FlowDefinition,
  op: FlowOperation,
  options: OperationOptions = {},
): FlowDefinition => {
  const ctx: Context = {
    registry: options.registry ?? stepTypeRegistry,
    cache: options.cache ?? sharedExpressionCache,
  };
  const handler = handlers[op.type] as (
    def: FlowDefinition,
    op: FlowOperation,
    ctx: Context,
  ) => FlowDefinition;
  return handler(def, op, ctx);
};

export const applyOperations = (
  def: FlowDefinition,
  ops: readonly FlowOperation[],
  options?: OperationOptions,
): FlowDefinition => ops.reduce((current, op) => applyOperation(current, op, options), def);
