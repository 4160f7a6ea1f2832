import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { expectGqlError, expectGqlOk } from '../../testing/problem-assertions.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { checkOperation } from './operation-limits.js';

const { parse, getOperationAST } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const root = fileURLToPath(new URL('../../../../../', import.meta.url));

/** Every `graphql(\`…\`)` document of the editor's sources. */
function editorDocuments(dir = join(root, 'apps/web/src')): Array<{ file: string; source: string }> {
  const found: Array<{ file: string; source: string }> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'generated' || name === 'node_modules') continue;
    if (statSync(path).isDirectory()) found.push(...editorDocuments(path));
    else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) {
      for (const m of readFileSync(path, 'utf8').matchAll(/graphql\(\s*`([^`]*)`/g)) {
        found.push({ file: path.slice(root.length), source: m[1] });
      }
    }
  }
  return found;
}

describe('GraphQL operation limits', () => {
  let api: TestApi;
  let http: HttpClient;
  let tenant: TestTenant;
  beforeAll(async () => {
    api = await startTestApi();
    http = new HttpClient(api.baseUrl);
    tenant = await createTestTenant(http, api.db.ownerUrl);
  });
  afterAll(() => api?.close());

  it('refuses 1,000 aliases of health before anything runs, without a credential', async () => {
    const query = `{ ${Array.from({ length: 1000 }, (_, i) => `h${i}: health { status }`).join(' ')} }`;
    const res = await http.post('/graphql', { query });
    expect(res.status).toBe(400);
    expectGqlError(res.body, 'graphql.too_many_aliases');
    expect(res.body.errors[0].extensions).toMatchObject({ limit: 30, actual: 1000 });
    expect(res.body.data).toBeUndefined();
  });

  it('counts the aliases of a fragment once per spread', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: health { status }`).join(' ');
    const fragment = `fragment F on Query { ${aliases} }`;
    expectGqlOk((await http.post('/graphql', { query: `query { ...F } ${fragment}` })).body);
    const twice = (await http.post('/graphql', { query: `query { ...F ... on Query { ...F } } ${fragment}` }))
      .body;
    expectGqlError(twice, 'graphql.too_many_aliases');
    expect(twice.errors[0].extensions.actual).toBe(32);
  });

  it('refuses 30 aliased flows(limit: 100) by estimated cost, before any transaction', async () => {
    const query = `{ ${Array.from({ length: 30 }, (_, i) => `f${i}: flows(limit: 100) { data { id name tags } nextCursor }`).join(' ')} }`;
    const body = await http.gql(query, {}, tenant.owner.accessToken);
    expectGqlError(body, 'graphql.too_complex');
    expect(body.errors?.[0]?.extensions).toMatchObject({ limit: 5000 });
    expect(body.errors?.[0]?.extensions?.actual).toBeGreaterThan(5000);
  });

  it('counts a limit passed as a variable', async () => {
    // 10 × (10 + 100 × 6) = 6,100 > 5,000; with n = 10: 10 × (10 + 10 × 6) = 700.
    const page = 'flows(limit: $n) { data { id name tags createdAt updatedAt } }';
    const query = `query($n: Int!) { ${Array.from({ length: 10 }, (_, i) => `f${i}: ${page}`).join(' ')} }`;
    expectGqlOk(await http.gql(query, { n: 10 }, tenant.owner.accessToken));
    expectGqlError(await http.gql(query, { n: 100 }, tenant.owner.accessToken), 'graphql.too_complex');
  });

  it('refuses a selection deeper than the depth limit', () => {
    const { schema } = api.app.get(GraphQLSchemaHost);
    const document = parse(
      `{ a { b { c { d { e { f { g { h { i { j { k { l { m { n } } } } } } } } } } } } } }`,
    );
    const error = checkOperation(
      schema,
      document,
      getOperationAST(document)!,
      {},
      {
        maxCost: 1e9,
        maxAliases: 30,
        maxDepth: 12,
        variables: { maxDepth: 64, maxNodes: 1000 },
      },
    );
    expect(error?.extensions).toMatchObject({ code: 'graphql.too_deep', limit: 12, actual: 14 });
  });

  it('refuses a document with more tokens than allowed at parse time', async () => {
    const query = `{ health { ${'status '.repeat(20_000)} } }`;
    const res = await http.post('/graphql', { query });
    expect(res.status).toBe(400);
    expectGqlError(res.body, 'GRAPHQL_PARSE_FAILED');
  });

  it('refuses literal input nested deeper than the parser can be asked to go, without a 5xx', async () => {
    const literal = `${'{a:'.repeat(3000)}1${'}'.repeat(3000)}`;
    const res = await http.post(
      '/graphql',
      { query: `mutation { createFlow(input: {name: "x", definition: ${literal}}) { id } }` },
      { token: tenant.owner.accessToken },
    );
    expect(res.status).toBeLessThan(500);
    expect(res.body.errors?.[0]?.extensions?.code).toBeDefined();
  });

  it('refuses a subscription over plain HTTP with a typed error instead of running it', async () => {
    const res = await http.post(
      '/graphql',
      {
        query: 'subscription($id: ID!) { runEvents(runId: $id) { __typename } }',
        variables: { id: tenant.id },
      },
      { token: tenant.owner.accessToken },
    );
    expect(res.status).toBe(400);
    expectGqlError(res.body, 'request.invalid');
  });

  it('lets every document of the editor through at the largest page size', () => {
    const { schema } = api.app.get(GraphQLSchemaHost);
    const documents = editorDocuments();
    expect(documents.length).toBeGreaterThan(5);
    for (const { file, source } of documents) {
      const document = parse(source);
      const operation = getOperationAST(document);
      if (!operation) continue;
      const variables = Object.fromEntries(
        (operation.variableDefinitions ?? [])
          .filter((v) => v.variable.name.value === 'limit')
          .map((v) => [v.variable.name.value, 100]),
      );
      const error = checkOperation(schema, document, operation, variables, {
        ...api.config.graphql,
        variables: { maxDepth: api.config.http.jsonMaxDepth, maxNodes: api.config.http.jsonMaxNodes },
      });
      expect(error?.message ?? null, `${file}: ${operation.name?.value}`).toBeNull();
    }
  });
});

describe('GraphQL introspection', () => {
  // The production default (off) is config.schema.spec.ts's; here: the switch reaches Apollo.
  it('follows GRAPHQL_INTROSPECTION: refused when off, answered when on', async () => {
    const prod = await startTestApi({ env: { GRAPHQL_INTROSPECTION: 'false' } });
    try {
      const body = (
        await new HttpClient(prod.baseUrl).post('/graphql', { query: '{ __schema { queryType { name } } }' })
      ).body;
      expectGqlError(body, 'GRAPHQL_VALIDATION_FAILED');
      // With introspection off, errors do not suggest field names either.
      const typo = (await new HttpClient(prod.baseUrl).post('/graphql', { query: '{ healt { status } }' }))
        .body;
      expect(JSON.stringify(typo)).not.toContain('Did you mean');
    } finally {
      await prod.close();
    }
    const dev = await startTestApi({ env: { GRAPHQL_INTROSPECTION: 'true' } });
    try {
      const body = (
        await new HttpClient(dev.baseUrl).post('/graphql', { query: '{ __schema { queryType { name } } }' })
      ).body;
      expect(body.data.__schema.queryType.name).toBe('Query');
    } finally {
      await dev.close();
    }
  });
});
