import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialInputText, parseRunInput, sampleFromSchema } from './run-input';

describe('run input', () => {
  it('reads JSON, treats an empty box as {} and says why bad JSON cannot be sent', () => {
    expect(parseRunInput('{"email":"a@b.c"}')).toEqual({ ok: true, value: { email: 'a@b.c' } });
    expect(parseRunInput('  ')).toEqual({ ok: true, value: {} });
    const bad = parseRunInput('{"email":');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/^The input is not valid JSON/);
  });

  it('round-trips any JSON value it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(parseRunInput(JSON.stringify(value))).toEqual({
          ok: true,
          value: JSON.parse(JSON.stringify(value)),
        });
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(typeof parseRunInput(text).ok).toBe('boolean');
      }),
    );
  });

  it('shapes a sample input from an input schema, preferring defaults, examples and enums', () => {
    const schema = {
      type: 'object',
      properties: {
        email: { type: 'string' },
        amount: { type: 'number' },
        count: { type: 'integer', default: 3 },
        plan: { enum: ['pro', 'team'] },
        tags: { type: 'array' },
        vip: { type: 'boolean' },
        address: { type: 'object', properties: { city: { type: 'string', examples: ['Lyon'] } } },
        note: { type: ['string', 'null'] },
      },
      required: ['email'],
    };
    expect(sampleFromSchema(schema)).toEqual({
      email: '',
      amount: 0,
      count: 3,
      plan: 'pro',
      tags: [],
      vip: false,
      address: { city: 'Lyon' },
      note: '',
    });
  });

  it('starts from {} without a schema or with one it does not understand', () => {
    expect(initialInputText({ steps: [] })).toBe('{}');
    expect(initialInputText(null)).toBe('{}');
    expect(sampleFromSchema({ $ref: '#/definitions/x' })).toEqual({});
    expect(
      initialInputText({ inputSchema: { type: 'object', properties: { email: { type: 'string' } } } }),
    ).toBe('{\n  "email": ""\n}');
  });

  it('stops at a bounded depth on deeply nested or hostile schemas', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 50; i++) schema = { type: 'object', properties: { x: schema } };
    expect(() => JSON.stringify(sampleFromSchema(schema))).not.toThrow();
    fc.assert(
      fc.property(fc.jsonValue(), (anything) => {
        expect(() => initialInputText({ inputSchema: anything })).not.toThrow();
      }),
    );
  });
});
