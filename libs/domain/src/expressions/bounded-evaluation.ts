import type jsonata from 'jsonata';
import { StepFailure, type StepFailureCode } from '../runs/step-failure.js';
import { DEFAULT_EVALUATION_LIMITS, type EvaluationLimits } from './evaluation.types.js';
import { normalizeResult } from './normalize-result.js';

/**
 * Per-evaluation bounds on a JSONata expression, through JSONata's evaluation hooks (the same
 * mechanism as `timeboxExpression` in JSONata's test-suite runner).
 *
 * The hooks are installed once per compiled expression and are shared by every evaluation of it,
 * concurrent ones included; each evaluation's own state travels in a variable binding whose name
 * starts with a space — JSONata's lexer ends a `$name` at whitespace, so no expression can read it.
 *
 * Why not JSONata 2.2's own `timeout` / `stack` options: they are fixed at compile time (we share
 * compiled expressions across limits) and its stack counter counts every pending node, so an array
 * or object constructor with a few hundred non-literal items — evaluated in parallel — reads as
 * "too deep". We count user-function calls instead (the only way JSONata recurses without bound):
 * a lambda's body is entered once per call and left when the call returns; tail calls, which
 * JSONata turns into a loop, stay at depth 1 and run into the time bound.
 */
const GUARD = ' stepline.guard';
const ENTRY = Symbol.for('jsonata.__evaluate_entry');
const EXIT = Symbol.for('jsonata.__evaluate_exit');

type Abort = 'timeout' | 'too_deep' | 'too_many_items';

interface GuardState {
  readonly deadline: number;
  readonly timeoutMs: number;
  readonly maxDepth: number;
  readonly maxItems: number;
  depth: number;
  aborted?: Abort;
  /** Set once the evaluation settled: siblings still running (Promise.all) stop at their next node. */
  settled?: boolean;
}

interface HookNode {
  type?: string;
  body?: object;
  position?: number;
}

interface HookEnvironment {
  lookup(name: string): unknown;
}

/** Bodies of lambdas seen so far; AST nodes are immutable and shared, so one set serves all. */
const lambdaBodies = new WeakSet<object>();
const guarded = new WeakSet<jsonata.Expression>();

const JSONATA_CODES: Record<Abort, { code: string; value: (s: GuardState) => number }> = {
  timeout: { code: 'D1012', value: (s) => s.timeoutMs },
  too_deep: { code: 'D1011', value: (s) => s.maxDepth },
  too_many_items: { code: 'D2015', value: (s) => s.maxItems },
};

const abort = (state: GuardState, reason: Abort, node: HookNode): never => {
  state.aborted ??= reason;
  const { code, value } = JSONATA_CODES[state.aborted];
  // The shape of JSONata's own errors, so it fills in its message and position.
  throw { code, value: value(state), position: node.position, stack: '' };
};

const onEntry = (node: HookNode, _input: unknown, environment: HookEnvironment): void => {
  const state = environment.lookup(GUARD) as GuardState | undefined;
  if (!state) return;
  if (state.aborted) abort(state, state.aborted, node);
  if (state.settled) abort(state, 'timeout', node);
  if (node.type === 'lambda' && node.body) lambdaBodies.add(node.body);
  if (lambdaBodies.has(node) && ++state.depth > state.maxDepth) abort(state, 'too_deep', node);
  if (Date.now() > state.deadline) abort(state, 'timeout', node);
};

const onExit = (node: HookNode, _input: unknown, environment: HookEnvironment, result: unknown): void => {
  const state = environment.lookup(GUARD) as GuardState | undefined;
  if (!state) return;
  if (lambdaBodies.has(node)) state.depth--;
  if (Array.isArray(result) && result.length > state.maxItems) abort(state, 'too_many_items', node);
};

const installGuard = (compiled: jsonata.Expression): void => {
  if (guarded.has(compiled)) return;
  // `assign` binds in the expression's own frame; JSONata looks these two up by symbol.
  const assign = compiled.assign as unknown as (name: symbol, value: unknown) => void;
  assign.call(compiled, ENTRY, onEntry);
  assign.call(compiled, EXIT, onExit);
  guarded.add(compiled);
};

interface JsonataFailure {
  code?: unknown;
  message?: unknown;
  position?: unknown;
  token?: unknown;
}

const SOURCE_IN_DETAIL = 200;

const failureOf = (failure: unknown, state: GuardState, source: string): StepFailure => {
  const f = (typeof failure === 'object' && failure !== null ? failure : {}) as JsonataFailure;
  const expression = source.length > SOURCE_IN_DETAIL ? `${source.slice(0, SOURCE_IN_DETAIL)}…` : source;
  const detail: Record<string, unknown> = { expression };
  if (typeof f.position === 'number') detail['position'] = f.position;
  if (typeof f.token === 'string') detail['token'] = f.token;
  let code: StepFailureCode = 'expression.failed';
  let message = typeof f.message === 'string' && f.message !== '' ? f.message : 'Expression failed';
  // `$eval` re-wraps inner failures (D3121), so the reason is read from our own state first.
  if (state.aborted === 'timeout') {
    code = 'expression.timeout';
    message = `Expression evaluation exceeded ${state.timeoutMs} ms (check for an infinite loop)`;
    detail['jsonataCode'] = 'D1012';
  } else if (state.aborted === 'too_deep' || failure instanceof RangeError) {
    code = 'expression.too_deep';
    message = `Expression nested more than ${state.maxDepth} function calls (check for runaway recursion)`;
    detail['jsonataCode'] = 'D1011';
  } else if (state.aborted === 'too_many_items') {
    message = `Expression produced more than ${state.maxItems} items`;
    detail['jsonataCode'] = 'D2015';
  } else {
    detail['jsonataCode'] = typeof f.code === 'string' ? f.code : 'internal';
  }
  return new StepFailure(code, message, { detail, cause: failure });
};

/**
 * Evaluates a compiled JSONata expression within the limits; the result is normalised (see
 * `normalizeResult`). Failures are `StepFailure`s: `expression.timeout`, `expression.too_deep`,
 * `expression.failed` with JSONata's code (`detail.jsonataCode`) and position.
 */
export const evaluateBounded = async (
  compiled: jsonata.Expression,
  input: unknown,
  limits: EvaluationLimits,
  source: string,
): Promise<unknown> => {
  installGuard(compiled);
  const timeoutMs = limits.timeoutMs ?? DEFAULT_EVALUATION_LIMITS.timeoutMs;
  const state: GuardState = {
    deadline: Date.now() + timeoutMs,
    timeoutMs,
    maxDepth: limits.maxDepth ?? DEFAULT_EVALUATION_LIMITS.maxDepth,
    maxItems: limits.maxItems ?? DEFAULT_EVALUATION_LIMITS.maxItems,
    depth: 0,
  };
  try {
    return normalizeResult(await compiled.evaluate(input, { [GUARD]: state }));
  } catch (failure) {
    throw failureOf(failure, state, source);
  } finally {
    state.settled = true;
  }
};
