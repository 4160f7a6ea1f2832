import { graphql } from '../../core/graphql/generated';
import type {
  CancelRunMutation,
  RunDetailQuery,
  RunEventsSubscription,
  RunFilter,
  RunsListQuery,
  StartRunMutation,
} from '../../core/graphql/generated/graphql';

export const RUNS_PAGE_SIZE = 25;

export const RunSummaryFieldsFragment = graphql(`
  fragment RunSummaryFields on RunSummary {
    id
    flowId
    version
    isTest
    status
    trigger
    createdAt
    startedAt
    finishedAt
    durationMs
    error
  }
`);

export const RunsListDocument = graphql(`
  query RunsList($filter: RunFilter, $limit: Int, $cursor: String) {
    runs(filter: $filter, limit: $limit, cursor: $cursor) {
      data {
        ...RunSummaryFields
      }
      nextCursor
    }
  }
`);

/**
 * The page's first read: the first runs and the flows the filter offers (which also name most
 * rows), in one round trip — so "loaded" means nothing is left in flight.
 */
export const RunsOpenDocument = graphql(`
  query RunsOpen($filter: RunFilter, $limit: Int, $flowsLimit: Int!) {
    runs(filter: $filter, limit: $limit) {
      data {
        ...RunSummaryFields
      }
      nextCursor
    }
    flows(limit: $flowsLimit) {
      data {
        id
        name
      }
    }
  }
`);

/** One flow's name, for a run whose flow is not among those listed (archived, or beyond the first page). */
export const RunFlowNameDocument = graphql(`
  query RunFlowName($id: ID!) {
    flow(id: $id) {
      id
      name
      archivedAt
      publishedVersion
    }
  }
`);

export const RunDetailDocument = graphql(`
  query RunDetail($id: ID!) {
    run(id: $id) {
      id
      flowId
      version
      isTest
      status
      trigger
      input
      output
      error
      createdAt
      startedAt
      finishedAt
      durationMs
      cancelRequestedAt
      retryOfRunId
      resumedFromRunId
      resumeFromStep
      parentRunId
      steps {
        seq
        stepId
        path
        attempt
        status
        port
        input
        output
        outputTruncated
        error
        logs {
          level
          message
          time
        }
        startedAt
        finishedAt
        durationMs
      }
      waitingFor {
        id
        kind
        stepId
        path
        eventName
        correlationKey
        approvalId
        childRunId
        until
        since
      }
    }
  }
`);

export const RunEventsDocument = graphql(`
  subscription RunEvents($runId: ID!) {
    runEvents(runId: $runId) {
      type
      runId
      seq
      stepId
      path
      attempt
      status
      port
      durationMs
      error
      at
    }
  }
`);

export const StartRunDocument = graphql(`
  mutation StartRun($flowId: ID!, $input: StartRunInput) {
    startRun(flowId: $flowId, input: $input) {
      id
      status
    }
  }
`);

export const CancelRunDocument = graphql(`
  mutation CancelRun($id: ID!) {
    cancelRun(id: $id) {
      id
      status
      cancelRequestedAt
      finishedAt
      durationMs
      error
    }
  }
`);

export const RetryRunDocument = graphql(`
  mutation RetryRun($id: ID!) {
    retryRun(id: $id) {
      id
    }
  }
`);

export const ResumeRunDocument = graphql(`
  mutation ResumeRun($id: ID!, $fromStep: String) {
    resumeRun(id: $id, fromStep: $fromStep) {
      id
    }
  }
`);

/** The definition a run of the published version would use, for its input schema. */
export const RunVersionDefinitionDocument = graphql(`
  query RunVersionDefinition($flowId: ID!, $number: Int!) {
    flowVersion(flowId: $flowId, number: $number) {
      number
      definition
    }
  }
`);

/** The draft's definition, for the input schema of a test run. */
export const RunDraftDefinitionDocument = graphql(`
  query RunDraftDefinition($flowId: ID!) {
    flowDraft(flowId: $flowId) {
      version
      definition
    }
  }
`);

export type RunSummary = RunsListQuery['runs']['data'][number];
export type RunsPage = RunsListQuery['runs'];
export type RunFilterInput = RunFilter;
export type RunDetail = RunDetailQuery['run'];
export type StepRun = RunDetail['steps'][number];
export type RunEvent = RunEventsSubscription['runEvents'];
export type CancelledRun = CancelRunMutation['cancelRun'];
export type StartedRun = StartRunMutation['startRun'];
