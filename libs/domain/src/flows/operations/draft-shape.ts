import type { FieldProblem } from '../../errors/index.js';
import { stepTypeRegistry } from '../../step-types/step-type.registry.js';
import { FLOW_SCHEMA_VERSION } from '../definition/flow-definition.types.js';
import type { FlowOperation, FlowOperationType } from './flow-operations.js';

/**
 * What a draft must look like to be stored — checked by the API before it stores one and by the
 * editor before it sends one, so both refuse the same drafts. Drafts may be invalid while they are edited —
 * `validateDefinition` reports that, and publish refuses it — but they must stay walkable: the
 * editor, `applyOperations` and `diffDefinitions` read `steps`, `edges`, step ids and configs
 * without checking. This is that minimum, nothing more.
 */
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string';

const shape = (path: string, message: string): FieldProblem => ({ path, code: 'definition.shape', message });

function graphProblems(graph: Record<string, unknown>, at: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { steps, edges } = graph;
  if (!Array.isArray(steps)) problems.push(shape(`${at}/steps`, 'must be an array'));
  else {
    steps.forEach((step, i) => {
      const path = `${at}/steps/${i}`;
      if (!isRecord(step) || !isText(step['id']) || !isText(step['type']) || !isRecord(step['config'])) {
        problems.push(shape(path, 'must be an object with string id and type and an object config'));
        return;
      }
      for (const { field } of stepTypeRegistry.get(step['type'])?.nestedGraphs ?? []) {
        const nested = step['config'][field];
        // A body that is not a graph is skipped by every walker; one that is must be walkable too.
        if (isRecord(nested) && (Array.isArray(nested['steps']) || Array.isArray(nested['edges']))) {
          problems.push(...graphProblems(nested, `${path}/config/${field}`));
        }
      }
    });
  }
  if (!Array.isArray(edges)) problems.push(shape(`${at}/edges`, 'must be an array'));
  else {
    edges.forEach((edge, i) => {
      if (!isRecord(edge) || !isText(edge['from']) || !isText(edge['to'])) {
        problems.push(shape(`${at}/edges/${i}`, 'must be an object with string from and to'));
      }
    });
  }
  return problems;
}

/** Problems that keep `value` from being stored as a draft; paths start at `at` (the body field). */
export function draftShapeProblems(value: unknown, at = '/definition'): FieldProblem[] {
  if (!isRecord(value)) return [shape(at, 'must be a JSON object')];
  const problems =
    value['schemaVersion'] === FLOW_SCHEMA_VERSION
      ? []
      : [shape(`${at}/schemaVersion`, `must be ${FLOW_SCHEMA_VERSION}`)];
  return [...problems, ...graphProblems(value, at)];
}

type FieldCheck = [test: (value: unknown) => boolean, expected: string];
const ID: FieldCheck = [(v) => isText(v) && v.length > 0 && v.length <= 64, 'a step id'];
const OBJECT: FieldCheck = [isRecord, 'an object'];
const ANY: FieldCheck = [() => true, 'any JSON value'];
const STEP: FieldCheck = [
  (v) => isRecord(v) && isText(v['id']) && isText(v['type']) && isRecord(v['config']),
  'a step with string id and type and an object config',
];
const EDGE: FieldCheck = [
  (v) =>
    isRecord(v) && isText(v['from']) && isText(v['to']) && (v['when'] === undefined || isText(v['when'])),
  'an edge with string from and to',
];
const POSITION: FieldCheck = [
  (v) => isRecord(v) && typeof v['x'] === 'number' && typeof v['y'] === 'number',
  'a position { x, y }',
];

/** Fields of each operation: required ones first, then `?`-marked optional ones. */
const OPERATION_FIELDS: { [K in FlowOperationType]: Record<string, FieldCheck> } = {
  addStep: { step: STEP, 'parent?': ID },
  removeStep: { stepId: ID },
  updateStep: { stepId: ID, changes: OBJECT },
  renameStep: { stepId: ID, newId: ID },
  moveStep: { stepId: ID, position: POSITION },
  connect: { edge: EDGE },
  disconnect: { edge: EDGE },
  setOutput: { 'output?': ANY },
  setInputSchema: { 'inputSchema?': OBJECT },
  updateSettings: { settings: OBJECT },
};

/**
 * The type-level checks of a list of operations (unknown type, missing, mistyped or unknown
 * fields), each with its path under `/operations`. Whether an operation applies to the draft is
 * `applyOperation`'s call.
 */
export function operationProblems(operations: readonly unknown[]): FieldProblem[] {
  return operations.flatMap((op, i): FieldProblem[] => {
    const at = `/operations/${i}`;
    if (!isRecord(op)) return [{ path: at, code: 'field.isObject', message: 'must be an object' }];
    const type = op['type'];
    if (typeof type !== 'string' || !Object.hasOwn(OPERATION_FIELDS, type)) {
      const known = Object.keys(OPERATION_FIELDS).join(', ');
      return [{ path: `${at}/type`, code: 'field.isIn', message: `type must be one of ${known}` }];
    }
    const fields = OPERATION_FIELDS[type as FlowOperationType];
    const problems: FieldProblem[] = [];
    const allowed = new Set(['type']);
    for (const [key, [test, expected]] of Object.entries(fields)) {
      const name = key.replace(/\?$/, '');
      allowed.add(name);
      const value = op[name];
      if (value === undefined && key.endsWith('?')) continue;
      if (value === undefined)
        problems.push({ path: `${at}/${name}`, code: 'field.required', message: `${name} is required` });
      else if (!test(value))
        problems.push({
          path: `${at}/${name}`,
          code: 'field.invalid',
          message: `${name} must be ${expected}`,
        });
    }
    for (const key of Object.keys(op)) {
      if (!allowed.has(key))
        problems.push({
          path: `${at}/${key}`,
          code: 'field.unknown',
          message: `property ${key} is not allowed`,
        });
    }
    return problems;
  });
}

/** Narrows operations that passed `operationProblems`. */
export const asOperations = (operations: readonly unknown[]): FlowOperation[] =>
  operations as FlowOperation[];
