import { graphql } from '../../core/graphql/generated';
import type {
  CreateTriggerInput,
  FlowTriggersQuery,
  RotateTriggerTokenMutation,
  TenantTriggersQuery,
  UpdateTriggerInput,
} from '../../core/graphql/generated/graphql';

export const TriggerFields = graphql(`
  fragment TriggerFields on Trigger {
    id
    flowId
    kind
    enabled
    version
    config
    hasSecret
    tokenPrefix
    nextFireTimes
    lastFiredAt
    createdAt
    updatedAt
  }
`);

export const FlowTriggersDocument = graphql(`
  query FlowTriggers($flowId: ID!) {
    triggers(flowId: $flowId) {
      ...TriggerFields
    }
  }
`);

export const CreateTriggerDocument = graphql(`
  mutation CreateTrigger($flowId: ID!, $input: CreateTriggerInput!) {
    createTrigger(flowId: $flowId, input: $input) {
      token
      url
      trigger {
        ...TriggerFields
      }
    }
  }
`);

export const UpdateTriggerDocument = graphql(`
  mutation UpdateTrigger($id: ID!, $input: UpdateTriggerInput!) {
    updateTrigger(id: $id, input: $input) {
      ...TriggerFields
    }
  }
`);

export const DeleteTriggerDocument = graphql(`
  mutation DeleteTrigger($id: ID!) {
    deleteTrigger(id: $id)
  }
`);

export const RotateTriggerTokenDocument = graphql(`
  mutation RotateTriggerToken($id: ID!) {
    rotateTriggerToken(id: $id) {
      token
      url
      trigger {
        ...TriggerFields
      }
    }
  }
`);

export const PreviewScheduleDocument = graphql(`
  query PreviewSchedule($input: SchedulePreviewInput!) {
    previewSchedule(input: $input)
  }
`);

/** Every trigger of the tenant (the API answers the first 100), with its flow's name. */
export const TenantTriggersDocument = graphql(`
  query TenantTriggers($kind: String) {
    triggers(kind: $kind) {
      ...TriggerFields
      flowName
    }
  }
`);

/** A trigger as listed: its config without any secret (`hasSecret` says whether one is stored). */
export type Trigger = FlowTriggersQuery['triggers'][number];
/** The only answers that carry the webhook token (create and rotate). */
export type TriggerWithToken = RotateTriggerTokenMutation['rotateTriggerToken'];
export type TenantTrigger = TenantTriggersQuery['triggers'][number];
export type NewTrigger = CreateTriggerInput;
export type TriggerChange = UpdateTriggerInput;
