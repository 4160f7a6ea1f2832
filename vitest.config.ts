import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

// One Vitest configuration, four levels. Workspace libraries resolve to their TypeScript sources;
// SWC compiles them so NestJS and TypeORM decorators get their metadata (esbuild cannot emit it).
const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const shared: ViteUserConfig = {
  plugins: [
    swc.vite({
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
      },
    }),
  ],
  resolve: {
    alias: {
      '@stepline/domain': src('./libs/domain/src/index.ts'),
      '@stepline/server/testing': src('./libs/server/src/testing/index.ts'),
      '@stepline/server': src('./libs/server/src/index.ts'),
      '@stepline/sdk': src('./libs/sdk/src/index.ts'),
      '@stepline/migrations': src('./migrations/index.ts'),
    },
  },
};
// apps/web/src holds Angular specs (run by `ng test`); apps/web/*.spec.ts are Node checks of the app's tooling.
const exclude = ['**/node_modules/**', '**/dist/**', 'apps/web/src/**'];

export default defineConfig({
  ...shared,
  test: {
    projects: [
      // Property tests run thousands of cases: on a loaded 2-core machine 5 s (the default) is too tight.
      {
        ...shared,
        test: {
          name: 'unit',
          include: ['{apps,libs,bench,scripts}/**/*.spec.ts'],
          exclude,
          testTimeout: 30_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'int',
          include: ['{apps,libs,migrations,scripts}/**/*.int-spec.ts', 'tests/system/**/*.int-spec.ts'],
          exclude,
          globalSetup: ['./tests/setup/int-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        ...shared,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e-spec.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        ...shared,
        // Benchmarks (`npm run bench`): not part of `npm test`; they print tables and write JSON.
        test: {
          name: 'bench',
          include: ['bench/**/*.bench-spec.ts'],
          testTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        ...shared,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.browser-spec.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
