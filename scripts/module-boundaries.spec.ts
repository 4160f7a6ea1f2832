import { ESLint } from 'eslint';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// `@nx/enforce-module-boundaries` silently skips itself when no Nx project graph is cached (a
// fresh clone): `npm test` computes the graph before ESLint runs. This proves the rule is live by
// linting imports the architecture forbids, as files of the projects they would belong to.
const root = fileURLToPath(new URL('..', import.meta.url));

describe('module boundaries are enforced by the lint level', () => {
  let eslint: ESLint;
  beforeAll(() => {
    execFileSync('npx', ['nx', 'show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      stdio: 'ignore',
    });
    eslint = new ESLint({ cwd: root });
  }, 120_000);

  const boundaryErrors = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
    return (result?.messages ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries');
  };

  it('refuses the domain importing the server library', async () => {
    const errors = await boundaryErrors(
      'libs/domain/src/boundary-probe.ts',
      `import { QueueName } from '@stepline/server';\nexport const probe = QueueName;\n`,
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('refuses the editor importing server code and one app importing another', async () => {
    expect(
      await boundaryErrors('apps/web/src/app/boundary-probe.ts', `export * from '@stepline/server';\n`),
    ).not.toEqual([]);
    expect(
      await boundaryErrors(
        'apps/worker/src/boundary-probe.ts',
        `export { createApiApp } from '../../api/src/app.factory.js';\n`,
      ),
    ).not.toEqual([]);
  });

  it('allows what the layering allows', async () => {
    expect(
      await boundaryErrors(
        'apps/worker/src/boundary-probe.ts',
        `import { QueueName } from '@stepline/server';\nimport { RUN_JOB_VERSION } from '@stepline/domain';\nexport const probe = [QueueName, RUN_JOB_VERSION];\n`,
      ),
    ).toEqual([]);
  });
});
