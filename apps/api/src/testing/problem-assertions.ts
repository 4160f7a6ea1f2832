import { expect } from 'vitest';
import type { HttpResponse } from './http-client.js';

/** A REST problem: the status and the code, never the message. */
export function expectProblem(res: HttpResponse, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }, JSON.stringify(res.body)).toEqual({ status, code });
}

type GqlBody = { data?: any; errors?: Array<{ extensions?: Record<string, any> }> };

export function expectGqlError(body: GqlBody, code: string): void {
  expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body)).toBe(code);
}

export function expectGqlOk(body: GqlBody): void {
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
}
