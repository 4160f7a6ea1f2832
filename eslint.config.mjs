import nx from '@nx/eslint-plugin';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/promises',
  'path',
  'crypto',
  'http',
  'https',
  'child_process',
  'os',
  'net',
  'stream',
  'util',
  'url',
  'buffer',
  'events',
  'worker_threads',
  'async_hooks',
  'dns',
  'tls',
  'zlib',
  'vm',
];
const SERVER_ONLY = ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg', 'express', 'pino', 'prom-client'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.angular/**',
      '**/.nx/**',
      'libs/sdk/src/generated/**',
      'apps/web/src/app/core/graphql/generated/**',
      'coverage/**',
      'test-results/**',
      'tmp/**',
    ],
  },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // The domain runs in the browser too: no framework, ORM, queue or Node built-in.
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: [...SERVER_ONLY, '@angular/*', ...NODE_BUILTINS],
            },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
            {
              sourceTag: 'scope:web',
              onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'],
              bannedExternalImports: SERVER_ONLY,
            },
            // Apps never import each other.
            { sourceTag: 'type:app', notDependOnLibsWithTags: ['type:app'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // TypeORM and Nest take constructors typed as Function.
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // Nx's bannedExternalImports does not see Node built-ins; this does (tsc with types: [] also fails).
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_BUILTINS, message: 'libs/domain runs in the browser: no Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    // Tests read untyped JSON bodies and assert presence by failing loudly; the strictness that
    // protects production code only adds noise there.
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/*.browser-spec.ts',
      '**/testing/**/*.ts',
      'tests/**/*.ts',
      '**/test-setup.ts',
    ],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-empty-function': 'off',
    },
  },
];
