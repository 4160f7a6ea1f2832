import jsonata from 'jsonata';
import { AppError } from '../errors/index.js';
import { parseJsonata } from './expression.parser.js';
import type { ExpressionParseResult } from './expression.types.js';

export interface ExpressionCacheLimits {
  /** Parse results (references, errors: well under 1 kB each). */
  maxParsed?: number;
  /** Compiled JSONata expressions (~20 kB each for a non-trivial one). */
  maxCompiled?: number;
}

/** A Map used as an LRU: re-inserting a key moves it to the end, the first key is the oldest. */
const touch = <V>(map: Map<string, V>, key: string, value: V, max: number): void => {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
};

/**
 * Parsed and compiled expressions keyed by source, least recently used evicted first. Parsing
 * dominates validation time (JSONata rebuilds its parser on every call, ~100–300 µs for a
 * non-trivial expression), and editors and servers see the same sources again and again.
 * Failures are cached too, so a broken expression is not re-parsed on every keystroke. Compiled
 * expressions are far larger than parse results, hence their own, smaller bound.
 */
export class ExpressionCache {
  private readonly parsed = new Map<string, ExpressionParseResult>();
  private readonly compiled = new Map<string, jsonata.Expression>();
  private readonly maxParsed: number;
  private readonly maxCompiled: number;

  constructor(limits: ExpressionCacheLimits = {}) {
    this.maxParsed = limits.maxParsed ?? 20_000;
    this.maxCompiled = limits.maxCompiled ?? 500;
  }

  get size(): number {
    return this.parsed.size;
  }

  parse(source: string): ExpressionParseResult {
    const hit = this.parsed.get(source);
    if (hit) {
      touch(this.parsed, source, hit, this.maxParsed);
      return hit;
    }
    const { result, compiled } = parseJsonata(source);
    touch(this.parsed, source, result, this.maxParsed);
    if (compiled) touch(this.compiled, source, compiled, this.maxCompiled);
    return result;
  }

  /** The JSONata expression to evaluate; throws `flow.invalid_definition` when it does not parse. */
  compile(source: string): jsonata.Expression {
    const result = this.parse(source);
    if (!result.ok) {
      throw new AppError('flow.invalid_definition', `Expression does not parse: ${result.error.message}`, {
        detail: { source, position: result.error.position },
      });
    }
    const expression = this.compiled.get(source) ?? jsonata(source);
    touch(this.compiled, source, expression, this.maxCompiled);
    return expression;
  }

  clear(): void {
    this.parsed.clear();
    this.compiled.clear();
  }
}

/** The process-wide cache used by validation when none is passed. */
export const sharedExpressionCache = new ExpressionCache();
