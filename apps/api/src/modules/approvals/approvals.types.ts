import type { ApprovalDecider, ApprovalStatus, ApproverRole } from '@stepline/domain';

/** An approval as every answer shows it: what is asked, of whom, and how it was settled. */
export interface ApprovalView {
  id: string;
  status: ApprovalStatus;
  runId: string;
  flowId: string;
  flowName: string;
  /** The version the run runs; null for a test run of the draft. */
  flowVersion: number | null;
  stepId: string;
  stepName: string | null;
  title: string;
  message: string | null;
  /** The decisions offered (the step's ports). */
  options: string[];
  approverRole: ApproverRole;
  /** User ids and emails that may decide (besides admins and owners); empty: anyone with the role. */
  assignees: string[];
  requestedAt: string;
  expiresAt: string | null;
  /** What happens at expiry: this outcome, or null (the step follows its `timeout` port). */
  defaultOutcome: string | null;
  decision: string | null;
  comment: string | null;
  decidedBy: ApprovalDecider | null;
  decidedAt: string | null;
  /** Whether the caller may decide it now (pending, and the role / assignees allow). */
  canDecide: boolean;
}

export interface ApprovalFilter {
  status?: ApprovalStatus[];
  /** Only approvals that name the caller, or name no one and the caller's role suffices. */
  assignedToMe?: boolean;
  flowId?: string;
  runId?: string;
}

export interface DecideApprovalInput {
  decision: string;
  comment?: string | null;
}
