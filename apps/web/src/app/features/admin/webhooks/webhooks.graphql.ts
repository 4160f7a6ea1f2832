import { graphql } from '../../../core/graphql/generated';
import type {
  CreateWebhookEndpointInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveriesQuery,
  WebhookEndpointsQuery,
} from '../../../core/graphql/generated/graphql';

export const WEBHOOKS_PAGE_SIZE = 50;
export const DELIVERIES_PAGE_SIZE = 25;

// No document asks for a signing secret except the two mutations that answer it once.
export const WebhookEndpointsDocument = graphql(`
  query WebhookEndpoints($limit: Int, $cursor: String) {
    webhookEndpoints(limit: $limit, cursor: $cursor) {
      data {
        id
        url
        description
        eventTypes
        enabled
        disabledReason
        previousSecretExpiresAt
        createdAt
        updatedAt
      }
      nextCursor
    }
  }
`);

export const CreateWebhookEndpointDocument = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
      endpoint {
        id
        url
        description
        eventTypes
        enabled
        disabledReason
        previousSecretExpiresAt
        createdAt
        updatedAt
      }
    }
  }
`);

export const UpdateWebhookEndpointDocument = graphql(`
  mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(id: $id, input: $input) {
      id
      url
      description
      eventTypes
      enabled
      disabledReason
      previousSecretExpiresAt
      createdAt
      updatedAt
    }
  }
`);

export const RotateWebhookEndpointSecretDocument = graphql(`
  mutation RotateWebhookEndpointSecret($id: ID!) {
    rotateWebhookEndpointSecret(id: $id) {
      secret
      endpoint {
        id
        url
        description
        eventTypes
        enabled
        disabledReason
        previousSecretExpiresAt
        createdAt
        updatedAt
      }
    }
  }
`);

export const DeleteWebhookEndpointDocument = graphql(`
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id)
  }
`);

export const WebhookDeliveriesDocument = graphql(`
  query WebhookDeliveries($endpointId: ID!, $limit: Int, $cursor: String) {
    webhookDeliveries(endpointId: $endpointId, limit: $limit, cursor: $cursor) {
      data {
        id
        eventType
        status
        attempts
        lastStatusCode
        lastError
        nextAttemptAt
        deliveredAt
        createdAt
      }
      nextCursor
    }
  }
`);

export const RedeliverWebhookDeliveryDocument = graphql(`
  mutation RedeliverWebhookDelivery($id: ID!) {
    redeliverWebhookDelivery(id: $id) {
      id
      eventType
      status
      attempts
      lastStatusCode
      lastError
      nextAttemptAt
      deliveredAt
      createdAt
    }
  }
`);

/** An endpoint as listed: never its signing secret. */
export type WebhookEndpoint = WebhookEndpointsQuery['webhookEndpoints']['data'][number];
export type WebhookDelivery = WebhookDeliveriesQuery['webhookDeliveries']['data'][number];
export type NewWebhookEndpoint = CreateWebhookEndpointInput;
export type WebhookEndpointChange = UpdateWebhookEndpointInput;
