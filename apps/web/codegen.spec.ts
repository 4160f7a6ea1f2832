import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config, { WEB_CODEGEN_OUTPUT } from './codegen.js';

/**
 * The editor's generated GraphQL types are committed and must match the committed schema and the
 * operations in `apps/web/src/**\/*.graphql.ts`. A schema change (`npm run generate`) or an edited
 * operation without `npx graphql-codegen --config apps/web/codegen.ts` fails here; with
 * STEPLINE_UPDATE_ARTIFACTS=1 this test rewrites the files instead, like the API's artifacts test.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const update = process.env['STEPLINE_UPDATE_ARTIFACTS'] === '1';

describe('generated GraphQL operation types of the editor', () => {
  it('the committed files match what the schema and the operations produce', async () => {
    const outputs = (await generate({ ...config, cwd: root, silent: true }, false)) as {
      filename: string;
      content: string;
    }[];
    const produced = new Map(outputs.map((o) => [o.filename.replace(root, ''), o.content]));
    if (update) {
      for (const [file, content] of produced) writeFileSync(join(root, file), content);
      return;
    }
    const committed = new Map(
      readdirSync(join(root, WEB_CODEGEN_OUTPUT)).map((name) => [
        `${WEB_CODEGEN_OUTPUT}${name}`,
        readFileSync(join(root, WEB_CODEGEN_OUTPUT, name), 'utf8'),
      ]),
    );
    const hint = 'out of date: run `npx graphql-codegen --config apps/web/codegen.ts` and commit the result';
    expect([...committed.keys()].sort(), `the generated files are ${hint}`).toEqual(
      [...produced.keys()].sort(),
    );
    for (const [file, content] of produced) expect(committed.get(file), `${file} is ${hint}`).toBe(content);
  }, 60_000);

  it('fails when an operation asks for a field the schema does not have', async () => {
    const broken = {
      ...config,
      cwd: root,
      silent: true,
      documents: [],
      generates: {
        [WEB_CODEGEN_OUTPUT]: {
          ...(config.generates[WEB_CODEGEN_OUTPUT] as object),
          documents: 'query Broken { flows(limit: 1) { data { noSuchField } } }',
        },
      },
    };
    await expect(generate(broken, false)).rejects.toThrow();
  }, 60_000);
});
