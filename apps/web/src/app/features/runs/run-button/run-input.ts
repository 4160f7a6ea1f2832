/** What the run dialog's JSON box holds, read: a value to send, or why it cannot be sent. */
export type ParsedInput = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Reads the JSON a user typed as a run's input. Empty means "no input" (`{}`): the API validates
 * it against the flow's input schema either way and answers 422 with the failing paths.
 */
export const parseRunInput = (text: string): ParsedInput => {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : 'not valid JSON';
    return { ok: false, message: `The input is not valid JSON: ${detail}` };
  }
};

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The type a schema names first (`type: ["string", "null"]` → string). */
const typeOf = (schema: Schema): string | undefined => {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t !== 'null');
  if (isSchema(schema['properties'])) return 'object';
  return undefined;
};

const MAX_DEPTH = 6;

/**
 * A starting input shaped by a flow's input schema (draft-07): its `default`, first `examples`,
 * `const` or first `enum` where given, else an empty value of its type; objects list every
 * property. Schemas it does not understand (refs, combinators) give `{}` — a starting point to
 * edit, never a claim that it validates.
 */
export const sampleFromSchema = (schema: unknown, depth = 0): unknown => {
  if (!isSchema(schema) || depth > MAX_DEPTH) return depth === 0 ? {} : null;
  if (schema['default'] !== undefined) return schema['default'];
  const examples = schema['examples'];
  if (Array.isArray(examples) && examples.length > 0) return examples[0];
  if (schema['const'] !== undefined) return schema['const'];
  const options = schema['enum'];
  if (Array.isArray(options) && options.length > 0) return options[0];
  switch (typeOf(schema)) {
    case 'object': {
      const properties = isSchema(schema['properties']) ? schema['properties'] : {};
      return Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, sampleFromSchema(property, depth + 1)]),
      );
    }
    case 'array':
      return [];
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return depth === 0 ? {} : null;
  }
};

/** The dialog's first text for a definition: its input schema's sample, pretty-printed. */
export const initialInputText = (definition: unknown): string => {
  const schema = isSchema(definition) ? definition['inputSchema'] : undefined;
  return JSON.stringify(sampleFromSchema(schema), null, 2);
};
