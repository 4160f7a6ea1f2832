import { describe, expect, it } from 'vitest';
import { renameStepInField, scanField } from './expression-fields.js';

describe('scanField', () => {
  it('parses a bare expression field whole', () => {
    const scan = scanField('steps.a.output > 1', 'expression');
    expect(scan.expressions).toHaveLength(1);
    expect(scan.expressions[0]?.result.ok).toBe(true);
  });

  it('parses each template of a template field with its offset', () => {
    const scan = scanField('x {{ input.a }} y {{ 1 + }}', 'template');
    expect(scan.expressions.map((e) => [e.offset, e.result.ok])).toEqual([
      [4, true],
      [20, false],
    ]);
  });

  it('ignores a template field without braces and reports unclosed braces', () => {
    expect(scanField('plain text', 'template').expressions).toEqual([]);
    expect(scanField('{{ input', 'template').templateError?.code).toBe('template.unterminated');
  });
});

describe('renameStepInField', () => {
  it('renames only step references, keeping strings, other names and backticks', () => {
    expect(
      renameStepInField('steps.a.output & "steps.a" & input.a & steps.`a`.status', 'expression', 'a', 'b'),
    ).toBe('steps.b.output & "steps.a" & input.a & steps.`b`.status');
  });

  it('renames inside templates and leaves text alone', () => {
    expect(
      renameStepInField('steps.a: {{ steps.a.output.id }}/{{ steps.ab.output }}', 'template', 'a', 'c'),
    ).toBe('steps.a: {{ steps.c.output.id }}/{{ steps.ab.output }}');
  });

  it('leaves a field that does not parse unchanged', () => {
    expect(renameStepInField('{{ steps.a.output + }}', 'template', 'a', 'b')).toBe('{{ steps.a.output + }}');
  });
});
