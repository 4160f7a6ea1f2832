import { describe, expect, it } from 'vitest';
import { defaultRunOutput } from './run-output.js';

describe('defaultRunOutput', () => {
  it('keys the outputs of the steps that ended the run by step id', () => {
    const outputs = new Map<string, unknown>([
      ['a', { body: 1 }],
      ['b', [1, 2]],
      ['c', 'unused'],
    ]);
    expect(defaultRunOutput(['a', 'b'], outputs)).toEqual({ a: { body: 1 }, b: [1, 2] });
  });

  it('keeps the object shape for a single ended step and for none', () => {
    expect(defaultRunOutput(['only'], new Map([['only', 42]]))).toEqual({ only: 42 });
    expect(defaultRunOutput([], new Map())).toEqual({});
  });

  it('writes null for an ended step without output, so the key is always there', () => {
    const output = defaultRunOutput(['respond', 'x'], new Map<string, unknown>([['x', null]]));
    expect(output).toEqual({ respond: null, x: null });
    expect(Object.keys(output)).toEqual(['respond', 'x']);
  });

  it('treats ids that name Object.prototype members as plain keys', () => {
    const output = defaultRunOutput(['constructor', 'to_string'], new Map([['constructor', 1]]));
    expect(Object.getOwnPropertyNames(output)).toEqual(['constructor', 'to_string']);
    expect(output['constructor']).toBe(1);
    expect(JSON.parse(JSON.stringify(output))).toEqual({ constructor: 1, to_string: null });
  });
});
