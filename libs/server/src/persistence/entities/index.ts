import { ApiKeyEntity } from './api-key.entity.js';
import { AuditLogEntity } from './audit-log.entity.js';
import { EventEntity } from './event.entity.js';
import { EventBufferEntity } from './event-buffer.entity.js';
import { FlowVersionEntity } from './flow-version.entity.js';
import { FlowEntity } from './flow.entity.js';
import { InvitationEntity } from './invitation.entity.js';
import { MembershipEntity } from './membership.entity.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import { RunEntity } from './run.entity.js';
import { SecretEntity } from './secret.entity.js';
import { StepRunEntity } from './step-run.entity.js';
import { TenantEntity } from './tenant.entity.js';
import { TriggerEntity, WebhookDeliveryDedupEntity } from './trigger.entity.js';
import { UsageDailyEntity } from './usage-daily.entity.js';
import { UserEntity } from './user.entity.js';
import { WaitpointEntity } from './waitpoint.entity.js';
import {
  WebhookDeliveryAttemptEntity,
  WebhookDeliveryEntity,
  WebhookEndpointEntity,
} from './webhook-endpoint.entity.js';

export * from './api-key.entity.js';
export * from './audit-log.entity.js';
export * from './event.entity.js';
export * from './event-buffer.entity.js';
export * from './flow-version.entity.js';
export * from './flow.entity.js';
export * from './invitation.entity.js';
export * from './membership.entity.js';
export * from './refresh-token.entity.js';
export * from './run.entity.js';
export * from './secret.entity.js';
export * from './step-run.entity.js';
export * from './tenant.entity.js';
export * from './trigger.entity.js';
export * from './usage-daily.entity.js';
export * from './user.entity.js';
export * from './waitpoint.entity.js';
export * from './webhook-endpoint.entity.js';

/** Every entity of the schema; the schema-drift test compares exactly these with the migrations. */
export const ENTITIES = [
  TenantEntity,
  UserEntity,
  MembershipEntity,
  InvitationEntity,
  RefreshTokenEntity,
  ApiKeyEntity,
  AuditLogEntity,
  FlowEntity,
  FlowVersionEntity,
  RunEntity,
  StepRunEntity,
  SecretEntity,
  TriggerEntity,
  WebhookDeliveryDedupEntity,
  EventEntity,
  EventBufferEntity,
  WaitpointEntity,
  WebhookEndpointEntity,
  WebhookDeliveryEntity,
  WebhookDeliveryAttemptEntity,
  UsageDailyEntity,
];
