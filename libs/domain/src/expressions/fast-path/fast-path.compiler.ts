import type { ExpressionAst } from '../expression.types.js';
import {
  DEFER,
  deepEqual,
  effectiveBoolean,
  isPlainArray,
  jsonataString,
  lookup,
  numeric,
  type Deferred,
} from './jsonata-semantics.js';

/**
 * Evaluates an expression of the fast-path subset against JSONata's input (the evaluation context)
 * and returns its value, or `DEFER` when the result might differ from JSONata's in any way (an
 * array met mid-path, an operand JSONata would reject …): the caller then runs JSONata itself.
 */
export type FastPath = (root: unknown) => unknown;

type Node = ExpressionAst;
type Compiled = (root: unknown) => unknown;

/**
 * The subset, as JSONata's parser shapes it. Every key of every node must be listed for its type:
 * a key we do not know (a predicate, a group-by, `keepArray`, a focus or index binding …) means
 * semantics we do not reproduce, so the expression is left to JSONata.
 */
const ALLOWED_KEYS: Record<string, ReadonlySet<string>> = {
  path: new Set(['type', 'steps']),
  name: new Set(['type', 'value', 'position', 'stages']),
  variable: new Set(['type', 'value', 'position']),
  string: new Set(['type', 'value', 'position']),
  number: new Set(['type', 'value', 'position']),
  value: new Set(['type', 'value', 'position']),
  unary: new Set(['type', 'value', 'position', 'expression']),
  binary: new Set(['type', 'value', 'position', 'lhs', 'rhs']),
  block: new Set(['type', 'position', 'expressions']),
  condition: new Set(['type', 'position', 'condition', 'then', 'else']),
};

const hasOnlyKeys = (node: Node): boolean => {
  const allowed = ALLOWED_KEYS[node.type];
  if (!allowed) return false;
  for (const key of Object.keys(node)) if (!allowed.has(key)) return false;
  return true;
};

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';

/** `$` (the context) and `$$` (the root) are the same value wherever the fast path evaluates. */
const isRootVariable = (node: Node): boolean =>
  node.type === 'variable' && (node.value === '' || node.value === '$');

/** `[n]` stages with a number literal: JSONata's numeric predicate, exactly. */
const indexStages = (step: Node): number[] | undefined => {
  const stages = step['stages'];
  if (stages === undefined) return [];
  if (!Array.isArray(stages)) return undefined;
  const indexes: number[] = [];
  for (const stage of stages as unknown[]) {
    if (!isNode(stage) || stage.type !== 'filter') return undefined;
    const keys = Object.keys(stage);
    if (keys.some((key) => key !== 'type' && key !== 'expr' && key !== 'position')) return undefined;
    const expr = stage['expr'];
    if (!isNode(expr) || expr.type !== 'number' || !hasOnlyKeys(expr) || typeof expr.value !== 'number') {
      return undefined;
    }
    indexes.push(Math.floor(expr.value));
  }
  return indexes;
};

/**
 * `value[index]` as JSONata's `evaluateFilter` does it for one input value: a non-array is a
 * singleton sequence; negative indexes count from the end; an array item would be spliced into
 * the sequence (not something we reproduce), so it defers.
 */
const selectIndex = (value: unknown, index: number): unknown => {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return index === 0 || index === -1 ? value : undefined;
  if (!isPlainArray(value)) return DEFER;
  const item: unknown = value[index < 0 ? value.length + index : index];
  return Array.isArray(item) ? DEFER : item;
};

interface PathStep {
  name: string;
  indexes: number[];
}

const compilePath = (node: Node): Compiled | undefined => {
  const steps = node.steps;
  if (!Array.isArray(steps) || steps.length === 0) return undefined;
  const [head] = steps;
  const fromRoot = head !== undefined && isRootVariable(head) && hasOnlyKeys(head);
  const names: PathStep[] = [];
  for (let i = fromRoot ? 1 : 0; i < steps.length; i++) {
    const step = steps[i] as Node;
    if (step.type !== 'name' || typeof step.value !== 'string' || !hasOnlyKeys(step)) return undefined;
    const indexes = indexStages(step);
    if (!indexes) return undefined;
    names.push({ name: step.value, indexes });
  }
  const count = names.length;
  return (root) => {
    let value: unknown = root;
    for (let i = 0; i < count; i++) {
      const step = names[i] as PathStep;
      value = lookup(value, step.name);
      if (value === DEFER) return DEFER;
      for (const index of step.indexes) {
        value = selectIndex(value, index);
        if (value === DEFER) return DEFER;
      }
    }
    // The last step's array is returned as is by JSONata, unless it is one of its own sequences.
    if (Array.isArray(value) && !isPlainArray(value)) return DEFER;
    return value;
  };
};

const ARITHMETIC: Record<string, (l: number, r: number) => number> = {
  '+': (l, r) => l + r,
  '-': (l, r) => l - r,
  '*': (l, r) => l * r,
  '/': (l, r) => l / r,
  '%': (l, r) => l % r,
};

const ORDERING: Record<string, (l: string | number, r: string | number) => boolean> = {
  '<': (l, r) => l < r,
  '<=': (l, r) => l <= r,
  '>': (l, r) => l > r,
  '>=': (l, r) => l >= r,
};

const isComparable = (value: unknown): boolean =>
  value === undefined || typeof value === 'string' || typeof value === 'number';

const compileBinary = (node: Node, lhs: Compiled, rhs: Compiled): Compiled | undefined => {
  const op = node.value as string;
  const arithmetic = ARITHMETIC[op];
  if (arithmetic) {
    return (root) => {
      const l = lhs(root);
      if (l === DEFER) return DEFER;
      const r = rhs(root);
      if (r === DEFER) return DEFER;
      // T2001 / T2002 / D1001 are JSONata's to raise.
      if (l !== undefined && numeric(l) !== true) return DEFER;
      if (r !== undefined && numeric(r) !== true) return DEFER;
      if (l === undefined || r === undefined) return undefined;
      return arithmetic(l as number, r as number);
    };
  }
  const ordering = ORDERING[op];
  if (ordering) {
    return (root) => {
      const l = lhs(root);
      if (l === DEFER) return DEFER;
      const r = rhs(root);
      if (r === DEFER) return DEFER;
      // T2010 (not a string or number) and T2009 (different types) are JSONata's to raise.
      if (!isComparable(l) || !isComparable(r)) return DEFER;
      if (l === undefined || r === undefined) return undefined;
      if (typeof l !== typeof r) return DEFER;
      return ordering(l as string | number, r as string | number);
    };
  }
  if (op === '=' || op === '!=') {
    const equal = op === '=';
    return (root) => {
      const l = lhs(root);
      if (l === DEFER) return DEFER;
      const r = rhs(root);
      if (r === DEFER) return DEFER;
      if (l === undefined || r === undefined) return false;
      return deepEqual(l, r) === equal;
    };
  }
  if (op === 'and' || op === 'or') {
    const isAnd = op === 'and';
    return (root) => {
      const l = lhs(root);
      if (l === DEFER) return DEFER;
      const lBool = effectiveBoolean(l);
      if (lBool === DEFER) return DEFER;
      // Short-circuits like JSONata: the right side is not evaluated at all.
      if (isAnd ? !lBool : lBool) return isAnd ? false : true;
      const r = rhs(root);
      if (r === DEFER) return DEFER;
      const rBool = effectiveBoolean(r);
      return rBool === DEFER ? DEFER : rBool === true;
    };
  }
  if (op === '&') {
    return (root) => {
      const l = lhs(root);
      if (l === DEFER) return DEFER;
      const r = rhs(root);
      if (r === DEFER) return DEFER;
      const ls = l === undefined ? '' : jsonataString(l);
      if (ls === DEFER) return DEFER;
      const rs = r === undefined ? '' : jsonataString(r);
      if (rs === DEFER) return DEFER;
      return ls + rs;
    };
  }
  return undefined;
};

const compileNode = (node: unknown): Compiled | undefined => {
  if (!isNode(node) || !hasOnlyKeys(node)) return undefined;
  switch (node.type) {
    case 'path':
      return compilePath(node);
    case 'string':
    case 'number':
    case 'value': {
      const value = node.value;
      if (
        value !== null &&
        typeof value !== 'string' &&
        typeof value !== 'number' &&
        typeof value !== 'boolean'
      ) {
        return undefined;
      }
      return () => value;
    }
    case 'variable':
      return isRootVariable(node) ? (root) => root : undefined;
    case 'unary': {
      if (node.value !== '-') return undefined;
      const operand = compileNode(node['expression']);
      if (!operand) return undefined;
      return (root) => {
        const value = operand(root);
        if (value === DEFER || value === undefined) return value;
        return numeric(value) === true ? -(value as number) : DEFER; // D1002 / D1001
      };
    }
    case 'binary': {
      const lhs = compileNode(node['lhs']);
      const rhs = compileNode(node['rhs']);
      return lhs && rhs ? compileBinary(node, lhs, rhs) : undefined;
    }
    case 'block': {
      const expressions = node['expressions'];
      if (!Array.isArray(expressions)) return undefined;
      const parts = (expressions as unknown[]).map(compileNode);
      if (parts.some((part) => part === undefined)) return undefined;
      const compiled = parts as Compiled[];
      if (compiled.length === 1) return compiled[0];
      return (root) => {
        let value: unknown;
        for (const part of compiled) {
          value = part(root);
          if (value === DEFER) return DEFER;
        }
        return value;
      };
    }
    case 'condition': {
      const condition = compileNode(node['condition']);
      const then = compileNode(node['then']);
      const otherwise = node['else'] === undefined ? () => undefined : compileNode(node['else']);
      if (!condition || !then || !otherwise) return undefined;
      return (root) => {
        const test = condition(root);
        if (test === DEFER) return DEFER;
        const truthy = effectiveBoolean(test);
        if (truthy === DEFER) return DEFER;
        return truthy ? then(root) : otherwise(root);
      };
    }
    default:
      return undefined;
  }
};

/**
 * Compiles an expression into closures when every node is in the fast-path subset: paths (with
 * literal indexes), literals, `$`/`$$`, unary minus, `+ - * / %`, `= != < <= > >=`, `and`/`or`,
 * `&`, parentheses and `? :`. Anything else returns undefined and is JSONata's.
 */
export const compileFastPath = (ast: ExpressionAst): FastPath | undefined => {
  const compiled = compileNode(ast);
  if (!compiled) return undefined;
  // JSONata wraps an array input in a sequence (paths then map over it): not our case.
  return (root) => (Array.isArray(root) ? DEFER : compiled(root));
};

export const isDeferred = (value: unknown): value is Deferred => value === DEFER;
