/**
 * A JSON Schema (draft-07) as plain data. The catalogue uses draft-07 throughout because it is
 * Ajv's default dialect and the one most form generators and openapi tooling understand.
 */
export type JsonSchema = Record<string, unknown>;

export const JSON_SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/** Palette grouping in the editor. `integration` is reserved for the later wave (llm, email, chat). */
export type StepCategory = 'core' | 'flow' | 'data' | 'human' | 'integration';

/**
 * `expression`: the field is bare JSONata (no braces). `template`: every string anywhere inside the
 * field may hold `{{ expr }}` templates. Config strings not listed are literal (e.g. code source).
 */
export type ExpressionFieldKind = 'expression' | 'template';

export interface ExpressionField {
  /** Dotted path inside `config`, e.g. `url` or `headers`. */
  readonly field: string;
  readonly kind: ExpressionFieldKind;
}

/**
 * A config field holding a nested graph (`{ steps, edges, output? }`), validated recursively.
 * `locals` are the extra expression roots in scope inside it (forEach: `item`, `index`).
 */
export interface NestedGraphField {
  readonly field: string;
  readonly locals: readonly string[];
}

/** A problem found by a type's own semantic check; `path` is a JSON pointer relative to `config`. */
export interface ConfigProblem {
  path: string;
  code: string;
  message: string;
}

/**
 * Everything the platform knows about a step type apart from executing it (the worker's executor
 * registry does that). Adding a type = one definition file + one entry in the registry.
 */
export interface StepTypeDefinition<C extends object = Record<string, unknown>> {
  readonly type: string;
  readonly category: StepCategory;
  readonly title: string;
  readonly description: string;
  /** Draft-07 JSON Schema of `config`; the editor builds its inspector form from it. */
  readonly configSchema: JsonSchema;
  /** The config a new step of this type starts with; it validates against `configSchema`. */
  readonly defaults: C;
  readonly expressionFields?: readonly ExpressionField[];
  readonly nestedGraphs?: readonly NestedGraphField[];
  /** A terminal step (fail) ends the run: it may have no outgoing edges. */
  readonly terminal?: boolean;
  /**
   * Labels this step can emit on edges (`when`), for a config that passed the schema. An edge
   * without `when` is always allowed; `error` is added by the validator when `onError` is `branch`.
   */
  outputPorts(config: C): string[];
  /** Rules a JSON Schema cannot state (uniqueness across items, cross-field rules). */
  checkConfig?(config: C): ConfigProblem[];
}

/** The registry stores definitions with their config types erased. */
export type AnyStepTypeDefinition = StepTypeDefinition<object>;

/** Ports the validator adds on top of a type's own ports; no type may use them for itself. */
export const ERROR_PORT = 'error';
