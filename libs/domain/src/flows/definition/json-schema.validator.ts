import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule, { type FormatsPlugin } from 'ajv-formats';
import type { FieldProblem } from '../../errors/index.js';
import type { JsonSchema } from '../../step-types/step-type.types.js';
import { joinPointer } from './json-pointer.js';

// One Ajv instance for every schema of the domain (strict, except that `if/then` may require
// properties declared beside it, not inside). Ajv compiles a schema to a function (with
// `new Function`) once; compiling is ~1 ms, validating microseconds, so compiled validators are
// kept per schema object for the life of the process.
let ajv: Ajv | undefined;
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

const instance = (): Ajv =>
  (ajv ??= new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }));

/** Compiles (once) a draft-07 schema; throws when the schema itself is invalid. */
export const compileSchema = (schema: JsonSchema): ValidateFunction => {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = instance().compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
};

// ajv-formats is CommonJS: depending on the loader its default import is the plugin or a
// namespace holding it; the plugin also carries itself as `.default`, so this finds it in both.
const addFormats = ((formatsModule as { default?: FormatsPlugin }).default ?? formatsModule) as FormatsPlugin;

// Schemas written by users (a flow's inputSchema) get their own lenient instance: unknown
// keywords are annotations to them, and the usual formats (email, date-time, uri …) are checked.
let userAjv: Ajv | undefined;
const compiledUser = new WeakMap<object, ValidateFunction>();

const userInstance = (): Ajv => {
  if (!userAjv) {
    userAjv = new Ajv({ allErrors: true, strict: false });
    addFormats(userAjv);
  }
  return userAjv;
};

/** Compiles (once per schema object) a user-written draft-07 schema; throws when it is invalid. */
export const compileUserSchema = (schema: JsonSchema): ValidateFunction => {
  let validate = compiledUser.get(schema);
  if (!validate) {
    validate = userInstance().compile(schema);
    compiledUser.set(schema, validate);
  }
  return validate;
};

/** Why a user-written schema (a flow's inputSchema) is not a usable draft-07 schema, if it is not. */
export const checkSchema = (schema: unknown): string | undefined => {
  try {
    const ajv = userInstance();
    if (!ajv.validateSchema(schema as JsonSchema)) return ajv.errorsText(ajv.errors);
    compileUserSchema(schema as JsonSchema);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : 'is not a JSON Schema';
  }
};

const snakeCase = (keyword: string): string => keyword.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Keywords whose failure is already reported by the errors of their sub-schemas. */
const SUMMARY_KEYWORDS = new Set(['if', 'allOf', 'anyOf', 'oneOf', 'propertyNames']);

export type ProblemCodeOverride = (error: ErrorObject) => string | undefined;

/**
 * Maps Ajv errors to problems under `base`: `required` and `additionalProperties` point at the
 * missing or extra property itself, so an editor can put the message on the right field.
 */
export const schemaProblems = (
  errors: readonly ErrorObject[] | null | undefined,
  base: string,
  codePrefix: string,
  override?: ProblemCodeOverride,
): FieldProblem[] => {
  const problems: FieldProblem[] = [];
  for (const error of errors ?? []) {
    if (SUMMARY_KEYWORDS.has(error.keyword)) continue;
    const code = override?.(error) ?? `${codePrefix}.${snakeCase(error.keyword)}`;
    // A failing property name (propertyNames) is reported on that property.
    const at =
      error.propertyName === undefined
        ? base + error.instancePath
        : joinPointer(base + error.instancePath, error.propertyName);
    if (error.keyword === 'required') {
      const property = String((error.params as { missingProperty: string }).missingProperty);
      problems.push({ path: joinPointer(at, property), code, message: 'is required' });
    } else if (error.keyword === 'additionalProperties') {
      const property = String((error.params as { additionalProperty: string }).additionalProperty);
      problems.push({
        path: joinPointer(at, property),
        code: `${codePrefix}.unknown_property`,
        message: 'is not allowed',
      });
    } else {
      const subject = error.propertyName === undefined ? '' : 'property name ';
      problems.push({ path: at, code, message: subject + (error.message ?? `fails "${error.keyword}"`) });
    }
  }
  return problems;
};
