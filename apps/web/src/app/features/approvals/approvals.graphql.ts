import { graphql } from '../../core/graphql/generated';
import type { ApprovalFieldsFragment, ApprovalFilter } from '../../core/graphql/generated/graphql';

export const APPROVALS_PAGE_SIZE = 25;

export const ApprovalFieldsFragmentDoc = graphql(`
  fragment ApprovalFields on Approval {
    id
    status
    runId
    flowId
    flowName
    flowVersion
    stepId
    stepName
    title
    message
    options
    approverRole
    assignees
    requestedAt
    expiresAt
    defaultOutcome
    decision
    comment
    decidedAt
    decidedBy {
      type
      id
      label
    }
    canDecide
  }
`);

export const ApprovalsDocument = graphql(`
  query Approvals($filter: ApprovalFilter, $limit: Int, $cursor: String) {
    approvals(filter: $filter, limit: $limit, cursor: $cursor) {
      data {
        ...ApprovalFields
      }
      nextCursor
    }
  }
`);

export const DecideApprovalDocument = graphql(`
  mutation DecideApproval($id: ID!, $input: DecideApprovalInput!) {
    decideApproval(id: $id, input: $input) {
      ...ApprovalFields
    }
  }
`);

export type Approval = ApprovalFieldsFragment;
export type { ApprovalFilter };

/** A decision as the card emits it. */
export interface ApprovalDecision {
  decision: string;
  comment: string | null;
}
