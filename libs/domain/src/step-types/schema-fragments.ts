import type { ConfigProblem, JsonSchema } from './step-type.types.js';

// Building blocks shared by the config schemas, so limits stay the same across types.

export const PORT_NAME_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
export const SECRET_NAME_PATTERN = '^[A-Z][A-Z0-9_]{0,127}$';
export const VARIABLE_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';

const DAY_MS = 86_400_000;
export const MAX_WAIT_MS = 365 * DAY_MS;

export const expressionString = (description: string): JsonSchema => ({
  type: 'string',
  minLength: 1,
  maxLength: 10_000,
  description,
});

export const stringMap = (description: string): JsonSchema => ({
  type: 'object',
  description,
  propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$" },
  additionalProperties: { type: 'string', maxLength: 10_000 },
});

export const waitTimeoutMs = (description: string): JsonSchema => ({
  type: 'integer',
  minimum: 1_000,
  maximum: MAX_WAIT_MS,
  description,
});

/** Port names a type may not claim: `default` is the switch fallback, `error` the error branch. */
export const reservedPortProblems = (
  names: readonly string[],
  pointer: (index: number) => string,
  reserved: readonly string[],
): ConfigProblem[] => {
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (reserved.includes(name)) {
      problems.push({ path: pointer(index), code: 'config.reserved_name', message: `"${name}" is reserved` });
    } else if (seen.has(name)) {
      problems.push({
        path: pointer(index),
        code: 'config.duplicate_name',
        message: `"${name}" is used twice`,
      });
    }
    seen.add(name);
  });
  return problems;
};
