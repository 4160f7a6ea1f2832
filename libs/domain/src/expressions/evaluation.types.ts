/**
 * What an expression sees (product.md §3). The object itself is JSONata's input, so
 * `input.email`, `steps.lookup.output.body` and `$$.vars.x` are plain paths over it.
 */
export interface EvaluationContext {
  input: unknown;
  steps: Record<string, { output?: unknown; status?: string; error?: unknown }>;
  vars: Record<string, unknown>;
  secrets: Record<string, string>;
  run: { id: string; flowId: string; version: number | 'draft'; startedAt: string; trigger: string };
  /** Inside a forEach body: the current item and its index. */
  item?: unknown;
  index?: number;
}

/** Bounds of one evaluation (one expression, or one `{{ }}` of a template). */
export interface EvaluationLimits {
  /** Wall-clock bound of one evaluation (default 1000 ms) → `expression.timeout`. */
  timeoutMs?: number;
  /** Nested user-function calls pending at once (default 500) → `expression.too_deep`. */
  maxDepth?: number;
  /**
   * Longest array any node may produce (default 1,000,000) → `expression.failed` (D2015). JSONata
   * refuses ranges above 1e7 by itself; this keeps `[1..10000000]` from flowing on.
   */
  maxItems?: number;
}

export const DEFAULT_EVALUATION_LIMITS: Readonly<Required<EvaluationLimits>> = {
  timeoutMs: 1000,
  maxDepth: 500,
  maxItems: 1_000_000,
};
