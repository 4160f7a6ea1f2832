import { PORT_NAME_PATTERN, reservedPortProblems, waitTimeoutMs } from './schema-fragments.js';
import {
  ERROR_PORT,
  JSON_SCHEMA_DIALECT,
  type ConfigProblem,
  type StepTypeDefinition,
} from './step-type.types.js';

export type ApproverRole = 'owner' | 'admin' | 'editor' | 'operator';

export interface ApprovalStepConfig {
  title?: string;
  message?: string;
  /** Outcomes offered to the approver; default approved / rejected. */
  options?: string[];
  /** The lowest role that may decide (default operator); owners rank above everyone. */
  approverRole?: ApproverRole;
  /**
   * When given, only these members decide (user ids or emails; templates such as
   * `{{ input.managerEmail }}` allowed), besides admins and owners, who may always step in.
   */
  assignees?: string[];
  timeoutMs?: number;
  /** Decision recorded when the timeout passes; without it the step follows the "timeout" port. */
  defaultOutcome?: string;
}

export const APPROVAL_DEFAULT_OPTIONS = ['approved', 'rejected'] as const;
export const TIMEOUT_PORT = 'timeout';

const optionsOf = (config: ApprovalStepConfig): string[] => config.options ?? [...APPROVAL_DEFAULT_OPTIONS];

const checkApproval = (config: ApprovalStepConfig): ConfigProblem[] => {
  const problems = reservedPortProblems(config.options ?? [], (i) => `/options/${i}`, [
    TIMEOUT_PORT,
    ERROR_PORT,
  ]);
  if (config.defaultOutcome !== undefined) {
    if (!optionsOf(config).includes(config.defaultOutcome)) {
      problems.push({
        path: '/defaultOutcome',
        code: 'config.unknown_option',
        message: 'is not one of the options',
      });
    }
    if (config.timeoutMs === undefined) {
      problems.push({ path: '/defaultOutcome', code: 'config.requires_timeout', message: 'needs timeoutMs' });
    }
  }
  return problems;
};

export const approvalStepType: StepTypeDefinition<ApprovalStepConfig> = {
  type: 'approval',
  category: 'human',
  title: 'Approval',
  description:
    'Pauses the run until a person with the right role decides; edges follow the outcome. Output: { decision, comment, decidedBy, decidedAt }.',
  configSchema: {
    $schema: JSON_SCHEMA_DIALECT,
    type: 'object',
    additionalProperties: false,
    properties: {
      title: { type: 'string', maxLength: 500 },
      message: { type: 'string', maxLength: 10_000 },
      options: {
        type: 'array',
        minItems: 2,
        maxItems: 10,
        uniqueItems: true,
        items: { type: 'string', pattern: PORT_NAME_PATTERN },
      },
      approverRole: { type: 'string', enum: ['owner', 'admin', 'editor', 'operator'], default: 'operator' },
      assignees: {
        type: 'array',
        maxItems: 50,
        description: 'Only these members may decide (user ids or emails); admins and owners always may.',
        items: { type: 'string', minLength: 1, maxLength: 320 },
      },
      timeoutMs: waitTimeoutMs('Time allowed for a decision.'),
      defaultOutcome: { type: 'string', pattern: PORT_NAME_PATTERN },
    },
  },
  defaults: { title: 'Approve?', approverRole: 'operator' },
  expressionFields: [
    { field: 'title', kind: 'template' },
    { field: 'message', kind: 'template' },
    { field: 'assignees', kind: 'template' },
  ],
  outputPorts: (config) => [
    ...optionsOf(config),
    ...(config.timeoutMs !== undefined && config.defaultOutcome === undefined ? [TIMEOUT_PORT] : []),
  ],
  checkConfig: checkApproval,
};
