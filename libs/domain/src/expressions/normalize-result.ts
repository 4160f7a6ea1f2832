/**
 * JSONata returns its own sequences (arrays flagged `sequence`, `keepSingleton` …) and may return
 * its functions (lambdas, built-ins). Neither is data: a flagged array read again by a later
 * expression flattens differently than the same array after a JSON round trip, and a lambda drags
 * JSONata's environment along. So every JSONata result becomes plain data before anyone sees it:
 * flagged arrays are copied as plain arrays, functions become `undefined` (dropped from objects,
 * as JSON would drop them). Unchanged parts are returned as they are (no copy).
 */
const MAX_DEPTH = 200;

const isRuntimeFunction = (value: object): boolean => {
  if (typeof value === 'function') return true;
  const v = value as {
    _jsonata_lambda?: unknown;
    _jsonata_function?: unknown;
    environment?: unknown;
    implementation?: unknown;
  };
  // Only JSONata's own function objects; plain data that merely carries the flag is left alone.
  return (
    (v._jsonata_lambda === true && typeof v.environment === 'object' && v.environment !== null) ||
    (v._jsonata_function === true && typeof v.implementation === 'function')
  );
};

const FLAGS = ['sequence', 'keepSingleton', 'cons', 'outerWrapper', 'tupleStream'];

const normalize = (value: unknown, depth: number): unknown => {
  if (typeof value !== 'object' && typeof value !== 'function') return value;
  if (value === null) return value;
  if (isRuntimeFunction(value)) return undefined;
  // Deeper than any JSONata-built value: data from the context, already plain.
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined = FLAGS.some((flag) => flag in value) ? [] : undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const next = normalize(item, depth + 1);
      if (next !== item && !copy) copy = value.slice(0, i);
      if (copy) copy.push(next);
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const item = record[key];
    const next = normalize(item, depth + 1);
    if (next !== item && !copy) copy = { ...record };
    if (copy) {
      if (next === undefined) delete copy[key];
      else copy[key] = next;
    }
  }
  return copy ?? value;
};

export const normalizeResult = (value: unknown): unknown => normalize(value, 0);
