/**
 * JSONata 2.2's own rules for the operations the fast path performs, restated line for line from
 * `jsonata.js` (`lookup`, `isFunction`, `isNumeric`, `boolean`, `isDeepEqual`, `string`). Where
 * JSONata would throw, or where its sequence machinery would kick in, these return `DEFER` and the
 * caller hands the whole expression to JSONata, which then produces the real result or error.
 */
export const DEFER: unique symbol = Symbol('fast-path.defer');
export type Deferred = typeof DEFER;

const hasOwn = Object.prototype.hasOwnProperty;

/** JSONata's `isFunction`: JS functions and objects flagged as JSONata lambdas or natives. */
export const isJsonataFunction = (value: unknown): boolean =>
  typeof value === 'function' ||
  (typeof value === 'object' &&
    value !== null &&
    ((value as { _jsonata_function?: unknown })._jsonata_function === true ||
      (value as { _jsonata_lambda?: unknown })._jsonata_lambda === true));

/**
 * An array JSONata treats as ordinary data. Arrays JSONata built itself carry flags (`sequence`,
 * `cons`, `keepSingleton`, `outerWrapper`, `tupleStream`) that change how paths flatten them.
 */
export const isPlainArray = (value: unknown[]): boolean =>
  !('sequence' in value) &&
  !('cons' in value) &&
  !('keepSingleton' in value) &&
  !('outerWrapper' in value) &&
  !('tupleStream' in value);

/**
 * One path step `name` applied to a single value. An array would be mapped over (sequence
 * semantics), so it defers; JSONata reads own properties only, never through a function.
 */
export const lookup = (value: unknown, key: string): unknown => {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) return DEFER;
  if (!hasOwn.call(value, key) || isJsonataFunction(value)) return undefined;
  return (value as Record<string, unknown>)[key];
};

/** JSONata's `isNumeric`: a number that is not NaN; ±Infinity is an error (D1001), so defer. */
export const numeric = (value: unknown): boolean | Deferred => {
  if (typeof value !== 'number') return false;
  if (Number.isNaN(value)) return false;
  return Number.isFinite(value) ? true : DEFER;
};

/** JSONata's `boolean()` (effective boolean value); `undefined` stays undefined. */
export const effectiveBoolean = (value: unknown): boolean | undefined | Deferred => {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 1) return effectiveBoolean(value[0]);
    if (value.length === 0) return false;
    let any = false;
    for (const item of value) {
      const b = effectiveBoolean(item);
      if (b === DEFER) return DEFER;
      if (b) any = true;
    }
    return any;
  }
  if (typeof value === 'string') return value.length > 0;
  const isNum = numeric(value);
  if (isNum === DEFER) return DEFER;
  if (isNum) return value !== 0;
  if (value !== null && typeof value === 'object' && !isJsonataFunction(value)) {
    return Object.keys(value).length > 0;
  }
  return value === true;
};

/** JSONata's `isDeepEqual` (the `=` operator), including its quirks (own property names). */
export const deepEqual = (lhs: unknown, rhs: unknown): boolean => {
  if (lhs === rhs) return true;
  if (typeof lhs !== 'object' || typeof rhs !== 'object' || lhs === null || rhs === null) return false;
  if (Array.isArray(lhs) && Array.isArray(rhs)) {
    if (lhs.length !== rhs.length) return false;
    for (let i = 0; i < lhs.length; i++) if (!deepEqual(lhs[i], rhs[i])) return false;
    return true;
  }
  const lkeys = Object.getOwnPropertyNames(lhs).sort();
  const rkeys = Object.getOwnPropertyNames(rhs).sort();
  if (lkeys.length !== rkeys.length) return false;
  for (let i = 0; i < lkeys.length; i++) if (lkeys[i] !== rkeys[i]) return false;
  for (const key of lkeys) {
    if (!deepEqual((lhs as Record<string, unknown>)[key], (rhs as Record<string, unknown>)[key]))
      return false;
  }
  return true;
};

const DEFER_SIGNAL = new Error('fast-path.defer');

/** JSONata's number formatting inside `string()`: non-integers rounded to 15 significant digits. */
const stringReplacer = (_key: string, value: unknown): unknown => {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return value;
    // JSONata's isNumeric throws D1001 on ±Infinity nested in a value.
    if (!Number.isFinite(value)) throw DEFER_SIGNAL;
    return Number.isInteger(value) ? value : Number(value.toPrecision(15));
  }
  return value && isJsonataFunction(value) ? '' : value;
};

/** JSONata's `string()` as used by `&` (never called with undefined). */
export const jsonataString = (value: unknown): string | Deferred => {
  if (typeof value === 'string') return value;
  if (isJsonataFunction(value)) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) return DEFER; // D3001
  // Arrays JSONata built (outer wrappers, sequences) are not data the fast path reads.
  if (Array.isArray(value) && !isPlainArray(value)) return DEFER;
  try {
    return JSON.stringify(value, stringReplacer) as string;
  } catch {
    // ±Infinity nested in the value (D1001), or anything else JSONata would fail on as well.
    return DEFER;
  }
};
