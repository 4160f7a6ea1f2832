import type { ExpressionError } from './expression.types.js';

export type TemplateSegment =
  | { kind: 'text'; text: string }
  /** `source` is the text between the braces, unchanged; `offset` is where it starts in the field. */
  | { kind: 'expression'; source: string; offset: number };

export interface ParsedTemplate {
  segments: TemplateSegment[];
  /** The whole field is one `{{ expr }}`: it evaluates to the expression's typed value. */
  isSingleExpression: boolean;
}

export type TemplateParseResult =
  { ok: true; template: ParsedTemplate } | { ok: false; error: ExpressionError };

const OPEN = '{{';

export const hasTemplate = (text: string): boolean => text.includes(OPEN);

/**
 * Finds the `}}` closing the template opened before `from`. JSONata itself uses braces (object
 * constructors) and strings may hold `}}`, so braces are counted outside strings and comments.
 */
const findClose = (text: string, from: number): number => {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'" || ch === '`') {
      i = skipQuoted(text, i, ch);
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return -1;
      i = end + 1;
    } else if (ch === '{') {
      depth++;
    } else if (ch === '}') {
      if (depth === 0 && text[i + 1] === '}') return i;
      if (depth > 0) depth--;
    }
  }
  return -1;
};

const skipQuoted = (text: string, start: number, quote: string): number => {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\' && quote !== '`') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
};

/** Splits a string into text and `{{ expr }}` segments; expressions are not parsed here. */
export const parseTemplate = (text: string): TemplateParseResult => {
  const segments: TemplateSegment[] = [];
  let cursor = 0;
  while (cursor < text.length) {
    const open = text.indexOf(OPEN, cursor);
    if (open < 0) break;
    const close = findClose(text, open + OPEN.length);
    if (close < 0) {
      return {
        ok: false,
        error: {
          code: 'template.unterminated',
          message: 'Template "{{" is not closed by "}}"',
          position: open,
        },
      };
    }
    const source = text.slice(open + OPEN.length, close);
    if (source.trim() === '') {
      return {
        ok: false,
        error: { code: 'template.empty', message: 'Template "{{ }}" is empty', position: open },
      };
    }
    if (open > cursor) segments.push({ kind: 'text', text: text.slice(cursor, open) });
    segments.push({ kind: 'expression', source, offset: open + OPEN.length });
    cursor = close + 2;
  }
  if (cursor < text.length) segments.push({ kind: 'text', text: text.slice(cursor) });
  const isSingleExpression = segments.length === 1 && segments[0]?.kind === 'expression';
  return { ok: true, template: { segments, isSingleExpression } };
};
