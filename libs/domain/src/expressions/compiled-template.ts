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

type Part = { text: string } | { expression: CompiledExpression; offset: number };

/** One string of a template field, compiled. */
export class CompiledTemplate {
  private constructor(
    readonly text: string,
    private readonly parts: readonly Part[],
    private readonly single: CompiledExpression | undefined,
    private readonly failure: StepFailure | undefined,
  ) {}

  static compile(text: string, cache: ExpressionCache = sharedExpressionCache): CompiledTemplate {
    if (!hasTemplate(text)) return new CompiledTemplate(text, [{ text }], undefined, undefined);
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
        ? { text: segment.text }
        : { expression: CompiledExpression.compile(segment.source, cache), offset: segment.offset },
    );
    const single = parsed.template.isSingleExpression
      ? (parts[0] as { expression: CompiledExpression }).expression
      : undefined;
    return new CompiledTemplate(text, parts, single, undefined);
  }

  /** Whether rendering may differ from the text itself. */
  get hasExpressions(): boolean {
    return this.failure !== undefined || this.parts.some((part) => 'expression' in part);
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
    if (this.single) {
      const offset = (this.parts[0] as { offset: number }).offset;
      return withLocation(() => (this.single as CompiledExpression).run(input, limits), { offset });
    }
    const values: MaybePromise<unknown>[] = this.parts.map((part) =>
      'text' in part
        ? part.text
        : withLocation(() => part.expression.run(input, limits), { offset: part.offset }),
    );
    if (!values.some(isPromise)) return values.map(interpolate).join('');
    return Promise.all(values).then((resolved) => resolved.map(interpolate).join(''));
  }
}

const withLocation = (
  run: () => MaybePromise<unknown>,
  where: Record<string, unknown>,
): MaybePromise<unknown> => {
  try {
    const value = run();
    return isPromise(value)
      ? value.catch((failure: unknown) => {
          throw locateFailure(failure, where);
        })
      : value;
  } catch (failure) {
    throw locateFailure(failure, where);
  }
};
