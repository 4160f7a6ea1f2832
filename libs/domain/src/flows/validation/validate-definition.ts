import { AppError, type FieldProblem } from '../../errors/index.js';
import { sharedExpressionCache, type ExpressionCache } from '../../expressions/expression.cache.js';
import { stepTypeRegistry, type StepTypeRegistry } from '../../step-types/step-type.registry.js';
import { DEFINITION_PROBLEM } from './definition-problem-codes.js';
import { checkExpressions } from './expression-rules.js';
import { flowDefinitionSchema } from '../definition/flow-definition.schema.js';
import type { FlowDefinition } from '../definition/flow-definition.types.js';
import { checkGraph } from './graph-rules.js';
import { checkSchema, compileSchema, schemaProblems } from '../definition/json-schema.validator.js';
import { isRecord } from '../definition/json-value.js';
import { collectScope, stepIdCode } from './step-rules.js';
import { ValidationRun } from './validation-scope.js';

export interface ValidationResult {
  ok: boolean;
  problems: FieldProblem[];
}

export interface ValidateOptions {
  /** Catalogue to resolve step types with; default the core catalogue. */
  registry?: StepTypeRegistry;
  /** Where parsed expressions are kept; default the process-wide cache. */
  cache?: ExpressionCache;
}

/**
 * Checks a definition and returns every problem found, each with a JSON pointer and a stable
 * code (see DEFINITION_PROBLEM): shape, step types and configs, ids, edges, ports, cycles,
 * expressions and what they reference. Never throws on bad input.
 */
export const validateDefinition = (definition: unknown, options: ValidateOptions = {}): ValidationResult => {
  const run = new ValidationRun(options.registry ?? stepTypeRegistry, options.cache ?? sharedExpressionCache);
  const validateShape = compileSchema(flowDefinitionSchema);
  if (!validateShape(definition)) {
    for (const problem of schemaProblems(validateShape.errors, '', 'schema', stepIdCode)) run.add(problem);
  }
  if (!isRecord(definition) || !Array.isArray(definition['steps']) || !Array.isArray(definition['edges'])) {
    return { ok: false, problems: run.problems };
  }
  if (isRecord(definition['inputSchema'])) {
    const error = checkSchema(definition['inputSchema']);
    if (error) run.add({ path: '/inputSchema', code: DEFINITION_PROBLEM.invalidInputSchema, message: error });
  }
  const graph = { steps: definition['steps'], edges: definition['edges'], output: definition['output'] };
  collectScope(run, graph, '', new Set());
  for (const scope of run.scopes) checkGraph(run, scope);
  for (const scope of run.scopes) checkExpressions(run, scope);
  return { ok: run.problems.length === 0, problems: run.problems };
};

/** Returns the definition typed, or throws `flow.invalid_definition` carrying every problem. */
export const assertValidDefinition = (definition: unknown, options?: ValidateOptions): FlowDefinition => {
  const { ok, problems } = validateDefinition(definition, options);
  if (!ok) throw new AppError('flow.invalid_definition', 'The flow definition is not valid', { problems });
  return definition as FlowDefinition;
};
