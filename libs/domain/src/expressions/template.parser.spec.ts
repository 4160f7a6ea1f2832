import { describe, expect, it } from 'vitest';
import { hasTemplate, parseTemplate } from './template.parser.js';

const parse = (text: string) => {
  const result = parseTemplate(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.template;
};

describe('parseTemplate', () => {
  it('returns a plain string as one text segment', () => {
    expect(parse('hello')).toEqual({
      segments: [{ kind: 'text', text: 'hello' }],
      isSingleExpression: false,
    });
    expect(hasTemplate('hello')).toBe(false);
  });

  it('marks a field that is exactly one template as a single (typed) expression', () => {
    expect(parse('{{ input.count }}')).toEqual({
      segments: [{ kind: 'expression', source: ' input.count ', offset: 2 }],
      isSingleExpression: true,
    });
  });

  it('splits interpolated text and expressions with their offsets', () => {
    const template = parse('https://x/{{ input.id }}/items?q={{steps.a.output}}');
    expect(template.isSingleExpression).toBe(false);
    expect(template.segments).toEqual([
      { kind: 'text', text: 'https://x/' },
      { kind: 'expression', source: ' input.id ', offset: 12 },
      { kind: 'text', text: '/items?q=' },
      { kind: 'expression', source: 'steps.a.output', offset: 35 },
    ]);
  });

  it('treats surrounding whitespace as text, so the result is interpolated', () => {
    expect(parse(' {{ input }}').isSingleExpression).toBe(false);
  });

  it('does not end a template at braces inside JSONata objects, strings or comments', () => {
    expect(parse('{{ {"a": {"b": 1}} }}').segments).toEqual([
      { kind: 'expression', source: ' {"a": {"b": 1}} ', offset: 2 },
    ]);
    expect(parse('{{ "}}" & \'}}\' }}').segments).toHaveLength(1);
    expect(parse('{{ /* }} */ input }}').segments).toHaveLength(1);
  });

  it('reports an unclosed template with the position of its opening braces', () => {
    expect(parseTemplate('abc {{ input.x')).toEqual({
      ok: false,
      error: { code: 'template.unterminated', message: expect.any(String), position: 4 },
    });
  });

  it('reports an empty template', () => {
    const result = parseTemplate('a {{  }} b');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('template.empty');
  });
});
