import { graphql } from '../../core/graphql/generated';
import type { FlowsListQuery } from '../../core/graphql/generated/graphql';

export const FlowsListDocument = graphql(`
  query FlowsList($filter: FlowFilterInput, $limit: Int!, $cursor: String) {
    flows(filter: $filter, limit: $limit, cursor: $cursor) {
      data {
        id
        name
        description
        tags
        createdAt
        updatedAt
        archivedAt
        draftRevision
        publishedVersion
        latestVersion
        stats {
          runCount
          succeeded
          finished
          successRate
          lastRun {
            id
            status
            createdAt
          }
        }
      }
      nextCursor
    }
  }
`);

export const CreateFlowDocument = graphql(`
  mutation CreateFlow($input: CreateFlowInput!) {
    createFlow(input: $input) {
      id
      name
    }
  }
`);

export const ArchiveFlowDocument = graphql(`
  mutation ArchiveFlow($id: ID!) {
    archiveFlow(id: $id) {
      id
      archivedAt
    }
  }
`);

export type FlowPage = FlowsListQuery['flows'];
/** One row of the flows list. */
export type FlowSummary = FlowPage['data'][number];
/** How a listed flow's real runs went (the last 30 days; the last run however old). */
export type FlowRunStats = FlowSummary['stats'];
