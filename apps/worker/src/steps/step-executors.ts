import type { CodeSandbox } from '../sandbox/index.js';
import type { OutboundHttpClient } from '../net/index.js';
import { approvalExecutor } from './approval/approval.executor.js';
import { createCodeExecutor } from './code/code.executor.js';
import { conditionExecutor } from './condition/condition.executor.js';
import { failExecutor } from './fail/fail.executor.js';
import { forEachExecutor } from './for-each/for-each.executor.js';
import { delayExecutor } from './delay/delay.executor.js';
import { createHttpExecutor } from './http/http.executor.js';
import { respondExecutor } from './respond/respond.executor.js';
import { setVariableExecutor } from './set-variable/set-variable.executor.js';
import type { AnyStepExecutor } from './step-executor.js';
import { StepExecutorRegistry } from './step-executor.registry.js';
import { createSubflowExecutor } from './subflow/subflow.executor.js';
import type { SubflowStarter } from './subflow/subflow-runs.service.js';
import { switchExecutor } from './switch/switch.executor.js';
import { transformExecutor } from './transform/transform.executor.js';
import { waitForEventExecutor } from './wait-for-event/wait-for-event.executor.js';

export interface ExecutorServices {
  http: OutboundHttpClient;
  sandbox: CodeSandbox;
  /** Child runs of subflow steps; without it a subflow step fails. */
  subflows?: SubflowStarter;
}

const noSubflows: SubflowStarter = {
  start: () => Promise.reject(new Error('subflows are not available in this worker')),
};

/** Every executor of the core catalogue; a new step type adds one line here and its executor file. */
export function createStepExecutors(services: ExecutorServices): StepExecutorRegistry {
  const executors: AnyStepExecutor[] = [
    createHttpExecutor({ client: services.http }),
    transformExecutor,
    createCodeExecutor(services.sandbox),
    conditionExecutor,
    switchExecutor,
    respondExecutor,
    setVariableExecutor,
    failExecutor,
    delayExecutor,
    waitForEventExecutor,
    approvalExecutor,
    forEachExecutor,
    createSubflowExecutor(services.subflows ?? noSubflows),
  ] as unknown as AnyStepExecutor[];
  return new StepExecutorRegistry(executors);
}
