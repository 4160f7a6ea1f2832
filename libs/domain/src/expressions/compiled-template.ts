import { StepFailure, isStepFailure } from '../runs/step-failure.js';
import { CompiledExpression, isPromise, type MaybePromise } from './compiled-expression.js';
import type { EvaluationContext, EvaluationLimits } from './evaluation.types.js';
import { sharedExpressionCache, type ExpressionCache } from './expression.cache.js';
import { hasTemplate, parseTemplate } from './template.parser.js';

/**
 * How a value lands in text: `undefined` → '' (a missing field renders as nothing), strings as
 * they are, anything else as `JSON.stringify` writes it (numbers `1e+21`, `0.30000000000000004`;
 * `null`, objects and arrays as JSON). A string that is exactly one `{{ expr }}` is not text: it
 * yields the expression's typed value.
 */
export const interpolate = (value: unknown): string => {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '';
};

/** Adds where the failure happened (field pointer, offset of the expression in the string). */
export const locateFailure = (failure: unknown, where: Record<string, unknown>): unknown => {
  if (!isStepFailure(failure)) return failure;
  return new StepFailure(failure.code, failure.message, {
    retryable: failure.retryable,
    detail: { ...failure.detail, ...where },
    cause: failure.cause,
  });
};

/** One segment; a single shape (text or expression) keeps the render loop monomorphic. */
interface Part {
  readonly text: string;
  readonly expression: CompiledExpression | undefined;
  readonly offset: number;
}

/** Runs one expression of the template, adding its offset to a failure. */
const runPart = (part: Part, input: unknown, limits: EvaluationLimits): MaybePromise<unknown> => {
  const expression = part.expression as CompiledExpression;
  try {
    const value = expression.run(input, limits);
    return isPromise(value)
      ? value.catch((failure: unknown) => {
          throw locateFailure(failure, { offset: part.offset });
        })
      : value;
  } catch (failure) {
    throw locateFailure(failure, { offset: part.offset });
  }
};

/** One string of a template field, compiled. */
export class CompiledTemplate {
  private constructor(
    readonly text: string,
    private readonly parts: readonly Part[],
    private readonly single: Part | undefined,
    private readonly failure: StepFailure | undefined,
  ) {}

  static compile(text: string, cache: ExpressionCache = sharedExpressionCache): CompiledTemplate {
    if (!hasTemplate(text)) {
      return new CompiledTemplate(text, [{ text, expression: undefined, offset: 0 }], undefined, undefined);
    }
    const parsed = parseTemplate(text);
    if (!parsed.ok) {
      const { code, message, position } = parsed.error;
      const failure = new StepFailure('expression.failed', message, {
        detail: { templateCode: code, position },
      });
      return new CompiledTemplate(text, [], undefined, failure);
    }
    const parts: Part[] = parsed.template.segments.map((segment) =>
      segment.kind === 'text'
        ? { text: segment.text, expression: undefined, offset: 0 }
        : { text: '', expression: CompiledExpression.compile(segment.source, cache), offset: segment.offset },
    );
    const single = parsed.template.isSingleExpression ? parts[0] : undefined;
    return new CompiledTemplate(text, parts, single, undefined);
  }

  /** Whether rendering may differ from the text itself. */
  get hasExpressions(): boolean {
    return this.failure !== undefined || this.parts.some((part) => part.expression !== undefined);
  }

  render(context: EvaluationContext, limits: EvaluationLimits = {}): Promise<unknown> {
    try {
      return Promise.resolve(this.run(context, limits));
    } catch (failure) {
      return Promise.reject(failure);
    }
  }

  /** Synchronous when every expression is answered by the fast path. */
  run(input: unknown, limits: EvaluationLimits = {}): MaybePromise<unknown> {
    if (this.failure) throw this.failure;
    if (this.single) return runPart(this.single, input, limits);
    const values: MaybePromise<unknown>[] = [];
    let pending = false;
    for (const part of this.parts) {
      const value = part.expression ? runPart(part, input, limits) : part.text;
      pending ||= isPromise(value);
      values.push(value);
    }
    if (!pending) return join(values);
    return Promise.all(values).then(join);
  }
}

const join = (values: readonly unknown[]): string => {
  let text = '';
  for (const value of values) text += interpolate(value);
  return text;
};
