import {
  approvalExpiresAt,
  approvalRequestOf,
  StepFailure,
  TIMEOUT_PORT,
  timeoutResolution,
  type ApprovalOutput,
  type ApprovalStepConfig,
  type ApproverRole,
} from '@stepline/domain';
import type { StepExecutor } from '../step-executor.js';

/** What the waitpoint's details hold: the request (approvalRequestOf) and the step's name. */
type ApprovalDetails = {
  defaultOutcome?: string | null;
  options?: string[];
  approverRole?: ApproverRole;
};

/**
 * The approval step (product.md §4): asks people and waits. `execute` answers a wait of kind
 * `approval` whose details are the request people see (title, message, options, role, assignees,
 * timeout, default outcome) — the API decides it (`apps/api/src/modules/approvals`), the waitpoint
 * id is the approval id. `resume` turns the settled waitpoint into the step's output and port: a
 * decision follows the chosen option; a timeout decides the default outcome, or follows `timeout`
 * (failing the step with `wait.timed_out` when the flow has no such edge).
 * Rules are the domain's (`libs/domain/src/approvals`).
 */
export const approvalExecutor: StepExecutor<ApprovalStepConfig> = {
  type: 'approval',
  execute: async ({ config, step, log }) => {
    const { invalidAssignees, ...request } = approvalRequestOf(config);
    if (invalidAssignees.length > 0) {
      throw new StepFailure(
        'step.failed',
        `Assignees must be user ids or emails; got ${invalidAssignees.map((a) => JSON.stringify(a)).join(', ')}`,
        { retryable: false, detail: { invalidAssignees } },
      );
    }
    const resumeAt = approvalExpiresAt(request, new Date());
    log(
      'info',
      `waiting for a decision (${request.options.join(' / ')})` +
        (request.assignees.length
          ? ` by ${request.assignees.join(', ')}`
          : ` by a ${request.approverRole} or above`) +
        (resumeAt ? ` until ${resumeAt.toISOString()}` : ''),
    );
    return {
      output: null,
      wait: { kind: 'approval', resumeAt, details: { ...request, stepName: step.name ?? null } },
    };
  },
  resume: ({ waitpoint, log, hasEdge }) => {
    const details = waitpoint.details as ApprovalDetails;
    if (waitpoint.status === 'cancelled') {
      throw new StepFailure('step.cancelled', 'The approval was cancelled with its run');
    }
    if (waitpoint.status === 'timed_out') {
      // Like waitForEvent: with no default outcome and no timeout edge, nobody deciding fails the
      // step — unlabelled edges would otherwise carry on as if someone had approved.
      if (!details.defaultOutcome && hasEdge && !hasEdge(TIMEOUT_PORT)) {
        throw new StepFailure('wait.timed_out', 'Nobody decided before the timeout', { retryable: false });
      }
      const { port, output } = timeoutResolution(
        { defaultOutcome: details.defaultOutcome ?? null },
        waitpoint.resolvedAt ?? new Date(),
      );
      log(
        'info',
        output.decision
          ? `timed out: decided "${output.decision}" by default`
          : 'timed out without a decision',
      );
      return { output, port };
    }
    const output = waitpoint.result as ApprovalOutput;
    log('info', `decided "${output.decision}" by ${output.decidedBy?.label ?? 'someone'}`);
    return { output, port: output.decision ?? undefined };
  },
};
