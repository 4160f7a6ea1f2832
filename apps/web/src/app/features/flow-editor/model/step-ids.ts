import { STEP_ID_REGEX } from '@stepline/domain';

/** `forEach` → `for_each`: a step id prefix from a type name that passes STEP_ID_PATTERN. */
export const idPrefixOf = (type: string): string => {
  const snake = type
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/^[^a-z]+/, '');
  return (snake || 'step').slice(0, 50);
};

/** The first `<prefix>_<n>` not in `taken` (ids are unique across nested graphs). */
export const freshStepId = (prefix: string, taken: ReadonlySet<string>): string => {
  const base = STEP_ID_REGEX.test(prefix) ? prefix : idPrefixOf(prefix);
  for (let n = 1; ; n++) {
    const id = `${base}_${n}`;
    if (!taken.has(id)) return id;
  }
};
