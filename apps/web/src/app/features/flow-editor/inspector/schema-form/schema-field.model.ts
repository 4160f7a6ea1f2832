/**
 * JSON Schema (draft-07, as the step-type catalogue states configs) → the fields of a form. One
 * generic mapping serves every step type — no hand-written form per type:
 *   string (+enum → select, long or JSONata → multi-line), integer/number, boolean,
 *   object with `properties` → nested group, object of strings (`additionalProperties`) → key/value
 *   rows, array of strings → list, array of objects → repeated groups, anything else → JSON.
 * Expression fields (the type's `expressionFields`) get autocomplete; nested graphs are edited on
 * their own canvas and left out.
 */
export type FieldKind =
  'text' | 'select' | 'number' | 'boolean' | 'group' | 'map' | 'list' | 'group-list' | 'json' | 'code';

export interface FieldModel {
  readonly key: string;
  /** Dotted path inside config (`auth.type`); list items are edited through their parent. */
  readonly path: string;
  readonly kind: FieldKind;
  readonly label: string;
  readonly description?: string;
  readonly required: boolean;
  readonly options?: readonly string[];
  readonly integer?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly multiline?: boolean;
  readonly defaultValue?: unknown;
  /** `expression` (bare JSONata) or `template` (`{{ }}` inside strings). */
  readonly expression?: 'expression' | 'template';
  readonly children?: readonly FieldModel[];
}

export interface SchemaFormOptions {
  readonly expressionFields?: readonly { field: string; kind: string }[];
  readonly nestedGraphFields?: readonly string[];
  /** Fields edited with the code editor, as `field` paths (the catalogue marks none yet). */
  readonly codeFields?: readonly string[];
}

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `bodyType` → "Body type", `timeoutMs` → "Timeout (ms)". */
export const labelOf = (key: string): string => {
  const ms = /Ms$/.test(key);
  const words = key
    .replace(/Ms$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  const label = words.charAt(0).toUpperCase() + words.slice(1);
  return ms ? `${label} (ms)` : label;
};

const expressionKind = (path: string, options: SchemaFormOptions): 'expression' | 'template' | undefined => {
  const field = options.expressionFields?.find((f) => f.field === path || path.startsWith(`${f.field}.`));
  return field?.kind === 'expression' || field?.kind === 'template' ? field.kind : undefined;
};

const fieldOf = (
  key: string,
  path: string,
  schema: Schema,
  required: boolean,
  options: SchemaFormOptions,
): FieldModel => {
  const base = {
    key,
    path,
    label: labelOf(key),
    required,
    ...(typeof schema['description'] === 'string' ? { description: schema['description'] } : {}),
    ...('default' in schema ? { defaultValue: schema['default'] } : {}),
  };
  const expression = expressionKind(path, options);
  const type = schema['type'];
  if (options.codeFields?.includes(path)) return { ...base, kind: 'code' };
  if (type === 'string' && Array.isArray(schema['enum']))
    return { ...base, kind: 'select', options: schema['enum'].map(String) };
  if (type === 'string') {
    const long = typeof schema['maxLength'] === 'number' && schema['maxLength'] > 2000;
    return {
      ...base,
      kind: 'text',
      multiline: long || expression === 'expression',
      ...(expression ? { expression } : {}),
    };
  }
  if (type === 'integer' || type === 'number')
    return {
      ...base,
      kind: 'number',
      integer: type === 'integer',
      ...(typeof schema['minimum'] === 'number' ? { minimum: schema['minimum'] } : {}),
      ...(typeof schema['maximum'] === 'number' ? { maximum: schema['maximum'] } : {}),
    };
  if (type === 'boolean') return { ...base, kind: 'boolean' };
  if (type === 'object' && isSchema(schema['properties']))
    return { ...base, kind: 'group', children: fieldsOf(schema, options, `${path}.`) };
  if (
    type === 'object' &&
    isSchema(schema['additionalProperties']) &&
    schema['additionalProperties']['type'] === 'string'
  )
    return { ...base, kind: 'map', ...(expression ? { expression } : {}) };
  if (type === 'array' && isSchema(schema['items'])) {
    const items = schema['items'];
    if (items['type'] === 'string') return { ...base, kind: 'list' };
    if (items['type'] === 'object' && isSchema(items['properties']))
      return { ...base, kind: 'group-list', children: fieldsOf(items, options, '') };
  }
  return { ...base, kind: 'json', ...(expression ? { expression } : {}) };
};

/** The fields of an object schema, required ones first in schema order, then the optional ones. */
export const fieldsOf = (schema: unknown, options: SchemaFormOptions = {}, prefix = ''): FieldModel[] => {
  if (!isSchema(schema) || !isSchema(schema['properties'])) return [];
  const required = new Set(Array.isArray(schema['required']) ? schema['required'].map(String) : []);
  const nested = new Set(options.nestedGraphFields ?? []);
  const entries = Object.entries(schema['properties']).filter(([key]) => !(prefix === '' && nested.has(key)));
  const fields = entries.map(([key, property]) =>
    fieldOf(key, `${prefix}${key}`, isSchema(property) ? property : {}, required.has(key), options),
  );
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
};

/** A copy of `value` with `path` (dotted) set; `undefined` removes the key. */
export const setPath = (
  value: Record<string, unknown>,
  path: string,
  next: unknown,
): Record<string, unknown> => {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return value;
  const copy = { ...value };
  if (rest.length === 0) {
    if (next === undefined) delete copy[head];
    else copy[head] = next;
    return copy;
  }
  const child = copy[head];
  copy[head] = setPath(isSchema(child) ? child : {}, rest.join('.'), next);
  return copy;
};

export const getPath = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (isSchema(node) ? node[key] : undefined), value);
