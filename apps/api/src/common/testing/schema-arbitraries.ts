import fc from 'fast-check';
import { forgedCursor, hostileJson, hostileString, hostileText } from './hostile-arbitraries.js';

/** The parts of JSON Schema (OpenAPI 3.0) our generated document uses. */
export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

/** Real values of the swept tenant, so requests get past "not found" into the code behind it. */
export interface ValuePools {
  uuids: string[];
  numbers: number[];
  cursors: string[];
  emails: string[];
  /** Documents free-form object fields accept (e.g. a walkable flow definition). */
  documents: unknown[];
}

const VALID_TIMES = ['2020-01-01T00:00:00Z', '2026-11-30T12:34:56.789Z', '2999-12-31T23:59:59Z'];
/** Short lower-case words: valid as names, tags, notes and search terms alike. */
const plainText = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
  minLength: 1,
  maxLength: 12,
});

/**
 * Values a schema accepts — or nearly: they stay small and may collide with real rows, which is
 * the point. `hostileValue` mixes them with hostile JSON of every type.
 */
export class SchemaArbitraries {
  constructor(
    private readonly components: Record<string, JsonSchema>,
    private readonly pools: ValuePools,
  ) {}

  private resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let i = 0; current.$ref && i < 10; i++)
      current = this.components[current.$ref.split('/').pop() ?? ''] ?? {};
    return current;
  }

  validish(raw: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    if (depth > 4) return fc.constant(null);
    if (schema.allOf?.length) return this.validish(schema.allOf[0], depth + 1);
    const alternatives = schema.oneOf ?? schema.anyOf;
    if (alternatives?.length) return fc.oneof(...alternatives.map((s) => this.validish(s, depth + 1)));
    if (schema.enum?.length) return fc.constantFrom(...schema.enum);
    const { pools } = this;
    switch (schema.type) {
      case 'string':
        if (schema.format === 'uuid') return fc.constantFrom(...pools.uuids);
        if (schema.format === 'date-time') return fc.constantFrom(...VALID_TIMES);
        if (schema.format === 'email') return fc.constantFrom(...pools.emails);
        return plainText;
      case 'integer':
      case 'number': {
        const min = schema.minimum ?? 0;
        // Small values: a `wait` of 30 s is valid, but would only slow the sweep down.
        return fc.oneof(fc.integer({ min, max: min + 1 }), fc.constantFrom(...pools.numbers));
      }
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(schema.items ? this.validish(schema.items, depth + 1) : hostileJson, {
          maxLength: 3,
        });
      case 'object':
      case undefined:
        if (!schema.properties) return fc.constantFrom(...pools.documents);
        return this.object(schema, depth, (s) => this.validish(s, depth + 1));
      default:
        return hostileJson;
    }
  }

  /** Mostly plausible, sometimes hostile: the mix that reaches the deepest code. */
  hostileValue(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    return fc.oneof(
      { weight: 3, arbitrary: this.validish(schema, depth) },
      { weight: 2, arbitrary: hostileText },
      { weight: 1, arbitrary: hostileString },
      { weight: 1, arbitrary: hostileJson },
    );
  }

  /**
   * A body object: a plausible one with, most of the time, exactly one thing wrong — one declared
   * property replaced by hostile text or JSON, or an unknown or `__proto__` key added — so the
   * hostile part travels as deep as a valid request would.
   */
  body(raw: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
    const schema = this.resolve(raw.allOf?.[0] ?? raw);
    const keys = Object.keys(schema.properties ?? {});
    const valid = this.object(schema, 0, (s) => this.validish(s, 1));
    const hostileLeaf = fc.oneof(
      { weight: 3, arbitrary: hostileText },
      { weight: 1, arbitrary: hostileString },
      { weight: 1, arbitrary: hostileJson },
    );
    const extraKey = fc.constantFrom(
      '__proto__',
      'constructor',
      'tenantId',
      'id',
      'role',
      'zz\u0000',
      '\ud800',
    );
    const mutation = fc.oneof(
      { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
      {
        weight: keys.length ? 5 : 0,
        arbitrary: fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: hostileLeaf }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('add' as const), key: extraKey, value: hostileJson }),
      },
    );
    return fc.tuple(valid, mutation).map(([body, m]) => {
      const out = { ...body };
      if (m.kind === 'set' && keys.length) out[keys[m.pick % keys.length]] = m.value;
      if (m.kind === 'add') Object.defineProperty(out, m.key, { value: m.value, enumerable: true });
      return out;
    });
  }

  /** Required properties always, optional ones now and then: plausible bodies are mostly valid. */
  private object(
    schema: JsonSchema,
    _depth: number,
    valueOf: (s: JsonSchema) => fc.Arbitrary<unknown>,
  ): fc.Arbitrary<Record<string, unknown>> {
    const required = new Set(schema.required ?? []);
    const entries = Object.entries(schema.properties ?? {}).map(([key, s]) =>
      required.has(key)
        ? valueOf(s).map((v) => [key, v] as const)
        : fc.oneof(
            { weight: 3, arbitrary: fc.constant(null) },
            { weight: 1, arbitrary: valueOf(s).map((v) => [key, v] as const) },
          ),
    );
    return fc
      .tuple(...entries)
      .map((pairs) => Object.fromEntries(pairs.filter((p): p is readonly [string, unknown] => p !== null)));
  }

  /** A query-string value of a parameter: plausible, hostile, or a (forged) cursor. */
  queryValue(name: string, schema: JsonSchema): fc.Arbitrary<unknown> {
    if (name === 'cursor') {
      const valid = this.pools.cursors.length ? [fc.constantFrom(...this.pools.cursors)] : [];
      return fc.oneof(...valid, forgedCursor(this.pools.cursors), forgedCursor(this.pools.cursors));
    }
    return this.hostileValue(schema);
  }
}
