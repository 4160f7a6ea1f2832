import {
  STEP_REFERENCE_FIELDS,
  expressionScopeOf,
  listGraphs,
  stepTypeRegistry,
  type FlowDefinition,
  type StepTypeRegistry,
} from '@stepline/domain';

export interface Suggestion {
  /** What the path becomes (the whole segment being typed is replaced by it). */
  readonly label: string;
  readonly detail: string;
}

export interface SuggestionRequest {
  readonly definition: FlowDefinition;
  /** The step whose field is edited; undefined for the definition's output. */
  readonly stepId?: string;
  /** The field's text up to the cursor. */
  readonly textBeforeCursor: string;
  /** `expression`: the whole field is JSONata; `template`: only inside `{{ }}`. */
  readonly kind: 'expression' | 'template';
  /** Tenant secret names, when the caller can list them. */
  readonly secretNames?: readonly string[];
  /** Outputs of the last test run by step id (the test-run seam; empty until runs land). */
  readonly lastOutputs?: Readonly<Record<string, unknown>>;
  /** Input of the last test run, for `input.` keys the schema does not declare. */
  readonly lastInput?: unknown;
  readonly registry?: StepTypeRegistry;
}

export interface SuggestionResult {
  /** Characters before the cursor that the chosen suggestion replaces. */
  readonly replaceLength: number;
  /** The path typed so far (`steps.fetch.`), for display. */
  readonly path: string;
  readonly suggestions: readonly Suggestion[];
}

const RUN_FIELDS: Record<string, string> = {
  id: 'run id',
  flowId: 'flow id',
  version: 'version number',
  startedAt: 'start time',
  trigger: 'what started the run',
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The dotted path being typed at the cursor, or undefined where no expression is being written. */
export const pathAtCursor = (text: string, kind: 'expression' | 'template'): string | undefined => {
  let scope = text;
  if (kind === 'template') {
    const open = text.lastIndexOf('{{');
    if (open < 0 || text.indexOf('}}', open) >= 0) return undefined;
    scope = text.slice(open + 2);
  }
  // Inside a string literal no suggestion makes sense.
  const quotes = (scope.match(/["']/g) ?? []).length;
  if (quotes % 2 === 1) return undefined;
  return /[A-Za-z_$][\w$]*(?:\.[\w$]*)*$|$/.exec(scope)?.[0] ?? '';
};

const schemaAt = (schema: unknown, segments: readonly string[]): unknown => {
  let node = schema;
  for (const segment of segments) {
    const properties = isObject(node) ? node['properties'] : undefined;
    node = isObject(properties) ? properties[segment] : undefined;
  }
  return node;
};

const valueAt = (value: unknown, segments: readonly string[]): unknown =>
  segments.reduce<unknown>((node, segment) => (isObject(node) ? node[segment] : undefined), value);

const keysOf = (schema: unknown, sample: unknown): Suggestion[] => {
  const properties = isObject(schema) && isObject(schema['properties']) ? schema['properties'] : {};
  const fromSchema = Object.entries(properties).map(([name, property]) => ({
    label: name,
    detail: (isObject(property) && typeof property['type'] === 'string'
      ? property['type']
      : 'field') as string,
  }));
  const fromSample = isObject(sample)
    ? Object.entries(sample)
        .filter(([name]) => !(name in properties))
        .map(([name, value]) => ({
          label: name,
          detail: `last run: ${Array.isArray(value) ? 'array' : typeof value}`,
        }))
    : [];
  return [...fromSchema, ...fromSample];
};

/**
 * What may follow the path being typed, from what is in scope at that place — the same scope the
 * validator enforces (`expressionScopeOf`): `input` keys from the input schema (and the last test
 * input), upstream `steps.<id>` and their `output` / `status` / `error`, `vars` set anywhere in the
 * flow, `secrets` by name, `run` fields, and the loop locals inside a forEach body.
 */
export const suggestExpressions = (request: SuggestionRequest): SuggestionResult | undefined => {
  const path = pathAtCursor(request.textBeforeCursor, request.kind);
  if (path === undefined) return undefined;
  const registry = request.registry ?? stepTypeRegistry;
  const segments = path.split('.');
  const partial = segments.pop() ?? '';
  let scope;
  try {
    scope = expressionScopeOf(request.definition, request.stepId, registry);
  } catch {
    return undefined;
  }
  const [root, ...rest] = segments;
  let candidates: Suggestion[] = [];
  if (root === undefined) {
    candidates = scope.roots.map((name) => ({
      label: name,
      detail: scope.locals.includes(name) ? 'loop local' : 'context',
    }));
  } else if (root === 'input') {
    candidates = keysOf(schemaAt(request.definition.inputSchema, rest), valueAt(request.lastInput, rest));
  } else if (root === 'steps' && rest.length === 0) {
    const steps = new Map(
      listGraphs(request.definition, registry).flatMap(({ graph }) => graph.steps.map((s) => [s.id, s])),
    );
    candidates = scope.steps.map((id) => ({
      label: id,
      detail: steps.get(id)?.name ?? steps.get(id)?.type ?? 'step',
    }));
  } else if (root === 'steps' && rest.length === 1 && scope.steps.includes(rest[0] as string)) {
    candidates = STEP_REFERENCE_FIELDS.map((field) => ({ label: field, detail: `of ${rest[0]}` }));
  } else if (root === 'steps' && rest.length >= 2 && rest[1] === 'output') {
    const output = request.lastOutputs?.[rest[0] as string];
    candidates = keysOf(undefined, valueAt(output, rest.slice(2)));
  } else if (root === 'vars' && rest.length === 0) {
    const names = listGraphs(request.definition, registry).flatMap(({ graph }) =>
      graph.steps.flatMap((s) =>
        s.type === 'setVariable' && typeof s.config['name'] === 'string' ? [s.config['name']] : [],
      ),
    );
    candidates = [...new Set(names)].map((name) => ({ label: name, detail: 'variable' }));
  } else if (root === 'secrets' && rest.length === 0) {
    candidates = (request.secretNames ?? []).map((name) => ({ label: name, detail: 'secret' }));
  } else if (root === 'run' && rest.length === 0) {
    candidates = Object.entries(RUN_FIELDS).map(([label, detail]) => ({ label, detail }));
  }
  const lower = partial.toLowerCase();
  const suggestions = candidates.filter(
    (c) => c.label.toLowerCase().startsWith(lower) && c.label !== partial,
  );
  return { replaceLength: partial.length, path, suggestions };
};
