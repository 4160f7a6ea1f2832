/**
 * What a text value may contain, one rule for the API (every REST body and query string, every
 * GraphQL argument) and the editor (which can refuse the same characters before sending them).
 *
 * - `single-line`: names, emails, tokens, query strings — no C0 control character at all (U+0000–U+001F).
 * - `multi-line`: descriptions, change notes — tab, line feed and carriage return allowed, other C0 not.
 * - `json`: strings and keys inside a free-form JSON document (a flow definition, a webhook payload) —
 *   any character JSON can carry, except the two Postgres' `jsonb` and `text` refuse: NUL, and an
 *   unpaired UTF-16 surrogate (which no UTF-8 encoding can hold).
 *
 * Every mode refuses NUL and unpaired surrogates: either would reach Postgres as an error.
 */
export type TextMode = 'single-line' | 'multi-line' | 'json';

export type TextProblemCode = 'field.controlCharacter' | 'field.unpairedSurrogate';

export interface TextProblem {
  code: TextProblemCode;
  /** UTF-16 index of the offending code unit. */
  index: number;
  message: string;
}

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

function controlAllowed(unit: number, mode: TextMode): boolean {
  if (unit === 0) return false;
  if (mode === 'json') return true;
  return mode === 'multi-line' && (unit === TAB || unit === LF || unit === CR);
}

/** The first character of `value` the mode refuses, or null when the text is acceptable. */
export function findTextProblem(value: string, mode: TextMode): TextProblem | null {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0x20) {
      if (controlAllowed(unit, mode)) continue;
      return {
        code: 'field.controlCharacter',
        index: i,
        message: `must not contain the control character U+${unit.toString(16).padStart(4, '0').toUpperCase()}`,
      };
    }
    if (unit >= 0xd800 && unit <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++; // a well-formed pair: one astral character
        continue;
      }
      return {
        code: 'field.unpairedSurrogate',
        index: i,
        message: 'must not contain an unpaired UTF-16 surrogate (not valid Unicode)',
      };
    }
  }
  return null;
}

export const isAcceptableText = (value: string, mode: TextMode): boolean =>
  findTextProblem(value, mode) === null;
