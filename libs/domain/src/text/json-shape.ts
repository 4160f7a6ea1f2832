import { findTextProblem, type TextProblem } from './text-rules.js';

/** Bounds on a parsed JSON value, checked without recursion so no input can exhaust the stack. */
export interface JsonShapeLimits {
  /** Containers nested inside each other; the top-level value is depth 1. */
  maxDepth: number;
  /** Values (containers, scalars and keys together) in the whole document. */
  maxNodes: number;
}

export type JsonShapeProblem =
  { kind: 'too_deep'; path: string; limit: number } | { kind: 'too_large'; limit: number };

/** Escapes one segment of a JSON pointer (RFC 6901). */
export const pointerSegment = (key: string | number): string =>
  String(key).replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The first limit `value` breaks, or null. Walks iteratively: a document nested 100,000 levels
 * deep is measured, not recursed into.
 */
export function checkJsonShape(value: unknown, limits: JsonShapeLimits): JsonShapeProblem | null {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value, depth: 1, path: '' }];
  let nodes = 0;
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    nodes++;
    if (nodes > limits.maxNodes) return { kind: 'too_large', limit: limits.maxNodes };
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth > limits.maxDepth) return { kind: 'too_deep', path: item.path, limit: limits.maxDepth };
    const entries = Array.isArray(item.value)
      ? item.value.map((v, i) => [i, v] as const)
      : Object.entries(item.value as Record<string, unknown>);
    nodes += Array.isArray(item.value) ? 0 : entries.length;
    for (const [key, child] of entries) {
      stack.push({ value: child, depth: item.depth + 1, path: `${item.path}/${pointerSegment(key)}` });
    }
  }
  return null;
}

export interface JsonTextProblem extends TextProblem {
  /** JSON pointer of the string (or of the object holding the offending key). */
  path: string;
}

/**
 * Strings and keys of a free-form JSON document checked with the `json` text rule: the problems
 * found, at most `max` of them. Iterative, like `checkJsonShape`; run that first to bound the work.
 */
export function findJsonTextProblems(value: unknown, basePath = '', max = 20): JsonTextProblem[] {
  const problems: JsonTextProblem[] = [];
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: basePath }];
  for (let item = stack.pop(); item !== undefined && problems.length < max; item = stack.pop()) {
    const { value: current, path } = item;
    if (typeof current === 'string') {
      const problem = findTextProblem(current, 'json');
      if (problem) problems.push({ ...problem, path });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (Array.isArray(current)) {
      current.forEach((child, i) => stack.push({ value: child, path: `${path}/${i}` }));
      continue;
    }
    for (const [key, child] of Object.entries(current as Record<string, unknown>)) {
      const childPath = `${path}/${pointerSegment(key)}`;
      const keyProblem = findTextProblem(key, 'json');
      if (keyProblem) problems.push({ ...keyProblem, path: childPath, message: `key ${keyProblem.message}` });
      stack.push({ value: child, path: childPath });
    }
  }
  return problems.slice(0, max);
}
