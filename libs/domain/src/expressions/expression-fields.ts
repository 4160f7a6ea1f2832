import { sharedExpressionCache, type ExpressionCache } from './expression.cache.js';
import type { ExpressionError, ExpressionParseResult } from './expression.types.js';
import { hasTemplate, parseTemplate } from './template.parser.js';

export type ExpressionKind = 'expression' | 'template';

/** One JSONata expression found in a field; `offset` is where its source starts in the field. */
export interface FieldExpression {
  source: string;
  offset: number;
  result: ExpressionParseResult;
}

export interface FieldScan {
  expressions: FieldExpression[];
  /** A template-level failure (unclosed or empty braces), position relative to the field. */
  templateError?: ExpressionError;
}

const EMPTY_SCAN: FieldScan = { expressions: [] };

/** Parses the expressions of one string field, bare JSONata or template. */
export const scanField = (
  text: string,
  kind: ExpressionKind,
  cache: ExpressionCache = sharedExpressionCache,
): FieldScan => {
  if (kind === 'expression') return { expressions: [{ source: text, offset: 0, result: cache.parse(text) }] };
  if (!hasTemplate(text)) return EMPTY_SCAN;
  const parsed = parseTemplate(text);
  if (!parsed.ok) return { expressions: [], templateError: parsed.error };
  const expressions: FieldExpression[] = [];
  for (const segment of parsed.template.segments) {
    if (segment.kind === 'expression') {
      expressions.push({
        source: segment.source,
        offset: segment.offset,
        result: cache.parse(segment.source),
      });
    }
  }
  return { expressions };
};

/**
 * Rewrites `steps.<from>` to `steps.<to>` in a field, touching only the id token of real
 * references (found on the AST), so strings and unrelated names are left alone. A field that
 * does not parse is returned unchanged.
 */
export const renameStepInField = (
  text: string,
  kind: ExpressionKind,
  from: string,
  to: string,
  cache: ExpressionCache = sharedExpressionCache,
): string => {
  if (!text.includes(from)) return text;
  const scan = scanField(text, kind, cache);
  const edits: { start: number; end: number }[] = [];
  for (const { offset, result } of scan.expressions) {
    if (!result.ok) continue;
    for (const reference of result.expression.references) {
      const idSegment = reference.segments[1];
      if (reference.stepId === from && idSegment) {
        edits.push({ start: offset + idSegment.start, end: offset + idSegment.end });
      }
    }
  }
  let renamed = text;
  // Right to left, so earlier offsets stay valid.
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    const quoted = renamed[edit.start] === '`';
    renamed = renamed.slice(0, edit.start) + (quoted ? `\`${to}\`` : to) + renamed.slice(edit.end);
  }
  return renamed;
};
