/** Small helpers for definitions as plain JSON data. */

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Structural equality of JSON values; object key order does not matter. */
export const jsonEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
  return keysA.length === keysB.length && keysA.every((k) => jsonEqual(a[k], b[k]));
};

/** The value at a dotted path (`headers.Authorization`), or undefined. */
export const getPath = (value: unknown, dotted: string): unknown => {
  let current = value;
  for (const key of dotted.split('.')) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
};

/** Calls `visit` for every string inside a JSON value, with its JSON pointer. */
export const forEachString = (
  value: unknown,
  at: string,
  visit: (text: string, at: string) => void,
): void => {
  if (typeof value === 'string') visit(value, at);
  else if (Array.isArray(value)) value.forEach((item, i) => forEachString(item, `${at}/${i}`, visit));
  else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      forEachString(item, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, visit);
    }
  }
};

/** A copy of a JSON value with every string passed through `map` (unchanged parts are shared). */
export const mapStrings = (value: unknown, map: (text: string) => string): unknown => {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) {
    const mapped = value.map((item) => mapStrings(item, map));
    return mapped.every((item, i) => item === value[i]) ? value : mapped;
  }
  if (isRecord(value)) {
    let changed = false;
    const mapped: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      mapped[key] = mapStrings(item, map);
      changed ||= mapped[key] !== item;
    }
    return changed ? mapped : value;
  }
  return value;
};
