import { stepTypeRegistry, type StepTypeRegistry } from '../../step-types/step-type.registry.js';
import { graphAtPath, listGraphs, type GraphPath } from '../definition/definition-walk.js';
import type { FlowDefinition, FlowEdge, FlowGraph, FlowStep } from '../definition/flow-definition.types.js';
import { isRecord, jsonEqual } from '../definition/json-value.js';

export interface StepChange {
  id: string;
  /** Top-level fields that differ (`config`, `name`, `retry` …) then `config.<key>` per config key. */
  fields: string[];
  before: FlowStep;
  after: FlowStep;
}

/** The top-level fields besides steps and edges, as present in one definition. */
export type DefinitionSettings = Partial<
  Pick<FlowDefinition, 'schemaVersion' | 'inputSchema' | 'output' | 'settings'>
>;

/** The steps and edges of one graph (the top level or a forEach body) compared. */
export interface GraphDiff {
  steps: { added: FlowStep[]; removed: FlowStep[]; changed: StepChange[] };
  edges: { added: FlowEdge[]; removed: FlowEdge[] };
}

/** A nested graph's diff, and where the graph is (the steps owning it and their fields). */
export interface NestedGraphDiff extends GraphDiff {
  path: GraphPath;
}

export interface DefinitionDiff extends GraphDiff {
  /**
   * `changed` names `schemaVersion`, `inputSchema`, `output`, `settings.<key>` (or `settings`
   * when only its presence differs); `before` / `after` hold those fields' whole values.
   */
  settings: { changed: string[]; before: DefinitionSettings; after: DefinitionSettings };
}

const SETTING_FIELDS = ['schemaVersion', 'inputSchema', 'output', 'settings'] as const;

/** Edges are identified by (from, to, when); steps by id. */
export const edgeIdentity = (edge: FlowEdge): string =>
  `${edge.from}\u0000${edge.to}\u0000${edge.when ?? ''}`;

const changedKeys = (a: object, b: object): string[] => {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return [...new Set([...Object.keys(x), ...Object.keys(y)])]
    .filter((key) => !jsonEqual(x[key], y[key]))
    .sort();
};

const stepChange = (before: FlowStep, after: FlowStep): StepChange | undefined => {
  const fields = changedKeys(before, after);
  if (fields.length === 0) return undefined;
  const configFields =
    fields.includes('config') && isRecord(before.config) && isRecord(after.config)
      ? changedKeys(before.config, after.config).map((key) => `config.${key}`)
      : [];
  return { id: after.id, fields: [...fields, ...configFields], before, after };
};

const settingChanges = (a: FlowDefinition, b: FlowDefinition): DefinitionDiff['settings'] => {
  const changed: string[] = [];
  const before: DefinitionSettings = {};
  const after: DefinitionSettings = {};
  for (const field of SETTING_FIELDS) {
    if (jsonEqual(a[field], b[field])) continue;
    if (field === 'settings') {
      const keys = changedKeys(a.settings ?? {}, b.settings ?? {});
      changed.push(...(keys.length > 0 ? keys.map((key) => `settings.${key}`) : ['settings']));
    } else {
      changed.push(field);
    }
    if (a[field] !== undefined) Object.assign(before, { [field]: a[field] });
    if (b[field] !== undefined) Object.assign(after, { [field]: b[field] });
  }
  return { changed, before, after };
};

/**
 * What changed from `a` to `b`, top-level graph by step id and edge identity. Order of steps and
 * edges is not part of a definition's meaning and is ignored; a forEach body is part of its
 * step's config, so body edits show as `config.body` on that step (`diffNestedGraphs` compares
 * the bodies themselves).
 */
export const diffDefinitions = (a: FlowDefinition, b: FlowDefinition): DefinitionDiff => ({
  ...diffGraphs(a, b),
  settings: settingChanges(a, b),
});

const EMPTY_GRAPH: FlowGraph = { steps: [], edges: [] };

/**
 * The diffs of `b`'s nested graphs (forEach bodies), each against the body at the same place in
 * `a` — the same owning step id and field; a body whose owner is new in `b` compares against an
 * empty graph, so all its steps are added. Only bodies that differ are listed, outer ones first.
 */
export const diffNestedGraphs = (
  a: FlowDefinition,
  b: FlowDefinition,
  registry: StepTypeRegistry = stepTypeRegistry,
): NestedGraphDiff[] =>
  listGraphs(b, registry)
    .filter(({ path }) => path.length > 0)
    .flatMap(({ graph, path }) => {
      const diff = diffGraphs(graphAtPath(a, path, registry) ?? EMPTY_GRAPH, graph);
      const empty =
        diff.steps.added.length + diff.steps.removed.length + diff.steps.changed.length === 0 &&
        diff.edges.added.length + diff.edges.removed.length === 0;
      return empty ? [] : [{ path, ...diff }];
    });

/** `a`'s and `b`'s steps (by id) and edges (by identity) compared; other fields are ignored. */
export const diffGraphs = (a: FlowGraph, b: FlowGraph): GraphDiff => {
  const stepsA = new Map(a.steps.map((step) => [step.id, step]));
  const stepsB = new Map(b.steps.map((step) => [step.id, step]));
  const edgesA = new Set(a.edges.map(edgeIdentity));
  const edgesB = new Set(b.edges.map(edgeIdentity));
  const changed: StepChange[] = [];
  for (const [id, after] of stepsB) {
    const before = stepsA.get(id);
    const change = before && stepChange(before, after);
    if (change) changed.push(change);
  }
  return {
    steps: {
      added: b.steps.filter((step) => !stepsA.has(step.id)),
      removed: a.steps.filter((step) => !stepsB.has(step.id)),
      changed,
    },
    edges: {
      added: b.edges.filter((edge) => !edgesA.has(edgeIdentity(edge))),
      removed: a.edges.filter((edge) => !edgesB.has(edgeIdentity(edge))),
    },
  };
};

export const isEmptyDiff = (diff: DefinitionDiff): boolean =>
  diff.steps.added.length === 0 &&
  diff.steps.removed.length === 0 &&
  diff.steps.changed.length === 0 &&
  diff.edges.added.length === 0 &&
  diff.edges.removed.length === 0 &&
  diff.settings.changed.length === 0;

/**
 * Replays a diff on `a`. Kept steps and edges stay in `a`'s order, added ones follow in the
 * diff's order, so `applyDiff(a, diffDefinitions(a, b))` equals `b` once both are put through
 * `normalizeDefinition`.
 */
export const applyDiff = (a: FlowDefinition, diff: DefinitionDiff): FlowDefinition => {
  const removedSteps = new Set(diff.steps.removed.map((step) => step.id));
  const changedSteps = new Map(diff.steps.changed.map((change) => [change.id, change.after]));
  const removedEdges = new Set(diff.edges.removed.map(edgeIdentity));
  const result: FlowDefinition = {
    ...a,
    steps: [
      ...a.steps
        .filter((step) => !removedSteps.has(step.id))
        .map((step) => changedSteps.get(step.id) ?? step),
      ...diff.steps.added,
    ],
    edges: [...a.edges.filter((edge) => !removedEdges.has(edgeIdentity(edge))), ...diff.edges.added],
  };
  const touched = new Set(
    diff.settings.changed.map((name) => name.split('.')[0] as (typeof SETTING_FIELDS)[number]),
  );
  for (const field of touched) {
    if (diff.settings.after[field] === undefined) delete result[field];
    else Object.assign(result, { [field]: diff.settings.after[field] });
  }
  return result;
};

const compareText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** Steps sorted by id and edges by (from, to, when): the order-free form diffs compare in. */
export const normalizeDefinition = (def: FlowDefinition): FlowDefinition => ({
  ...def,
  steps: [...def.steps].sort((x, y) => compareText(x.id, y.id)),
  edges: [...def.edges].sort((x, y) => compareText(edgeIdentity(x), edgeIdentity(y))),
});
