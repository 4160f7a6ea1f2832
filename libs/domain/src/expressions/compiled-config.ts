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

/** Waits only if something is pending: fast-path-only values stay synchronous. */
const settle = <T>(values: MaybePromise<unknown>[], build: (resolved: unknown[]) => T): MaybePromise<T> =>
  values.some(isPromise) ? Promise.all(values).then(build) : build(values);

/** Undefined when the value holds no template at all. */
const compileTree = (value: unknown, pointer: string, cache: ExpressionCache): Evaluator | undefined => {
  if (typeof value === 'string') {
    const template = CompiledTemplate.compile(value, cache);
    if (!template.hasExpressions) return undefined;
    return located((input, limits) => template.run(input, limits), pointer);
  }
  if (Array.isArray(value)) {
    const items = value.map((item, i) => compileTree(item, `${pointer}/${i}`, cache));
    if (items.every((item) => item === undefined)) return undefined;
    return (input, limits) =>
      settle(
        items.map((item, i) => (item ? item(input, limits) : value[i])),
        (resolved) => resolved,
      );
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).map(
      ([key, item]) => [key, compileTree(item, `${pointer}/${escapePointer(key)}`, cache), item] as const,
    );
    if (entries.every(([, run]) => run === undefined)) return undefined;
    return (input, limits) =>
      settle(
        entries.map(([, run, item]) => (run ? run(input, limits) : item)),
        // fromEntries defines own properties: a `__proto__` key stays a key.
        (resolved) => Object.fromEntries(entries.map(([key], i) => [key, resolved[i]])),
      );
  }
  return undefined;
};

interface CompiledField {
  path: readonly string[];
  run: Evaluator;
}

/** Sets a path in a copy of `target`, copying each object on the way (the definition stays intact). */
const withPath = (
  target: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
): Record<string, unknown> => {
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) return { ...target, [head]: value };
  const child = target[head];
  return { ...target, [head]: withPath(isRecord(child) ? child : {}, rest, value) };
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
  constructor(
    readonly config: Readonly<Record<string, unknown>>,
    private readonly fields: readonly CompiledField[],
  ) {}

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
    return settle(
      this.fields.map((field) => field.run(input, limits)),
      (values) =>
        this.fields.reduce<Record<string, unknown>>(
          (config, field, i) => withPath(config, field.path, values[i]),
          this.config as Record<string, unknown>,
        ),
    );
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
