import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findTextProblem, isAcceptableText, type TextMode } from './text-rules.js';

const MODES: TextMode[] = ['single-line', 'multi-line', 'json'];
/** Text without any C0 control and with surrogates only in well-formed pairs. */
const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20);
const cleanText = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !hasControl(s));

describe('text rules', () => {
  it('accept ordinary text, astral characters included, in every mode', () => {
    fc.assert(
      fc.property(cleanText, fc.constantFrom(...MODES), (text, mode) => {
        expect(findTextProblem(text, mode)).toBeNull();
      }),
    );
    expect(isAcceptableText('Grüße 👋 — 漢字', 'single-line')).toBe(true);
  });

  it('refuse NUL anywhere, in every mode, at its index', () => {
    fc.assert(
      fc.property(cleanText, cleanText, fc.constantFrom(...MODES), (before, after, mode) => {
        expect(findTextProblem(`${before}\u0000${after}`, mode)).toMatchObject({
          code: 'field.controlCharacter',
          index: before.length,
        });
      }),
    );
  });

  it('refuse an unpaired surrogate, high or low, in every mode', () => {
    const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u));
    fc.assert(
      fc.property(cleanText, lone, fc.constantFrom(...MODES), (before, surrogate, mode) => {
        // A low surrogate right after the text's end cannot pair; a high one followed by "x" neither.
        expect(findTextProblem(`${before}${surrogate}x`, mode)).toMatchObject({
          code: 'field.unpairedSurrogate',
          index: before.length,
        });
      }),
    );
    expect(findTextProblem('\udc00\ud800', 'json')?.index).toBe(0);
    expect(findTextProblem('a\ud83d', 'json')?.index).toBe(1);
  });

  it('allow tab, line feed and carriage return only in multi-line text and JSON strings', () => {
    for (const c of ['\t', '\n', '\r']) {
      expect(findTextProblem(`a${c}b`, 'single-line')?.code).toBe('field.controlCharacter');
      expect(findTextProblem(`a${c}b`, 'multi-line')).toBeNull();
      expect(findTextProblem(`a${c}b`, 'json')).toBeNull();
    }
  });

  it('refuse every other C0 control outside JSON documents', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x1f }).filter((u) => ![9, 10, 13].includes(u)),
        (unit) => {
          const text = `x${String.fromCharCode(unit)}`;
          expect(findTextProblem(text, 'single-line')?.index).toBe(1);
          expect(findTextProblem(text, 'multi-line')?.index).toBe(1);
          expect(findTextProblem(text, 'json')).toBeNull();
        },
      ),
    );
  });
});
