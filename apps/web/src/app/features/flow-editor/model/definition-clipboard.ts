import {
  FLOW_SCHEMA_VERSION,
  applyOperations,
  draftShapeProblems,
  listGraphs,
  stepTypeRegistry,
  type FlowDefinition,
  type FlowGraph,
  type FlowOperation,
  type StepTypeRegistry,
} from '@stepline/domain';
import { freshStepId, idPrefixOf } from './step-ids';

/** What is copied: a definition fragment, so it pastes into any flow (or another tab's). */
export const copySelection = (graph: FlowGraph, selected: ReadonlySet<string>): string | undefined => {
  const steps = graph.steps.filter((s) => selected.has(s.id));
  if (steps.length === 0) return undefined;
  const edges = graph.edges.filter((e) => selected.has(e.from) && selected.has(e.to));
  return JSON.stringify({ schemaVersion: FLOW_SCHEMA_VERSION, steps, edges }, null, 2);
};

export type PasteResult =
  { ok: true; operations: FlowOperation[]; pastedIds: string[] } | { ok: false; reason: string };

const PASTE_OFFSET = 40;

/**
 * The operations that add a copied fragment to `definition` (inside `parent`'s body when given):
 * ids already taken get fresh ones — references in the fragment's expressions follow, through the
 * domain's `renameStep` — and positions shift so the copy does not hide the original.
 */
export const pasteOperations = (
  definition: FlowDefinition,
  text: string,
  parent?: string,
  registry: StepTypeRegistry = stepTypeRegistry,
): PasteResult => {
  let fragment: unknown;
  try {
    fragment = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'The clipboard does not hold flow steps.' };
  }
  if (draftShapeProblems(fragment, '').length > 0)
    return { ok: false, reason: 'The clipboard does not hold flow steps.' };
  let copy = fragment as FlowDefinition;
  const taken = new Set(
    listGraphs(definition, registry).flatMap(({ graph }) => graph.steps.map((s) => s.id)),
  );
  const inFragment = new Set(listGraphs(copy, registry).flatMap(({ graph }) => graph.steps.map((s) => s.id)));
  const renames: FlowOperation[] = [];
  for (const id of [...inFragment]) {
    if (!taken.has(id)) continue;
    const newId = freshStepId(idPrefixOf(id.replace(/_\d+$/, '')), new Set([...taken, ...inFragment]));
    inFragment.add(newId);
    taken.add(newId);
    renames.push({ type: 'renameStep', stepId: id, newId });
  }
  try {
    copy = applyOperations(copy, renames, { registry });
  } catch {
    return { ok: false, reason: 'The copied steps could not be renamed to fit this flow.' };
  }
  const operations: FlowOperation[] = [
    ...copy.steps.map((step): FlowOperation => ({
      type: 'addStep',
      step: step.position
        ? { ...step, position: { x: step.position.x + PASTE_OFFSET, y: step.position.y + PASTE_OFFSET } }
        : step,
      ...(parent ? { parent } : {}),
    })),
    ...copy.edges.map((edge): FlowOperation => ({ type: 'connect', edge })),
  ];
  return { ok: true, operations, pastedIds: copy.steps.map((s) => s.id) };
};
