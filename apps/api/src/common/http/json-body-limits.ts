import { AppError, type JsonShapeLimits, type JsonShapeProblem } from '@stepline/domain';

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Measures the nesting and size of a JSON text from its bytes, before `JSON.parse`: one pass, no
 * recursion, no allocation. Strings are skipped (a `[` inside one is not a container). Malformed
 * JSON is not judged here; the parser refuses it next.
 */
export function scanJsonShape(bytes: Uint8Array, limits: JsonShapeLimits): JsonShapeProblem | null {
  let depth = 0;
  let nodes = 1;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      continue;
    }
    if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > limits.maxDepth) return { kind: 'too_deep', path: '', limit: limits.maxDepth };
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
    else if (b === COMMA && ++nodes > limits.maxNodes) return { kind: 'too_large', limit: limits.maxNodes };
  }
  return null;
}

/** The stable error of a JSON value past the limits, for bodies and GraphQL variables alike. */
export function jsonShapeError(problem: JsonShapeProblem, what = 'The request body'): AppError {
  return problem.kind === 'too_deep'
    ? new AppError('request.too_deep', `${what} is nested deeper than ${problem.limit} levels`, {
        detail: { limit: problem.limit },
      })
    : new AppError('request.too_large', `${what} holds more than ${problem.limit} values`, {
        detail: { limit: problem.limit },
      });
}

/**
 * body-parser's `verify` hook: runs on the raw bytes before parsing, so a body nested 100,000 levels
 * deep never becomes an object that class-transformer or class-validator would recurse into. What it
 * throws reaches the problem filter like any body-parser error.
 */
export function jsonBodyVerifier(limits: JsonShapeLimits) {
  return (_req: unknown, _res: unknown, buffer: Buffer): void => {
    const problem = scanJsonShape(buffer, limits);
    if (problem) throw jsonShapeError(problem);
  };
}
