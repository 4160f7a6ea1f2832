import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type {
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLOutputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { forgedCursor, hostileJson, hostileString, hostileText } from '../testing/hostile-arbitraries.js';
import {
  leakIn,
  seedSweptTenant,
  StoredRows,
  SWEEP_RUNS,
  SWEEP_SEED,
  type SweptTenant,
} from '../testing/sweep-harness.js';

/**
 * Property-based hostile-input sweep of every GraphQL operation in the committed schema: each Query,
 * Mutation and Subscription field is called with its arguments as variables, drawn from plausible
 * values with one thing wrong (NUL, controls, lone surrogates, numbers past Int, wrong types, deep
 * JSON, unknown input fields, forged cursors). Every answer must be below 500, carry a typed error
 * (`extensions.code`) when it fails, show no stack trace or driver message — and a refused operation
 * must leave every stored row as it was. A new field is swept without any change here.
 */
const gql = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const schema = gql.buildSchema(
  readFileSync(fileURLToPath(new URL('../../../schema.graphql', import.meta.url)), 'utf8'),
);

interface SweptField {
  operation: 'query' | 'mutation' | 'subscription';
  field: GraphQLField<unknown, unknown>;
}

const SESSION_ENDING = ['logout', 'leaveTenant', 'transferOwnership', 'removeMember', 'changeMemberRole'];
const lastness = (f: SweptField) => SESSION_ENDING.indexOf(f.field.name) + 1;

const FIELDS: SweptField[] = (
  [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const
)
  .flatMap(([operation, type]) =>
    Object.values(type?.getFields() ?? {}).map((field) => ({ operation, field })),
  )
  .sort((a, b) => lastness(a) - lastness(b));

/** Leaf fields of a type, one level of objects deep: enough to make every resolver run. */
function selectionOf(type: GraphQLOutputType, depth = 0): string {
  const named: GraphQLNamedType = gql.getNamedType(type);
  if (gql.isLeafType(named)) return '';
  if (!gql.isObjectType(named) || depth > 1) return '{ __typename }';
  const parts = Object.values((named as GraphQLObjectType).getFields())
    .filter((f) => f.args.every((a) => !gql.isNonNullType(a.type)))
    .map((f) => {
      const inner = gql.getNamedType(f.type);
      if (gql.isLeafType(inner)) return f.name;
      return depth < 1 ? `${f.name} ${selectionOf(f.type, depth + 1)}` : '';
    })
    .filter(Boolean);
  return `{ __typename ${parts.join(' ')} }`;
}

const documentOf = ({ operation, field }: SweptField) => {
  const vars = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${operation} Sweep${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selectionOf(field.type)} }`;
};

class VariableArbitraries {
  constructor(private readonly swept: SweptTenant) {}

  /** A value of the input type, plausible; `hostileValue` puts one thing wrong into it. */
  validish(type: GraphQLInputType, name: string, depth = 0): fc.Arbitrary<unknown> {
    const { pools } = this.swept;
    if (gql.isNonNullType(type)) return this.validish(type.ofType, name, depth);
    if (gql.isListType(type)) return fc.array(this.validish(type.ofType, name, depth + 1), { maxLength: 3 });
    if (gql.isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.name));
    if (gql.isInputObjectType(type)) {
      if (depth > 3) return fc.constant({});
      const fields = Object.values(type.getFields());
      return fc
        .tuple(
          ...fields.map((f) =>
            gql.isNonNullType(f.type)
              ? this.validish(f.type, f.name, depth + 1).map((v) => [f.name, v] as const)
              : fc.option(
                  this.validish(f.type, f.name, depth + 1).map((v) => [f.name, v] as const),
                  { freq: 2 },
                ),
          ),
        )
        .map((pairs) => Object.fromEntries(pairs.filter((p): p is readonly [string, unknown] => p !== null)));
    }
    if (name === 'cursor') return fc.oneof(fc.constantFrom(...pools.cursors), forgedCursor(pools.cursors));
    if (name === 'email') return fc.constantFrom(...pools.emails);
    switch (type.name) {
      case 'ID':
        return fc.constantFrom(...pools.uuids);
      case 'Int':
      case 'Float':
        return fc.constantFrom(...pools.numbers);
      case 'Boolean':
        return fc.boolean();
      case 'JSON':
        return fc.constantFrom(...pools.documents);
      default:
        return fc.string({
          unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
          minLength: 1,
          maxLength: 12,
        });
    }
  }

  variables(field: GraphQLField<unknown, unknown>): fc.Arbitrary<Record<string, unknown>> {
    const args = field.args;
    const valid = fc
      .tuple(...args.map((a) => this.validish(a.type, a.name)))
      .map((values) => Object.fromEntries(args.map((a, i) => [a.name, values[i]])));
    const hostileLeaf = fc.oneof(
      { weight: 3, arbitrary: hostileText },
      { weight: 1, arbitrary: hostileString },
      { weight: 1, arbitrary: hostileJson },
    );
    const mutation = fc.record({
      kind: fc.constantFrom('none', 'arg', 'field', 'extra'),
      pick: fc.nat(),
      value: hostileLeaf,
    });
    return fc.tuple(valid, mutation).map(([vars, m]) => {
      const out: Record<string, unknown> = { ...vars };
      const names = Object.keys(out);
      if (!names.length) return m.kind === 'extra' ? { zz: m.value } : out;
      const name = names[m.pick % names.length];
      if (m.kind === 'arg') out[name] = m.value;
      const inner = out[name];
      if (m.kind === 'field' && inner && typeof inner === 'object' && !Array.isArray(inner)) {
        const keys = Object.keys(inner);
        const key = keys.length ? keys[m.pick % keys.length] : '__proto__';
        out[name] = { ...inner, [key]: m.value };
      }
      if (m.kind === 'extra') out['zz\u0000'] = m.value;
      return out;
    });
  }
}

describe('every GraphQL operation refuses hostile variables without a 5xx, a leak or a change', () => {
  let api: TestApi;
  let swept: SweptTenant;
  let arbs: VariableArbitraries;
  let stored: StoredRows;
  const sweptCounts = new Map<string, number>();
  const runs = SWEEP_RUNS || 20;

  beforeAll(async () => {
    api = await startTestApi({
      env: {
        LOGIN_MAX_PER_IP_PER_MINUTE: '100000',
        LOGIN_MAX_PER_EMAIL_PER_5_MINUTES: '100000',
        API_KEYS_MAX_PER_HOUR: '100000',
        INVITATIONS_MAX_PER_HOUR: '100000',
      },
    });
    swept = await seedSweptTenant(api, [
      '/v1/flows',
      '/v1/members',
      '/v1/invitations',
      '/v1/api-keys',
      '/v1/audit-log',
      '/v1/runs',
    ]);
    arbs = new VariableArbitraries(swept);
    stored = await StoredRows.open(api.db.ownerUrl, swept.tenant.id);
    console.log(
      `GraphQL hostile sweep: seed ${SWEEP_SEED}, ${runs} runs per field (replay: SWEEP_SEED=${SWEEP_SEED})`,
    );
  }, 120_000);
  afterAll(async () => {
    await stored?.close();
    await api?.close();
  });

  it('sweeps every Query, Mutation and Subscription field of the committed schema', () => {
    expect(FIELDS.filter((f) => f.operation === 'query').length).toBeGreaterThan(10);
    expect(FIELDS.filter((f) => f.operation === 'mutation').length).toBeGreaterThan(20);
  });

  FIELDS.forEach((swept_field, index) => {
    const name = `${swept_field.operation} ${swept_field.field.name}`;
    it(name, async () => {
      const query = documentOf(swept_field);
      await fc.assert(
        fc.asyncProperty(arbs.variables(swept_field.field), async (variables) => {
          const res = await fetch(`${api.baseUrl}/graphql`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${swept.tenant.owner.accessToken}`,
            },
            body: JSON.stringify({ query, variables }),
            signal: AbortSignal.timeout(15_000),
          });
          const text = await res.text();
          const where = `${name} ${JSON.stringify(variables).slice(0, 300)} → ${res.status} ${text.slice(0, 400)}`;
          expect(res.status, where).toBeLessThan(500);
          const body = JSON.parse(text) as {
            data?: unknown;
            errors?: Array<{ extensions?: { code?: unknown; status?: unknown } }>;
          };
          for (const error of body.errors ?? []) {
            // GraphQL answers 200 with errors: the 5xx is in the error's code and status.
            expect(typeof error.extensions?.code, where).toBe('string');
            expect(['internal.error', 'INTERNAL_SERVER_ERROR'], where).not.toContain(error.extensions?.code);
            expect(Number(error.extensions?.status ?? 0), where).toBeLessThan(500);
          }
          expect(leakIn(text), where).toBeNull();
          const codes = (body.errors ?? []).map((e) => e.extensions?.code);
          if (
            codes.includes('auth.unauthenticated') &&
            lastness(swept_field) === 0 &&
            !/^(login|signup|refreshSession|acceptInvitation)$/.test(swept_field.field.name)
          ) {
            expect.fail(`session lost: ${where}`);
          }
          const changes = await stored.changes();
          if (body.errors?.length) expect(changes, where).toEqual([]);
          sweptCounts.set(name, (sweptCounts.get(name) ?? 0) + 1);
        }),
        { seed: SWEEP_SEED + index, numRuns: runs, endOnFailure: true },
      );
    });
  });

  it('swept every field of the schema', () => {
    expect([...sweptCounts.keys()].sort()).toEqual(
      FIELDS.map((f) => `${f.operation} ${f.field.name}`).sort(),
    );
    for (const [field, count] of sweptCounts) expect(count, field).toBeGreaterThanOrEqual(runs);
  });
});
