import { httpStepType, switchStepType, forEachStepType } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { fieldsOf, getPath, labelOf, setPath } from './schema-field.model';

describe('form fields from a step type JSON Schema', () => {
  it('maps the http schema to fields, required first, expression fields marked', () => {
    const fields = fieldsOf(httpStepType.configSchema, { expressionFields: httpStepType.expressionFields });
    // The catalogue may grow; the fields it has today map like this, required ones first.
    expect(fields.map((f) => `${f.key}:${f.kind}`).slice(0, 7)).toEqual([
      'method:select',
      'url:text',
      'headers:map',
      'query:map',
      'bodyType:select',
      'body:json',
      'auth:group',
    ]);
    expect(fields.find((f) => f.key === 'url')).toMatchObject({ required: true, expression: 'template' });
    expect(fields.find((f) => f.key === 'method')?.options).toContain('POST');
    expect(fields.find((f) => f.key === 'auth')?.children?.map((c) => c.path)).toEqual([
      'auth.type',
      'auth.secret',
      'auth.username',
      'auth.header',
    ]);
  });

  it('maps arrays of objects to repeated groups and leaves nested graphs to their canvas', () => {
    const cases = fieldsOf(switchStepType.configSchema).find((f) => f.key === 'cases');
    expect(cases?.kind).toBe('group-list');
    expect(cases?.children?.map((c) => `${c.key}:${c.kind}`)).toEqual(['name:text', 'value:json']);
    const loop = fieldsOf(forEachStepType.configSchema, { nestedGraphFields: ['body'] });
    // The body is not a form field: it is edited on its own canvas.
    expect(loop.map((f) => f.key)).toEqual(['items', 'concurrency', 'onItemError']);
    expect(loop.find((f) => f.key === 'concurrency')).toMatchObject({
      kind: 'number',
      integer: true,
      minimum: 1,
    });
  });

  it('labels keys for people and sets nested paths without touching the rest', () => {
    expect(labelOf('bodyType')).toBe('Body type');
    expect(labelOf('timeoutMs')).toBe('Timeout (ms)');
    const config = { method: 'GET', auth: { type: 'bearer', secret: 'A' } };
    const next = setPath(config, 'auth.secret', 'B');
    expect(next).toEqual({ method: 'GET', auth: { type: 'bearer', secret: 'B' } });
    expect(config.auth.secret).toBe('A');
    expect(setPath(next, 'method', undefined)).toEqual({ auth: { type: 'bearer', secret: 'B' } });
    expect(getPath(next, 'auth.type')).toBe('bearer');
  });
});
