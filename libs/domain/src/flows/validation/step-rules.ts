import type { ErrorObject } from 'ajv';
import { DEFINITION_PROBLEM } from './definition-problem-codes.js';
import { flowGraphSchema } from '../definition/flow-definition.schema.js';
import { compileSchema, schemaProblems } from '../definition/json-schema.validator.js';
import { isRecord } from '../definition/json-value.js';
import { GraphScope, type StepView, type ValidationRun } from './validation-scope.js';

/** Ajv reports a bad id as a `pattern` failure; it gets its own code because ids are special. */
export const stepIdCode = (error: ErrorObject): string | undefined =>
  error.keyword === 'pattern' && /^\/steps\/\d+\/id$/.test(error.instancePath)
    ? DEFINITION_PROBLEM.invalidId
    : undefined;

interface RawGraph {
  steps: unknown[];
  edges: unknown[];
  output?: unknown;
}

/**
 * First pass over one graph and, recursively, its nested graphs: registers ids, resolves types,
 * checks configs against their types' schemas. Edges and expressions need every id of the whole
 * definition first, so they are checked in a second pass.
 */
export const collectScope = (
  run: ValidationRun,
  graph: RawGraph,
  pointer: string,
  locals: ReadonlySet<string>,
  owner?: { scope: GraphScope; step: StepView },
): void => {
  const scope = new GraphScope(pointer, graph.edges, graph.output, locals, owner);
  run.scopes.push(scope);
  graph.steps.forEach((raw, i) => {
    if (!isRecord(raw)) return;
    const step = viewStep(run, raw, `${pointer}/steps/${i}`);
    scope.steps.push(step);
    if (step.id === undefined) return;
    if (!scope.byId.has(step.id)) scope.byId.set(step.id, step);
    if (run.ids.has(step.id)) {
      run.add({
        path: `${step.pointer}/id`,
        code: DEFINITION_PROBLEM.duplicateId,
        message: `id "${step.id}" is used twice`,
      });
    } else {
      run.ids.set(step.id, step);
    }
  });
  for (const step of scope.steps) collectNestedGraphs(run, scope, step);
};

const viewStep = (run: ValidationRun, raw: Record<string, unknown>, pointer: string): StepView => {
  const id = typeof raw['id'] === 'string' ? raw['id'] : undefined;
  const config = isRecord(raw['config']) ? raw['config'] : undefined;
  const type = raw['type'];
  const definition = typeof type === 'string' ? run.registry.get(type) : undefined;
  if (typeof type === 'string' && type !== '' && !definition) {
    run.add({
      path: `${pointer}/type`,
      code: DEFINITION_PROBLEM.unknownType,
      message: `unknown step type "${type}"`,
    });
  }
  checkRetry(run, raw['retry'], pointer);
  let configValid = false;
  if (definition && config) {
    const validate = compileSchema(definition.configSchema);
    configValid = validate(config);
    if (!configValid) {
      for (const problem of schemaProblems(validate.errors, `${pointer}/config`, 'config')) run.add(problem);
    } else {
      for (const problem of definition.checkConfig?.(config) ?? []) {
        run.add({ ...problem, path: `${pointer}/config${problem.path}` });
      }
    }
  }
  return {
    pointer,
    raw,
    configValid,
    ...(id === undefined ? {} : { id }),
    ...(definition ? { definition } : {}),
    ...(config ? { config } : {}),
  };
};

const checkRetry = (run: ValidationRun, retry: unknown, pointer: string): void => {
  if (!isRecord(retry)) return;
  const { initialDelayMs, maxDelayMs } = retry;
  if (typeof initialDelayMs === 'number' && typeof maxDelayMs === 'number' && maxDelayMs < initialDelayMs) {
    run.add({
      path: `${pointer}/retry/maxDelayMs`,
      code: DEFINITION_PROBLEM.invalidRetry,
      message: 'is below initialDelayMs',
    });
  }
};

const collectNestedGraphs = (run: ValidationRun, scope: GraphScope, step: StepView): void => {
  for (const nested of step.definition?.nestedGraphs ?? []) {
    const body = step.config?.[nested.field];
    if (!isRecord(body) || !Array.isArray(body['steps']) || !Array.isArray(body['edges'])) continue;
    const pointer = `${step.pointer}/config/${nested.field}`;
    const validate = compileSchema(flowGraphSchema);
    if (!validate(body)) run.addNew(schemaProblems(validate.errors, pointer, 'schema', stepIdCode));
    const locals = new Set([...scope.locals, ...nested.locals]);
    const graph: RawGraph = { steps: body['steps'], edges: body['edges'], output: body['output'] };
    collectScope(run, graph, pointer, locals, { scope, step });
  }
};
