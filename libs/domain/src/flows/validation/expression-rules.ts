import { scanField, type ExpressionKind } from '../../expressions/expression-fields.js';
import {
  EXPRESSION_ROOTS,
  STEP_REFERENCE_FIELDS,
  type ExpressionReference,
} from '../../expressions/expression.types.js';
import { DEFINITION_PROBLEM } from './definition-problem-codes.js';
import { dottedToPointer } from '../definition/json-pointer.js';
import { forEachString, getPath } from '../definition/json-value.js';
import type { GraphScope, StepView, ValidationRun } from './validation-scope.js';

const GLOBAL_ROOTS: ReadonlySet<string> = new Set(EXPRESSION_ROOTS);
const STEP_FIELDS: ReadonlySet<string> = new Set(STEP_REFERENCE_FIELDS);

/** Parses every expression of a graph's steps and output and checks what each one reads. */
export const checkExpressions = (run: ValidationRun, scope: GraphScope): void => {
  for (const step of scope.steps) {
    if (!step.definition || !step.config) continue;
    for (const { field, kind } of step.definition.expressionFields ?? []) {
      const value = getPath(step.config, field);
      const at = `${step.pointer}/config${dottedToPointer(field)}`;
      if (kind === 'expression') {
        if (typeof value === 'string') checkField(run, scope, step, value, kind, at);
      } else {
        forEachString(value, at, (text, path) => checkField(run, scope, step, text, kind, path));
      }
    }
  }
  if (scope.output !== undefined) {
    forEachString(scope.output, `${scope.pointer}/output`, (text, path) =>
      checkField(run, scope, undefined, text, 'template', path),
    );
  }
};

/** `step` is undefined for a graph's output template, which may read every step of its graph. */
const checkField = (
  run: ValidationRun,
  scope: GraphScope,
  step: StepView | undefined,
  text: string,
  kind: ExpressionKind,
  path: string,
): void => {
  const scan = scanField(text, kind, run.cache);
  if (scan.templateError) {
    const { message, position } = scan.templateError;
    run.add({ path, code: DEFINITION_PROBLEM.parseError, message: `${message} (at ${position})` });
  }
  for (const { offset, result } of scan.expressions) {
    if (!result.ok) {
      const { message, position } = result.error;
      run.add({ path, code: DEFINITION_PROBLEM.parseError, message: `${message} (at ${offset + position})` });
      continue;
    }
    for (const reference of result.expression.references) {
      const problem = referenceProblem(run, scope, step, reference);
      if (problem)
        run.add({ path, code: problem.code, message: `${problem.message} (at ${offset + reference.start})` });
    }
  }
};

const referenceProblem = (
  run: ValidationRun,
  scope: GraphScope,
  step: StepView | undefined,
  reference: ExpressionReference,
): { code: string; message: string } | undefined => {
  const { root, stepId, path } = reference;
  if (root === 'steps' && stepId !== undefined) {
    const text = `steps.${stepId}`;
    if (!run.ids.has(stepId))
      return { code: DEFINITION_PROBLEM.unknownStep, message: `${text}: no such step` };
    if (!isVisible(scope, step?.id, stepId)) {
      const reader = step?.id === undefined ? 'this output' : `step "${step.id}"`;
      return { code: DEFINITION_PROBLEM.notUpstream, message: `${text} is not upstream of ${reader}` };
    }
    const field = path[2];
    if (field !== undefined && !STEP_FIELDS.has(field)) {
      return {
        code: DEFINITION_PROBLEM.unknownReference,
        message: `${text}.${field}: a step exposes ${STEP_REFERENCE_FIELDS.join(', ')}`,
      };
    }
    return undefined;
  }
  if (GLOBAL_ROOTS.has(root) || scope.locals.has(root)) return undefined;
  if (run.allLocals.has(root))
    return { code: DEFINITION_PROBLEM.outOfScope, message: `"${root}" exists only inside a loop body` };
  return {
    code: DEFINITION_PROBLEM.unknownReference,
    message: `"${root}" is not in the context (${[...EXPRESSION_ROOTS, ...scope.locals].join(', ')})`,
  };
};

/**
 * A step sees the steps upstream of it in its own graph and, from inside a nested body, the
 * steps upstream of the step owning that body (recursively). An output template sees its graph.
 */
const isVisible = (scope: GraphScope, readerId: string | undefined, target: string): boolean => {
  let current: GraphScope | undefined = scope;
  let reader = readerId;
  let isOutput = readerId === undefined;
  while (current) {
    if (
      current.byId.has(target) &&
      (isOutput || (reader !== undefined && current.upstream.isUpstream(target, reader)))
    ) {
      return true;
    }
    reader = current.owner?.step.id;
    isOutput = false;
    current = current.owner?.scope;
  }
  return false;
};
