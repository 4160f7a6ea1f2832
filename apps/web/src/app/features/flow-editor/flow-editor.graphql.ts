import { graphql } from '../../core/graphql/generated';
import type {
  DraftFieldsFragment,
  OpenFlowEditorQuery,
  VersionFieldsFragment,
} from '../../core/graphql/generated/graphql';

/** Everything the editor needs to open a flow: the flow, its draft with problems, the catalogue. */
export const OpenFlowEditorDocument = graphql(`
  query OpenFlowEditor($flowId: ID!) {
    flow(id: $flowId) {
      ...FlowMetaFields
    }
    flowDraft(flowId: $flowId) {
      ...DraftFields
    }
    stepTypes {
      type
      category
      title
      description
      configSchema
      defaults
      outputPorts
      terminal
      expressionFields {
        field
        kind
      }
      nestedGraphs {
        field
        locals
      }
    }
  }
`);

export const FlowMetaFields = graphql(`
  fragment FlowMetaFields on Flow {
    id
    name
    description
    tags
    archivedAt
    publishedVersion
    latestVersion
    draftRevision
  }
`);

export const FlowMetaDocument = graphql(`
  query FlowMeta($flowId: ID!) {
    flow(id: $flowId) {
      ...FlowMetaFields
    }
  }
`);

export const DraftFields = graphql(`
  fragment DraftFields on FlowDraft {
    flowId
    definition
    revision
    saved
    version
    problems {
      path
      code
      message
    }
  }
`);

export const FlowDraftDocument = graphql(`
  query FlowDraft($flowId: ID!) {
    flowDraft(flowId: $flowId) {
      ...DraftFields
    }
  }
`);

export const SaveFlowDraftDocument = graphql(`
  mutation SaveFlowDraft($flowId: ID!, $definition: JSON!, $revision: Int!) {
    saveFlowDraft(flowId: $flowId, definition: $definition, revision: $revision) {
      ...DraftFields
    }
  }
`);

export const PublishFlowDocument = graphql(`
  mutation PublishFlow($flowId: ID!, $changeNote: String, $revision: Int) {
    publishFlow(flowId: $flowId, changeNote: $changeNote, revision: $revision) {
      ...VersionFields
    }
  }
`);

export const VersionFields = graphql(`
  fragment VersionFields on FlowVersion {
    number
    status
    changeNote
    createdAt
    createdBy
    publishedAt
    revision
  }
`);

export const FlowVersionsDocument = graphql(`
  query FlowVersions($flowId: ID!, $limit: Int!, $cursor: String) {
    flowVersions(flowId: $flowId, limit: $limit, cursor: $cursor) {
      data {
        ...VersionFields
      }
      nextCursor
    }
  }
`);

export const FlowVersionDocument = graphql(`
  query FlowVersion($flowId: ID!, $number: Int!) {
    flowVersion(flowId: $flowId, number: $number) {
      number
      status
      changeNote
      definition
      publishedAt
      revision
    }
  }
`);

export const RollbackFlowDocument = graphql(`
  mutation RollbackFlow($flowId: ID!, $version: Int!, $changeNote: String) {
    rollbackFlow(flowId: $flowId, version: $version, changeNote: $changeNote) {
      ...VersionFields
    }
  }
`);

export type FlowMeta = OpenFlowEditorQuery['flow'];
/** One entry of the step-type catalogue as the API serves it (palette, inspector forms). */
export type StepTypeEntry = OpenFlowEditorQuery['stepTypes'][number];
export type DraftSnapshot = DraftFieldsFragment;
export type VersionSummary = VersionFieldsFragment;

/** Secret names for `secrets.` autocomplete: names only (the API's Secret type has no value). */
export const EditorSecretNamesDocument = graphql(`
  query EditorSecretNames($cursor: String) {
    secrets(limit: 100, cursor: $cursor) {
      data {
        name
      }
      nextCursor
    }
  }
`);
