import type jsonata from 'jsonata';
import { StepFailure } from '../runs/step-failure.js';
import { evaluateBounded } from './bounded-evaluation.js';
import type { EvaluationContext, EvaluationLimits } from './evaluation.types.js';
import { sharedExpressionCache, type ExpressionCache } from './expression.cache.js';
import { parseAst } from './expression.parser.js';
import type { ExpressionAst, ExpressionError } from './expression.types.js';
import { compileFastPath, type FastPath } from './fast-path/fast-path.compiler.js';
import { DEFER } from './fast-path/jsonata-semantics.js';

/** A value now, or later when JSONata had to run. Lets fast-path-only configs skip promises. */
export type MaybePromise<T> = T | Promise<T>;

export const isPromise = (value: unknown): value is Promise<unknown> => value instanceof Promise;

export interface CompileOptions {
  /** `false`: always evaluate with JSONata (benchmarks, or to rule the fast path out while debugging). */
  fastPath?: boolean;
}

/**
 * One bare JSONata expression, compiled once (per flow version) and evaluated many times. The fast
 * path answers when it claims the expression and is sure for this context; JSONata answers
 * otherwise, within the limits. A source that does not parse compiles anyway and fails each
 * evaluation with `expression.failed` (validation normally keeps such sources out of versions).
 */
export class CompiledExpression {
  /** Whether the fast path claims this expression (it may still defer for a given context). */
  readonly fastPath: boolean;
  private readonly fast?: FastPath;
  private readonly parseError?: ExpressionError;
  private jsonata?: jsonata.Expression;

  private constructor(
    readonly source: string,
    private readonly cache: ExpressionCache,
    options: CompileOptions,
  ) {
    const parsed = cache.parse(source);
    if (!parsed.ok) {
      this.parseError = parsed.error;
      this.fastPath = false;
      return;
    }
    this.fast = options.fastPath === false ? undefined : compileFastPath(astOf(source, cache));
    this.fastPath = this.fast !== undefined;
  }

  static compile(
    source: string,
    cache: ExpressionCache = sharedExpressionCache,
    options: CompileOptions = {},
  ): CompiledExpression {
    return new CompiledExpression(source, cache, options);
  }

  /** The expression's value for `context` (JSONata's input): typed, never a JSONata sequence. */
  evaluate(context: EvaluationContext, limits: EvaluationLimits = {}): Promise<unknown> {
    try {
      return Promise.resolve(this.run(context, limits));
    } catch (failure) {
      return Promise.reject(failure);
    }
  }

  /**
   * Synchronous when the fast path answers. Also used with inputs other than an
   * `EvaluationContext` (the JSONata test suite's documents).
   */
  run(input: unknown, limits: EvaluationLimits = {}): MaybePromise<unknown> {
    if (this.fast) {
      const value = this.fast(input);
      if (value !== DEFER) return value;
    }
    return evaluateBounded(this.compiled(), input, limits, this.source);
  }

  private compiled(): jsonata.Expression {
    if (this.parseError) {
      const { code, message, position } = this.parseError;
      throw new StepFailure('expression.failed', `Expression does not parse: ${message}`, {
        detail: { jsonataCode: code, position, expression: this.source.slice(0, 200) },
      });
    }
    // Kept once fetched: the shared cache may evict it, this version still needs it.
    this.jsonata ??= this.cache.compile(this.source);
    return this.jsonata;
  }
}

/** Plain paths get their AST without JSONata's parser; the rest from the cached compilation. */
const astOf = (source: string, cache: ExpressionCache): ExpressionAst => {
  const plain = /^\s*[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\s*$/.test(source) ? parseAst(source) : undefined;
  if (plain?.ok && !plain.compiled) return plain.ast;
  return cache.compile(source).ast() as unknown as ExpressionAst;
};
