/**
 * A JSONata AST node. jsonata's own `ExprNode` typing misses node types the parser emits
 * (`path`, `bind`, `apply`, `sort`, `filter` …), so the walk uses this looser shape.
 */
export interface ExpressionAst {
  type: string;
  value?: unknown;
  position?: number;
  steps?: ExpressionAst[];
  [key: string]: unknown;
}

/** Roots of the evaluation context that exist everywhere (product.md §3). */
export const EXPRESSION_ROOTS = ['input', 'steps', 'vars', 'secrets', 'run'] as const;
export type ExpressionRoot = (typeof EXPRESSION_ROOTS)[number];

/** Fields of `steps.<id>` that an expression may read. */
export const STEP_REFERENCE_FIELDS = ['output', 'status', 'error'] as const;

/** A parse failure; `position` is a 0-based offset into the text that was parsed. */
export interface ExpressionError {
  /** JSONata's code (e.g. `S0203`) or one of ours (`template.unterminated`, `template.empty`). */
  code: string;
  message: string;
  position: number;
  token?: string;
}

export interface ReferenceSegment {
  name: string;
  /** Offsets of the name token in the expression source (backticks included), end exclusive. */
  start: number;
  end: number;
}

/**
 * A read of the evaluation context, e.g. `steps.lookup.output.body` → root `steps`,
 * path [steps, lookup, output, body], stepId `lookup`. Only the leading run of plain names is
 * kept: `input.items[0].x` gives [input, items].
 */
export interface ExpressionReference {
  root: string;
  path: string[];
  stepId?: string;
  segments: ReferenceSegment[];
  start: number;
  end: number;
}

/**
 * What validation and the editor need of an expression. The AST is not kept: a JSONata AST holds
 * its parse's whole symbol table (~20 kB), too much to cache by the thousand; see `parseAst`.
 */
export interface ParsedExpression {
  readonly source: string;
  readonly references: readonly ExpressionReference[];
}

export type ExpressionParseResult =
  { ok: true; expression: ParsedExpression } | { ok: false; error: ExpressionError };
