import { isStepFailure, type HttpStepConfig } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { buildHttpRequest, decodeBody, isSuccessStatus } from './http-request.builder.js';

const noSecrets = () => undefined;
const build = (config: Partial<HttpStepConfig>, secretOf: (n: string) => string | undefined = noSecrets) =>
  buildHttpRequest({ method: 'GET', url: 'https://api.example/x', ...config } as HttpStepConfig, secretOf);

describe('building an http step request', () => {
  it('appends query parameters to the URL, keeping its own', () => {
    expect(build({ url: 'https://api.example/x?a=1', query: { b: '2', c: 'ä &' } }).url).toBe(
      'https://api.example/x?a=1&b=2&c=%C3%A4+%26',
    );
  });

  it('encodes json, form and text bodies with a matching content type unless one is set', () => {
    expect(build({ method: 'POST', body: { a: 1 } })).toMatchObject({
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(build({ method: 'POST', bodyType: 'form', body: { a: 1, b: 'x y' } })).toMatchObject({
      body: 'a=1&b=x+y',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(
      build({ method: 'PUT', bodyType: 'text', body: 'hi', headers: { 'Content-Type': 'text/csv' } }),
    ).toMatchObject({
      body: 'hi',
      headers: { 'Content-Type': 'text/csv' },
    });
  });

  it('sends no body with GET or HEAD', () => {
    expect(build({ method: 'GET', body: { a: 1 } }).body).toBeUndefined();
  });

  it('takes credentials from the named secret and fails clearly when it does not exist', () => {
    const secrets = (name: string) => (name === 'TOKEN' ? 's3cret' : undefined);
    expect(build({ auth: { type: 'bearer', secret: 'TOKEN' } }, secrets).headers.authorization).toBe(
      'Bearer s3cret',
    );
    expect(
      build({ auth: { type: 'basic', secret: 'TOKEN', username: 'u' } }, secrets).headers.authorization,
    ).toBe(`Basic ${Buffer.from('u:s3cret').toString('base64')}`);
    expect(
      build({ auth: { type: 'header', secret: 'TOKEN', header: 'X-Key' } }, secrets).headers['X-Key'],
    ).toBe('s3cret');
    const error = (() => {
      try {
        build({ auth: { type: 'bearer', secret: 'MISSING' } }, secrets);
      } catch (e) {
        return e;
      }
    })();
    expect(isStepFailure(error) && error.code).toBe('step.failed');
    expect(JSON.stringify(error)).not.toContain('s3cret');
  });

  it('refuses a URL that is not absolute', () => {
    expect(() => build({ url: '/relative' })).toThrow(/not a valid absolute URL/);
  });
});

describe('success statuses and bodies', () => {
  it('accepts 2xx by default, and exact codes or classes when listed', () => {
    expect(isSuccessStatus(204, undefined)).toBe(true);
    expect(isSuccessStatus(404, undefined)).toBe(false);
    expect(isSuccessStatus(404, ['2xx', '404'])).toBe(true);
    expect(isSuccessStatus(503, ['4xx'])).toBe(false);
  });

  it('parses JSON, keeps text, and base64-encodes binary', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(decodeBody('application/json; charset=utf-8', bytes('{"a":1}'))).toEqual({ a: 1 });
    expect(decodeBody('application/json', bytes('not json'))).toBe('not json');
    expect(decodeBody('text/plain', bytes('hi'))).toBe('hi');
    expect(decodeBody('image/png', new Uint8Array([1, 2]))).toEqual({
      base64: 'AQI=',
      contentType: 'image/png',
    });
    expect(decodeBody('text/plain', new Uint8Array())).toBeNull();
  });
});
