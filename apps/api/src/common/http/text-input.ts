import { Args, type ArgsOptions } from '@nestjs/graphql';
import type { PipeTransform, Type } from '@nestjs/common';
import {
  findJsonTextProblems,
  findTextProblem,
  pointerSegment,
  type FieldProblem,
  type TextMode,
} from '@stepline/domain';

const MULTILINE = Symbol('stepline:multiline-text');

/**
 * Marks a string field (or string-array field) of a DTO or GraphQL input whose text may span lines:
 * tab, line feed and carriage return are accepted there. Every other string field of every input is
 * single-line; free-form JSON fields (definitions, payloads) follow the `json` rule.
 */
export const MultilineText = (): PropertyDecorator => (target, key) => {
  Reflect.defineMetadata(MULTILINE, true, target, key);
};

/**
 * Scalar GraphQL arguments (not inside an input type) have no class to carry the marker, and a pipe
 * sees only their name: names declared through `MultilineArg` are multi-line wherever they appear.
 */
const multilineArgNames = new Set<string>();

/** `@Args(name, options)` for a scalar string argument whose text may span lines. */
export function MultilineArg(
  name: string,
  options: ArgsOptions,
  ...pipes: Array<Type<PipeTransform> | PipeTransform>
): ParameterDecorator {
  multilineArgNames.add(name);
  return Args(name, options, ...pipes);
}

export const isMultilineArg = (name: string | undefined): boolean =>
  name !== undefined && multilineArgNames.has(name);

const modeOf = (owner: object, key: string): TextMode =>
  Reflect.getMetadata(MULTILINE, owner, key) === true ? 'multi-line' : 'single-line';

/** A DTO instance (class-transformer built it) rather than a free-form JSON object. */
const isDtoInstance = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto !== null && proto !== Object.prototype && !Array.isArray(value);
};

const MAX_PROBLEMS = 20;

/**
 * The text problems of one request input, as class-validator problems are reported: JSON pointers
 * from the input's root. `value` is a DTO instance (its fields follow their markers, nested DTOs
 * recursively, JSON fields the `json` rule) or a raw value (strings single-line, objects `json`).
 * Depth is already bounded by the JSON shape check, so recursing over DTO levels is safe.
 */
export function findInputTextProblems(
  value: unknown,
  path = '',
  mode: TextMode = 'single-line',
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  visit(value, path, mode, problems);
  return problems.slice(0, MAX_PROBLEMS);
}

function visit(value: unknown, path: string, mode: TextMode, problems: FieldProblem[]): void {
  if (problems.length >= MAX_PROBLEMS) return;
  if (typeof value === 'string') {
    const problem = findTextProblem(value, mode);
    if (problem) problems.push({ path, code: problem.code, message: problem.message });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => visit(item, `${path}/${i}`, mode, problems));
    return;
  }
  if (!isDtoInstance(value)) {
    for (const p of findJsonTextProblems(value, path, MAX_PROBLEMS - problems.length)) {
      problems.push({ path: p.path, code: p.code, message: p.message });
    }
    return;
  }
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (typeof field === 'function') continue; // the pipe's own `constructor` stand-in
    const childPath = `${path}/${pointerSegment(key)}`;
    const keyProblem = findTextProblem(key, 'json');
    if (keyProblem)
      problems.push({ path: childPath, code: keyProblem.code, message: `key ${keyProblem.message}` });
    visit(field, childPath, modeOf(value, key), problems);
  }
}
