import type { CodeStepConfig } from '@stepline/domain';
import { SandboxFailure, type CodeSandbox } from '../../sandbox/index.js';
import type { StepExecutor } from '../step-executor.js';

/**
 * The `code` step: the source runs in the QuickJS sandbox as a function of
 * `{ input, steps, vars, item, index }`; its console output becomes the step's logs.
 */
export function createCodeExecutor(sandbox: CodeSandbox): StepExecutor<CodeStepConfig> {
  return {
    type: 'code',
    replaySafe: true,
    async execute({ config, scope, signal, log }) {
      try {
        const result = await sandbox.run({
          source: config.source,
          args: {
            input: scope.input,
            steps: scope.steps,
            vars: scope.vars,
            item: scope.item,
            index: scope.index,
          },
          timeoutMs: config.timeoutMs ?? 5_000,
          memoryLimitBytes: (config.memoryLimitMb ?? 32) * 1024 * 1024,
          signal,
        });
        for (const entry of result.logs) log(entry.level, entry.message);
        return { output: result.value };
      } catch (error) {
        // What the code printed before it failed is often the best clue to why.
        if (error instanceof SandboxFailure) for (const entry of error.logs) log(entry.level, entry.message);
        throw error;
      }
    },
  };
}
