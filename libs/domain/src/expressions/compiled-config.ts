import type { AnyStepTypeDefinition } from '../step-types/step-type.types.js';
import { CompiledExpression, isPromise, type MaybePromise } from './compiled-expression.js';
import { CompiledTemplate, locateFailure } from './compiled-template.js';
import type { EvaluationContext, EvaluationLimits } from './evaluation.types.js';
import { sharedExpressionCache, type ExpressionCache } from './expression.cache.js';

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JSON value whose strings may hold templates (a template field, an output template), compiled.
 * Parts without templates are returned as they are — shared with the definition, so callers must
 * treat resolved values as read-only.
 */
export class CompiledValue {
  private constructor(
    private readonly evaluate:
      ((input: unknown, limits: EvaluationLimits) => MaybePromise<unknown>) | undefined,
    private readonly value: unknown,
  ) {}

  /** `pointer` is where the value sits (e.g. `/headers`), reported in failures as `detail.field`. */
  static compile(
    value: unknown,
    pointer = '',
    cache: ExpressionCache = sharedExpressionCache,
  ): CompiledValue {
    return new CompiledValue(compileTree(value, pointer, cache), value);
  }

  /** Whether rendering may produce anything other than the value itself. */
  get hasExpressions(): boolean {
    return this.evaluate !== undefined;
  }

  render(context: EvaluationContext, limits: EvaluationLimits = {}): Promise<unknown> {
    try {
      return Promise.resolve(this.run(context, limits));
    } catch (failure) {
      return Promise.reject(failure);
    }
  }

  run(input: unknown, limits: EvaluationLimits = {}): MaybePromise<unknown> {
    return this.evaluate ? this.evaluate(input, limits) : this.value;
  }
}

type Evaluator = (input: unknown, limits: EvaluationLimits) => MaybePromise<unknown>;

const located =
  (run: Evaluator, field: string): Evaluator =>
  (input, limits) => {
    try {
      const value = run(input, limits);
      return isPromise(value)
        ? value.catch((failure: unknown) => {
            throw locateFailure(failure, { field });
          })
        : value;
    } catch (failure) {
      throw locateFailure(failure, { field });
    }
  };

/** Runs each part (or takes its literal); waits only if something is pending. */
const runAll = (
  runs: readonly (Evaluator | undefined)[],
  literals: readonly unknown[],
  input: unknown,
  limits: EvaluationLimits,
): MaybePromise<unknown[]> => {
  const values: unknown[] = new Array<unknown>(runs.length);
  let pending = false;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    const value = run ? run(input, limits) : literals[i];
    pending ||= isPromise(value);
    values[i] = value;
  }
  return pending ? Promise.all(values) : values;
};

const then = <T, R>(value: MaybePromise<T>, next: (resolved: T) => R): MaybePromise<R> =>
  isPromise(value) ? value.then(next) : next(value);

/** Sets an own property; a `__proto__` key stays a key instead of replacing the prototype. */
const setOwn = (target: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
};

/** Undefined when the value holds no template at all. */
const compileTree = (value: unknown, pointer: string, cache: ExpressionCache): Evaluator | undefined => {
  if (typeof value === 'string') {
    const template = CompiledTemplate.compile(value, cache);
    if (!template.hasExpressions) return undefined;
    return located((input, limits) => template.run(input, limits), pointer);
  }
  if (Array.isArray(value)) {
    const runs = value.map((item, i) => compileTree(item, `${pointer}/${i}`, cache));
    if (runs.every((run) => run === undefined)) return undefined;
    return (input, limits) => runAll(runs, value, input, limits);
  }
  if (isRecord(value)) {
    const keys = Object.keys(value);
    const literals = keys.map((key) => value[key]);
    const runs = keys.map((key, i) => compileTree(literals[i], `${pointer}/${escapePointer(key)}`, cache));
    if (runs.every((run) => run === undefined)) return undefined;
    const build = (resolved: unknown[]): Record<string, unknown> => {
      const result: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) setOwn(result, keys[i] as string, resolved[i]);
      return result;
    };
    return (input, limits) => then(runAll(runs, literals, input, limits), build);
  }
  return undefined;
};

interface CompiledField {
  path: readonly string[];
  run: Evaluator;
}

/** Sets a path in `target` (already a copy), copying each nested object on the way. */
const assignPath = (target: Record<string, unknown>, path: readonly string[], value: unknown): void => {
  let current = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string;
    const child = current[key];
    const copy: Record<string, unknown> = isRecord(child) ? { ...child } : {};
    setOwn(current, key, copy);
    current = copy;
  }
  setOwn(current, path[path.length - 1] as string, value);
};

const getPath = (value: unknown, path: readonly string[]): unknown => {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
};

/** A step's config with its expression fields compiled. */
export class CompiledConfig {
  private readonly runs: readonly Evaluator[];

  constructor(
    readonly config: Readonly<Record<string, unknown>>,
    private readonly fields: readonly CompiledField[],
  ) {
    this.runs = fields.map((field) => field.run);
  }

  /** Whether resolving may change anything (false: `resolve` returns `config` itself). */
  get hasExpressions(): boolean {
    return this.fields.length > 0;
  }

  /**
   * The config with every expression field evaluated: an `expression` field becomes its value, a
   * `template` field has every string holding `{{ }}` rendered. Fields without expressions and the
   * rest of the config are returned as they are (read-only). Fails with the first field's
   * `StepFailure` (`detail.field` is its JSON pointer in the config).
   */
  resolve(context: EvaluationContext, limits: EvaluationLimits = {}): Promise<Record<string, unknown>> {
    try {
      return Promise.resolve(this.run(context, limits));
    } catch (failure) {
      return Promise.reject(failure);
    }
  }

  run(input: unknown, limits: EvaluationLimits = {}): MaybePromise<Record<string, unknown>> {
    if (this.fields.length === 0) return this.config as Record<string, unknown>;
    return then(runAll(this.runs, [], input, limits), (values) => {
      const config = { ...this.config };
      this.fields.forEach((field, i) => assignPath(config, field.path, values[i]));
      return config;
    });
  }
}

/** Compiles the expression and template fields a step type declares, once per flow version. */
export const compileStepConfig = (
  stepType: AnyStepTypeDefinition,
  config: Readonly<Record<string, unknown>>,
  cache: ExpressionCache = sharedExpressionCache,
): CompiledConfig => {
  const fields: CompiledField[] = [];
  for (const { field, kind } of stepType.expressionFields ?? []) {
    const path = field.split('.');
    const value = getPath(config, path);
    const pointer = `/${path.map(escapePointer).join('/')}`;
    if (kind === 'expression') {
      // A non-string in an expression field is a literal (the schema normally forbids it).
      if (typeof value !== 'string') continue;
      const expression = CompiledExpression.compile(value, cache);
      fields.push({ path, run: located((input, limits) => expression.run(input, limits), pointer) });
    } else {
      const run = compileTree(value, pointer, cache);
      if (run) fields.push({ path, run });
    }
  }
  return new CompiledConfig(config, fields);
};
