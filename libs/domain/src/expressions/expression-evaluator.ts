import { CompiledExpression } from './compiled-expression.js';
import { CompiledTemplate } from './compiled-template.js';
import type { EvaluationContext, EvaluationLimits } from './evaluation.types.js';
import { sharedExpressionCache, type ExpressionCache } from './expression.cache.js';

/**
 * One-off evaluation of a bare JSONata expression (the editor's live preview). Parsing and JSONata's
 * compilation are cached by source; the worker uses `compileDefinitionExpressions` instead.
 * Rejects with a `StepFailure` (`expression.failed` / `.timeout` / `.too_deep`).
 */
export const evaluateExpression = (
  source: string,
  context: EvaluationContext,
  limits: EvaluationLimits = {},
  cache: ExpressionCache = sharedExpressionCache,
): Promise<unknown> => CompiledExpression.compile(source, cache).evaluate(context, limits);

/**
 * One-off rendering of a template string: exactly one `{{ expr }}` yields the typed value,
 * otherwise the text with each result interpolated (see `interpolate`).
 */
export const renderTemplate = (
  text: string,
  context: EvaluationContext,
  limits: EvaluationLimits = {},
  cache: ExpressionCache = sharedExpressionCache,
): Promise<unknown> => CompiledTemplate.compile(text, cache).render(context, limits);
