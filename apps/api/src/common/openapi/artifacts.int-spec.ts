import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { createOpenApiDocument } from './openapi.document.js';

/**
 * Generated artifacts are committed and must match the code. `npm run generate` rewrites them
 * (this file with STEPLINE_UPDATE_ARTIFACTS=1); otherwise any difference fails the build.
 */
const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const ARTIFACTS = {
  openapi: `${root}openapi/openapi.json`,
  graphql: `${root}apps/api/schema.graphql`,
  sdkTypes: `${root}libs/sdk/src/generated/openapi.ts`,
};
const update = process.env.STEPLINE_UPDATE_ARTIFACTS === '1';
// Node loads graphql's CommonJS build for Nest; Vite would hand this file the ESM build, and graphql
// refuses schemas from "another realm". Load it the way Nest does.
const { lexicographicSortSchema, printSchema } = createRequire(import.meta.url)(
  'graphql',
) as typeof import('graphql');

function check(path: string, actual: string) {
  if (update) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  let committed = '';
  try {
    committed = readFileSync(path, 'utf8');
  } catch {
    // reported below as a difference
  }
  expect(committed, `${path} is out of date: run \`npm run generate\` and commit the result`).toBe(actual);
}

describe('generated artifacts', () => {
  let api: TestApi;
  let openapi: string;
  beforeAll(async () => {
    api = await startTestApi();
    openapi = `${JSON.stringify(createOpenApiDocument(api.app), null, 2)}\n`;
  });
  afterAll(() => api?.close());

  it('the committed OpenAPI document matches the code', () => check(ARTIFACTS.openapi, openapi));

  it('the committed GraphQL schema matches the code', () => {
    const { schema } = api.app.get(GraphQLSchemaHost);
    check(ARTIFACTS.graphql, `${printSchema(lexicographicSortSchema(schema))}\n`);
  });

  it('the SDK types match the OpenAPI document', async () => {
    const ast = await openapiTS(JSON.parse(openapi));
    const header = '// Generated from openapi/openapi.json by `npm run generate`. Do not edit.\n';
    check(ARTIFACTS.sdkTypes, `${header}${astToString(ast)}`);
  });

  it('serves the same OpenAPI document at /v1/openapi.json', async () => {
    const served = (await (await fetch(`${api.baseUrl}/v1/openapi.json`)).json()) as { paths: unknown };
    expect(served.paths).toEqual(JSON.parse(openapi).paths);
  });
});
