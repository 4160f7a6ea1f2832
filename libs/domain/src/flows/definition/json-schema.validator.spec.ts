import { describe, expect, it } from 'vitest';
import { checkSchema, compileSchema, compileUserSchema, schemaProblems } from './json-schema.validator.js';

describe('JSON Schema helpers', () => {
  it('compiles a schema once per schema object', () => {
    const schema = { type: 'object' };
    expect(compileSchema(schema)).toBe(compileSchema(schema));
  });

  it('checks user schemas leniently, with formats', () => {
    const schema = { type: 'object', properties: { email: { type: 'string', format: 'email' } }, 'x-ui': 1 };
    expect(checkSchema(schema)).toBeUndefined();
    const validate = compileUserSchema(schema);
    expect(validate({ email: 'a@b.example' })).toBe(true);
    expect(validate({ email: 'nope' })).toBe(false);
    expect(schemaProblems(validate.errors, '/input', 'input')).toEqual([
      { path: '/input/email', code: 'input.format', message: 'must match format "email"' },
    ]);
  });

  it('explains why a user schema is not usable', () => {
    expect(checkSchema({ type: 'thing' })).toMatch(/type/);
    expect(checkSchema({ $ref: '#/definitions/missing' })).toMatch(/missing/);
  });

  it('points required and unknown properties at the property itself', () => {
    const validate = compileSchema({
      type: 'object',
      required: ['a'],
      properties: { a: {} },
      additionalProperties: false,
    });
    validate({ 'b/c': 1 });
    expect(schemaProblems(validate.errors, '/x', 'p').map((p) => [p.path, p.code])).toEqual([
      ['/x/a', 'p.required'],
      ['/x/b~1c', 'p.unknown_property'],
    ]);
  });
});
