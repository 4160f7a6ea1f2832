import type { components } from './generated/openapi.js';
import { eachItem, type ApiTransport } from './transport.js';

/** An approval: what a waiting run asks people, and how it was settled. */
export type Approval = components['schemas']['ApprovalDto'];
export type ApprovalPage = components['schemas']['ApprovalPageDto'];
export type ApprovalStatus = Approval['status'];

export interface ApprovalFilter {
  /** pending, decided, timed_out, cancelled; default every status. */
  status?: ApprovalStatus[];
  /** Only approvals that name the caller, or name no one and the caller's role may decide. */
  assignedToMe?: boolean;
  flowId?: string;
  runId?: string;
}

export interface DecideOptions {
  /** One of the approval's `options` (`approved` / `rejected` unless the step names its own). */
  decision: string;
  /** At most 2000 characters; recorded in the step's output and the audit log. */
  comment?: string | null;
}

/**
 * `stepline.approvals`: list, read and decide approvals. Deciding needs an operator (or the step's
 * role and assignees) or an API key with `runs:write`; a second decision throws a `SteplineError`
 * with code `approval.already_decided` (409).
 */
export class ApprovalsApi {
  constructor(private readonly t: ApiTransport) {}

  get(id: string): Promise<Approval> {
    return this.t.call(this.t.raw.GET('/v1/approvals/{id}', { params: { path: { id } } }));
  }

  /** One page of approvals, newest first. */
  listPage(options: ApprovalFilter & { limit?: number; cursor?: string } = {}): Promise<ApprovalPage> {
    return this.t.call(this.t.raw.GET('/v1/approvals', { params: { query: options } }));
  }

  /** Every approval matching the filter, newest first, fetching pages as the iteration goes. */
  list(options: ApprovalFilter & { limit?: number } = {}): AsyncGenerator<Approval> {
    return eachItem((cursor) => this.listPage({ ...options, ...(cursor ? { cursor } : {}) }));
  }

  /** Decides once; the run resumes on the chosen option's port. Answers the decided approval. */
  decide(id: string, options: DecideOptions): Promise<Approval> {
    return this.t.call(
      this.t.raw.POST('/v1/approvals/{id}/decide', { params: { path: { id } }, body: options }),
    );
  }
}
