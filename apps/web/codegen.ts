import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The editor's GraphQL operation types, generated from the committed schema
 * (`apps/api/schema.graphql`, itself held against the API by the artifacts drift test) and the
 * operations the editor declares with `graphql(…)` in `*.graphql.ts` files. Run
 * `npm run generate:web` (or `npx graphql-codegen --config apps/web/codegen.ts`) after changing
 * either; `graphql-codegen.spec.ts` fails when the committed output differs.
 */
export const WEB_CODEGEN_OUTPUT = 'apps/web/src/app/core/graphql/generated/';

const config: CodegenConfig = {
  schema: 'apps/api/schema.graphql',
  documents: ['apps/web/src/app/**/*.graphql.ts'],
  ignoreNoDocuments: false,
  generates: {
    [WEB_CODEGEN_OUTPUT]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Strings, not ASTs: the client posts `document.toString()` and the bundle carries no
        // graphql-js parser or printer.
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: false },
        scalars: { JSON: { input: 'unknown', output: 'unknown' } },
        strictScalars: true,
      },
    },
  },
};

export default config;
