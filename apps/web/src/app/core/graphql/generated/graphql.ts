/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ApprovalFilter = {
  /** Only approvals that name the caller, or name no one and the caller’s role may decide */
  assignedToMe?: boolean | null | undefined;
  flowId?: string | number | null | undefined;
  runId?: string | number | null | undefined;
  /** pending, decided, timed_out, cancelled */
  status?: Array<string> | null | undefined;
};

export type AuditLogFilterInput = {
  /** An action, or a family of actions: `flow.*` */
  action?: string | null | undefined;
  actorId?: string | null | undefined;
  from?: string | null | undefined;
  targetId?: string | null | undefined;
  targetType?: string | null | undefined;
  to?: string | null | undefined;
};

export type CreateApiKeyInput = {
  /** ISO 8601, in the future */
  expiresAt?: string | null | undefined;
  name: string;
  /** Non-empty, unique: flows:read, flows:write, runs:read, runs:write, events:write, admin */
  scopes: Array<string>;
};

export type CreateFlowInput = {
  /** The draft v1; default: an empty definition */
  definition?: unknown;
  description?: string | null | undefined;
  name: string;
  tags?: Array<string> | null | undefined;
};

export type CreateSecretInput = {
  description?: string | null | undefined;
  /** A–Z, 0–9 and _, starting with a letter; referenced as {{ secrets.NAME }} */
  name: string;
  /** Write-only: no query returns it */
  value: string;
};

export type CreateTriggerInput = {
  /** Settings of the kind, as in REST (a webhook’s auth.secret write-only) */
  config?: unknown;
  enabled?: boolean | null | undefined;
  /** webhook (the default), schedule or event */
  kind?: string | null | undefined;
  /** A published version to pin; null = the published one */
  version?: number | null | undefined;
};

export type CreateWebhookEndpointInput = {
  description?: string | null | undefined;
  enabled?: boolean | null | undefined;
  /** ["*"] or some of: run.succeeded, run.failed, run.cancelled, run.timed_out, run.waiting, approval.requested */
  eventTypes: Array<string>;
  /** https (plain http only for addresses OUTBOUND_ALLOW_CIDRS opens) */
  url: string;
};

export type DecideApprovalInput = {
  /** At most 2000 characters */
  comment?: string | null | undefined;
  /** One of the approval’s options */
  decision: string;
};

export type FlowFilterInput = {
  /** Part of the name, case-insensitive */
  q?: string | null | undefined;
  /** active (default) | archived */
  status?: string | null | undefined;
  tag?: string | null | undefined;
};

export type InviteMemberInput = {
  email: string;
  role: Role;
};

export type Role =
  | 'admin'
  | 'editor'
  | 'operator'
  | 'owner'
  | 'viewer';

export type RunFilter = {
  flowId?: string | number | null | undefined;
  /** Created at or after (ISO 8601) */
  from?: string | null | undefined;
  isTest?: boolean | null | undefined;
  status?: Array<string> | null | undefined;
  /** Created before (ISO 8601) */
  to?: string | null | undefined;
  trigger?: Array<string> | null | undefined;
};

export type SchedulePreviewInput = {
  /** 5-field cron (mode cron) */
  cron?: string | null | undefined;
  /** Seconds between slots (mode interval) */
  intervalSeconds?: number | null | undefined;
  /** cron or interval */
  mode: string;
  /** IANA time zone, default UTC (mode cron) */
  timezone?: string | null | undefined;
};

export type StartRunInput = {
  /** Same key + same input and version → the same run */
  idempotencyKey?: string | null | undefined;
  /** Validated against the flow’s inputSchema */
  input?: unknown;
  /** A version number or "draft" (a test run); default the published version */
  version?: string | null | undefined;
  /** Seconds (0–30) to wait for the run to finish */
  wait?: number | null | undefined;
};

export type TenantSettingsInput = {
  maxConcurrentRuns?: number | null | undefined;
  maxForEachItems?: number | null | undefined;
  maxPayloadBytes?: number | null | undefined;
  maxStepOutputBytes?: number | null | undefined;
  maxStepsPerRun?: number | null | undefined;
  retentionDays?: number | null | undefined;
  runStartsPerMinute?: number | null | undefined;
};

export type UpdateSecretInput = {
  /** null clears it */
  description?: string | null | undefined;
  /** A new value (write-only) */
  value?: string | null | undefined;
};

export type UpdateTenantInput = {
  name?: string | null | undefined;
  /** Merged into the current settings */
  settings?: TenantSettingsInput | null | undefined;
};

export type UpdateTriggerInput = {
  /** Merged over the stored config */
  config?: unknown;
  enabled?: boolean | null | undefined;
  version?: number | null | undefined;
};

export type UpdateWebhookEndpointInput = {
  /** null clears it */
  description?: string | null | undefined;
  enabled?: boolean | null | undefined;
  eventTypes?: Array<string> | null | undefined;
  url?: string | null | undefined;
};

export type ApiKeysQueryVariables = Exact<{
  limit?: number | null | undefined;
  cursor?: string | null | undefined;
}>;


export type ApiKeysQuery = { apiKeys: { nextCursor: string | null, data: Array<{ id: string, name: string, prefix: string, scopes: Array<string>, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null, createdAt: string }> } };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey: { id: string, name: string, prefix: string, scopes: Array<string>, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null, createdAt: string, key: string } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: boolean };

export type AuditLogQueryVariables = Exact<{
  filter?: AuditLogFilterInput | null | undefined;
  limit: number;
  cursor?: string | null | undefined;
}>;


export type AuditLogQuery = { auditLog: { nextCursor: string | null, data: Array<{ id: string, action: string, before: unknown, after: unknown, ip: string | null, userAgent: string | null, requestId: string | null, createdAt: string, actor: { type: string, id: string | null, label: string | null }, target: { type: string, id: string } | null }> } };

export type MembersQueryVariables = Exact<{
  limit?: number | null | undefined;
  cursor?: string | null | undefined;
}>;


export type MembersQuery = { members: { nextCursor: string | null, data: Array<{ id: string, userId: string, email: string, name: string, role: Role, createdAt: string }> } };

export type InvitationsQueryVariables = Exact<{
  limit?: number | null | undefined;
  cursor?: string | null | undefined;
}>;


export type InvitationsQuery = { invitations: { nextCursor: string | null, data: Array<{ id: string, email: string, role: Role, invitedBy: string, expiresAt: string, createdAt: string }> } };

export type ChangeMemberRoleMutationVariables = Exact<{
  userId: string | number;
  role: Role;
}>;


export type ChangeMemberRoleMutation = { changeMemberRole: { id: string, userId: string, email: string, name: string, role: Role, createdAt: string } };

export type RemoveMemberMutationVariables = Exact<{
  userId: string | number;
}>;


export type RemoveMemberMutation = { removeMember: boolean };

export type InviteMemberMutationVariables = Exact<{
  input: InviteMemberInput;
}>;


export type InviteMemberMutation = { inviteMember: { id: string, email: string, role: Role, invitedBy: string, expiresAt: string, createdAt: string, token: string } };

export type RevokeInvitationMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeInvitationMutation = { revokeInvitation: boolean };

export type SecretsQueryVariables = Exact<{
  limit?: number | null | undefined;
  cursor?: string | null | undefined;
}>;


export type SecretsQuery = { secrets: { nextCursor: string | null, data: Array<{ id: string, name: string, description: string | null, keyId: string, createdAt: string, updatedAt: string, lastUsedAt: string | null }> } };

export type CreateSecretMutationVariables = Exact<{
  input: CreateSecretInput;
}>;


export type CreateSecretMutation = { createSecret: { id: string, name: string, description: string | null, keyId: string, createdAt: string, updatedAt: string, lastUsedAt: string | null } };

export type UpdateSecretMutationVariables = Exact<{
  id: string | number;
  input: UpdateSecretInput;
}>;


export type UpdateSecretMutation = { updateSecret: { id: string, name: string, description: string | null, keyId: string, createdAt: string, updatedAt: string, lastUsedAt: string | null } };

export type DeleteSecretMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteSecretMutation = { deleteSecret: boolean };

export type UsageQueryVariables = Exact<{
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;


export type UsageQuery = { usage: { from: string, to: string, days: Array<{ day: string, runs: number, steps: number, stepSeconds: number }>, totals: { runs: number, steps: number, stepSeconds: number }, quotas: { maxConcurrentRuns: number, runStartsPerMinute: number, maxStepsPerRun: number, maxForEachItems: number, maxPayloadBytes: number, maxStepOutputBytes: number }, slots: { held: number, pending: number } } };

export type UpdateQuotasMutationVariables = Exact<{
  input: UpdateTenantInput;
}>;


export type UpdateQuotasMutation = { updateTenant: { id: string } };

export type WebhookEndpointsQueryVariables = Exact<{
  limit?: number | null | undefined;
  cursor?: string | null | undefined;
}>;


export type WebhookEndpointsQuery = { webhookEndpoints: { nextCursor: string | null, data: Array<{ id: string, url: string, description: string | null, eventTypes: Array<string>, enabled: boolean, disabledReason: string | null, previousSecretExpiresAt: string | null, createdAt: string, updatedAt: string }> } };

export type CreateWebhookEndpointMutationVariables = Exact<{
  input: CreateWebhookEndpointInput;
}>;


export type CreateWebhookEndpointMutation = { createWebhookEndpoint: { secret: string, endpoint: { id: string, url: string, description: string | null, eventTypes: Array<string>, enabled: boolean, disabledReason: string | null, previousSecretExpiresAt: string | null, createdAt: string, updatedAt: string } } };

export type UpdateWebhookEndpointMutationVariables = Exact<{
  id: string | number;
  input: UpdateWebhookEndpointInput;
}>;


export type UpdateWebhookEndpointMutation = { updateWebhookEndpoint: { id: string, url: string, description: string | null, eventTypes: Array<string>, enabled: boolean, disabledReason: string | null, previousSecretExpiresAt: string | null, createdAt: string, updatedAt: string } };

export type RotateWebhookEndpointSecretMutationVariables = Exact<{
  id: string | number;
}>;


export type RotateWebhookEndpointSecretMutation = { rotateWebhookEndpointSecret: { secret: string, endpoint: { id: string, url: string, description: string | null, eventTypes: Array<string>, enabled: boolean, disabledReason: string | null, previousSecretExpiresAt: string | null, createdAt: string, updatedAt: string } } };

export type DeleteWebhookEndpointMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteWebhookEndpointMutation = { deleteWebhookEndpoint: boolean };

export type WebhookDeliveriesQueryVariables = Exact<{
  endpointId: string | number;
  limit?: number | null | undefined;
  cursor?: string | null | undefined;
}>;


export type WebhookDeliveriesQuery = { webhookDeliveries: { nextCursor: string | null, data: Array<{ id: string, eventType: string, status: string, attempts: number, lastStatusCode: number | null, lastError: string | null, nextAttemptAt: string | null, deliveredAt: string | null, createdAt: string }> } };

export type RedeliverWebhookDeliveryMutationVariables = Exact<{
  id: string | number;
}>;


export type RedeliverWebhookDeliveryMutation = { redeliverWebhookDelivery: { id: string, eventType: string, status: string, attempts: number, lastStatusCode: number | null, lastError: string | null, nextAttemptAt: string | null, deliveredAt: string | null, createdAt: string } };

export type ApprovalFieldsFragment = { id: string, status: string, runId: string, flowId: string, flowName: string, flowVersion: number | null, stepId: string, stepName: string | null, title: string, message: string | null, options: Array<string>, approverRole: string, assignees: Array<string>, requestedAt: string, expiresAt: string | null, defaultOutcome: string | null, decision: string | null, comment: string | null, decidedAt: string | null, canDecide: boolean, decidedBy: { type: string, id: string | null, label: string } | null };

export type ApprovalsQueryVariables = Exact<{
  filter?: ApprovalFilter | null | undefined;
  limit?: number | null | undefined;
  cursor?: string | null | undefined;
}>;


export type ApprovalsQuery = { approvals: { nextCursor: string | null, data: Array<{ id: string, status: string, runId: string, flowId: string, flowName: string, flowVersion: number | null, stepId: string, stepName: string | null, title: string, message: string | null, options: Array<string>, approverRole: string, assignees: Array<string>, requestedAt: string, expiresAt: string | null, defaultOutcome: string | null, decision: string | null, comment: string | null, decidedAt: string | null, canDecide: boolean, decidedBy: { type: string, id: string | null, label: string } | null }> } };

export type DecideApprovalMutationVariables = Exact<{
  id: string | number;
  input: DecideApprovalInput;
}>;


export type DecideApprovalMutation = { decideApproval: { id: string, status: string, runId: string, flowId: string, flowName: string, flowVersion: number | null, stepId: string, stepName: string | null, title: string, message: string | null, options: Array<string>, approverRole: string, assignees: Array<string>, requestedAt: string, expiresAt: string | null, defaultOutcome: string | null, decision: string | null, comment: string | null, decidedAt: string | null, canDecide: boolean, decidedBy: { type: string, id: string | null, label: string } | null } };

export type OpenFlowEditorQueryVariables = Exact<{
  flowId: string | number;
}>;


export type OpenFlowEditorQuery = { flow: { id: string, name: string, description: string | null, tags: Array<string>, archivedAt: string | null, publishedVersion: number | null, latestVersion: number, draftRevision: number | null }, flowDraft: { flowId: string, definition: unknown, revision: number, saved: boolean, version: number, problems: Array<{ path: string, code: string, message: string }> }, stepTypes: Array<{ type: string, category: string, title: string, description: string, configSchema: unknown, defaults: unknown, outputPorts: Array<string>, terminal: boolean, expressionFields: Array<{ field: string, kind: string }>, nestedGraphs: Array<{ field: string, locals: Array<string> }> }> };

export type FlowMetaFieldsFragment = { id: string, name: string, description: string | null, tags: Array<string>, archivedAt: string | null, publishedVersion: number | null, latestVersion: number, draftRevision: number | null };

export type FlowMetaQueryVariables = Exact<{
  flowId: string | number;
}>;


export type FlowMetaQuery = { flow: { id: string, name: string, description: string | null, tags: Array<string>, archivedAt: string | null, publishedVersion: number | null, latestVersion: number, draftRevision: number | null } };

export type DraftFieldsFragment = { flowId: string, definition: unknown, revision: number, saved: boolean, version: number, problems: Array<{ path: string, code: string, message: string }> };

export type FlowDraftQueryVariables = Exact<{
  flowId: string | number;
}>;


export type FlowDraftQuery = { flowDraft: { flowId: string, definition: unknown, revision: number, saved: boolean, version: number, problems: Array<{ path: string, code: string, message: string }> } };

export type SaveFlowDraftMutationVariables = Exact<{
  flowId: string | number;
  definition: unknown;
  revision: number;
}>;


export type SaveFlowDraftMutation = { saveFlowDraft: { flowId: string, definition: unknown, revision: number, saved: boolean, version: number, problems: Array<{ path: string, code: string, message: string }> } };

export type PublishFlowMutationVariables = Exact<{
  flowId: string | number;
  changeNote?: string | null | undefined;
  revision?: number | null | undefined;
}>;


export type PublishFlowMutation = { publishFlow: { number: number, status: string, changeNote: string | null, createdAt: string, createdBy: string | null, publishedAt: string | null, revision: number } };

export type VersionFieldsFragment = { number: number, status: string, changeNote: string | null, createdAt: string, createdBy: string | null, publishedAt: string | null, revision: number };

export type FlowVersionsQueryVariables = Exact<{
  flowId: string | number;
  limit: number;
  cursor?: string | null | undefined;
}>;


export type FlowVersionsQuery = { flowVersions: { nextCursor: string | null, data: Array<{ number: number, status: string, changeNote: string | null, createdAt: string, createdBy: string | null, publishedAt: string | null, revision: number }> } };

export type FlowVersionQueryVariables = Exact<{
  flowId: string | number;
  number: number;
}>;


export type FlowVersionQuery = { flowVersion: { number: number, status: string, changeNote: string | null, definition: unknown, publishedAt: string | null, revision: number } };

export type RollbackFlowMutationVariables = Exact<{
  flowId: string | number;
  version: number;
  changeNote?: string | null | undefined;
}>;


export type RollbackFlowMutation = { rollbackFlow: { number: number, status: string, changeNote: string | null, createdAt: string, createdBy: string | null, publishedAt: string | null, revision: number } };

export type EditorSecretNamesQueryVariables = Exact<{
  cursor?: string | null | undefined;
}>;


export type EditorSecretNamesQuery = { secrets: { nextCursor: string | null, data: Array<{ name: string }> } };

export type FlowsListQueryVariables = Exact<{
  filter?: FlowFilterInput | null | undefined;
  limit: number;
  cursor?: string | null | undefined;
}>;


export type FlowsListQuery = { flows: { nextCursor: string | null, data: Array<{ id: string, name: string, description: string | null, tags: Array<string>, createdAt: string, updatedAt: string, archivedAt: string | null, draftRevision: number | null, publishedVersion: number | null, latestVersion: number, stats: { runCount: number, succeeded: number, finished: number, successRate: number | null, lastRun: { id: string, status: string, createdAt: string } | null } }> } };

export type CreateFlowMutationVariables = Exact<{
  input: CreateFlowInput;
}>;


export type CreateFlowMutation = { createFlow: { id: string, name: string } };

export type ArchiveFlowMutationVariables = Exact<{
  id: string | number;
}>;


export type ArchiveFlowMutation = { archiveFlow: { id: string, archivedAt: string | null } };

export type RunSummaryFieldsFragment = { id: string, flowId: string, version: number, isTest: boolean, status: string, trigger: string, createdAt: string, startedAt: string | null, finishedAt: string | null, durationMs: number | null, error: unknown };

export type RunsListQueryVariables = Exact<{
  filter?: RunFilter | null | undefined;
  limit?: number | null | undefined;
  cursor?: string | null | undefined;
}>;


export type RunsListQuery = { runs: { nextCursor: string | null, data: Array<{ id: string, flowId: string, version: number, isTest: boolean, status: string, trigger: string, createdAt: string, startedAt: string | null, finishedAt: string | null, durationMs: number | null, error: unknown }> } };

export type RunsOpenQueryVariables = Exact<{
  filter?: RunFilter | null | undefined;
  limit?: number | null | undefined;
  flowsLimit: number;
}>;


export type RunsOpenQuery = { runs: { nextCursor: string | null, data: Array<{ id: string, flowId: string, version: number, isTest: boolean, status: string, trigger: string, createdAt: string, startedAt: string | null, finishedAt: string | null, durationMs: number | null, error: unknown }> }, flows: { data: Array<{ id: string, name: string }> } };

export type RunFlowNameQueryVariables = Exact<{
  id: string | number;
}>;


export type RunFlowNameQuery = { flow: { id: string, name: string, archivedAt: string | null, publishedVersion: number | null } };

export type RunDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type RunDetailQuery = { run: { id: string, flowId: string, version: number, isTest: boolean, status: string, trigger: string, input: unknown, output: unknown, error: unknown, createdAt: string, startedAt: string | null, finishedAt: string | null, durationMs: number | null, cancelRequestedAt: string | null, retryOfRunId: string | null, resumedFromRunId: string | null, resumeFromStep: string | null, parentRunId: string | null, steps: Array<{ seq: number, stepId: string, path: string, attempt: number, status: string, port: string | null, input: unknown, output: unknown, outputTruncated: boolean, error: unknown, startedAt: string | null, finishedAt: string | null, durationMs: number | null, logs: Array<{ level: string, message: string, time: string }> }>, waitingFor: Array<{ id: string, kind: string, stepId: string, path: string, eventName: string | null, correlationKey: string | null, approvalId: string | null, childRunId: string | null, until: string | null, since: string }> } };

export type RunEventsSubscriptionVariables = Exact<{
  runId: string | number;
}>;


export type RunEventsSubscription = { runEvents: { type: string, runId: string, seq: number | null, stepId: string | null, path: string | null, attempt: number | null, status: string | null, port: string | null, durationMs: number | null, error: unknown, at: string } };

export type StartRunMutationVariables = Exact<{
  flowId: string | number;
  input?: StartRunInput | null | undefined;
}>;


export type StartRunMutation = { startRun: { id: string, status: string } };

export type CancelRunMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelRunMutation = { cancelRun: { id: string, status: string, cancelRequestedAt: string | null, finishedAt: string | null, durationMs: number | null, error: unknown } };

export type RetryRunMutationVariables = Exact<{
  id: string | number;
}>;


export type RetryRunMutation = { retryRun: { id: string } };

export type ResumeRunMutationVariables = Exact<{
  id: string | number;
  fromStep?: string | null | undefined;
}>;


export type ResumeRunMutation = { resumeRun: { id: string } };

export type RunVersionDefinitionQueryVariables = Exact<{
  flowId: string | number;
  number: number;
}>;


export type RunVersionDefinitionQuery = { flowVersion: { number: number, definition: unknown } };

export type RunDraftDefinitionQueryVariables = Exact<{
  flowId: string | number;
}>;


export type RunDraftDefinitionQuery = { flowDraft: { version: number, definition: unknown } };

export type TriggerFieldsFragment = { id: string, flowId: string, kind: string, enabled: boolean, version: number | null, config: unknown, hasSecret: boolean, tokenPrefix: string | null, nextFireTimes: Array<string>, lastFiredAt: string | null, createdAt: string, updatedAt: string };

export type FlowTriggersQueryVariables = Exact<{
  flowId: string | number;
}>;


export type FlowTriggersQuery = { triggers: Array<{ id: string, flowId: string, kind: string, enabled: boolean, version: number | null, config: unknown, hasSecret: boolean, tokenPrefix: string | null, nextFireTimes: Array<string>, lastFiredAt: string | null, createdAt: string, updatedAt: string }> };

export type CreateTriggerMutationVariables = Exact<{
  flowId: string | number;
  input: CreateTriggerInput;
}>;


export type CreateTriggerMutation = { createTrigger: { token: string | null, url: string | null, trigger: { id: string, flowId: string, kind: string, enabled: boolean, version: number | null, config: unknown, hasSecret: boolean, tokenPrefix: string | null, nextFireTimes: Array<string>, lastFiredAt: string | null, createdAt: string, updatedAt: string } } };

export type UpdateTriggerMutationVariables = Exact<{
  id: string | number;
  input: UpdateTriggerInput;
}>;


export type UpdateTriggerMutation = { updateTrigger: { id: string, flowId: string, kind: string, enabled: boolean, version: number | null, config: unknown, hasSecret: boolean, tokenPrefix: string | null, nextFireTimes: Array<string>, lastFiredAt: string | null, createdAt: string, updatedAt: string } };

export type DeleteTriggerMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteTriggerMutation = { deleteTrigger: boolean };

export type RotateTriggerTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type RotateTriggerTokenMutation = { rotateTriggerToken: { token: string | null, url: string | null, trigger: { id: string, flowId: string, kind: string, enabled: boolean, version: number | null, config: unknown, hasSecret: boolean, tokenPrefix: string | null, nextFireTimes: Array<string>, lastFiredAt: string | null, createdAt: string, updatedAt: string } } };

export type PreviewScheduleQueryVariables = Exact<{
  input: SchedulePreviewInput;
}>;


export type PreviewScheduleQuery = { previewSchedule: Array<string> };

export type TenantTriggersQueryVariables = Exact<{
  kind?: string | null | undefined;
}>;


export type TenantTriggersQuery = { triggers: Array<{ flowName: string | null, id: string, flowId: string, kind: string, enabled: boolean, version: number | null, config: unknown, hasSecret: boolean, tokenPrefix: string | null, nextFireTimes: Array<string>, lastFiredAt: string | null, createdAt: string, updatedAt: string }> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ApprovalFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"ApprovalFields"}) as unknown as TypedDocumentString<ApprovalFieldsFragment, unknown>;
export const FlowMetaFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"FlowMetaFields"}) as unknown as TypedDocumentString<FlowMetaFieldsFragment, unknown>;
export const DraftFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"DraftFields"}) as unknown as TypedDocumentString<DraftFieldsFragment, unknown>;
export const VersionFieldsFragmentDoc = new TypedDocumentString(`
    fragment VersionFields on FlowVersion {
  number
  status
  changeNote
  createdAt
  createdBy
  publishedAt
  revision
}
    `, {"fragmentName":"VersionFields"}) as unknown as TypedDocumentString<VersionFieldsFragment, unknown>;
export const RunSummaryFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"RunSummaryFields"}) as unknown as TypedDocumentString<RunSummaryFieldsFragment, unknown>;
export const TriggerFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"TriggerFields"}) as unknown as TypedDocumentString<TriggerFieldsFragment, unknown>;
export const ApiKeysDocument = new TypedDocumentString(`
    query ApiKeys($limit: Int, $cursor: String) {
  apiKeys(limit: $limit, cursor: $cursor) {
    data {
      id
      name
      prefix
      scopes
      expiresAt
      lastUsedAt
      revokedAt
      createdAt
    }
    nextCursor
  }
}
    `) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    id
    name
    prefix
    scopes
    expiresAt
    lastUsedAt
    revokedAt
    createdAt
    key
  }
}
    `) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id)
}
    `) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($filter: AuditLogFilterInput, $limit: Int!, $cursor: String) {
  auditLog(filter: $filter, limit: $limit, cursor: $cursor) {
    data {
      id
      action
      actor {
        type
        id
        label
      }
      target {
        type
        id
      }
      before
      after
      ip
      userAgent
      requestId
      createdAt
    }
    nextCursor
  }
}
    `) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const MembersDocument = new TypedDocumentString(`
    query Members($limit: Int, $cursor: String) {
  members(limit: $limit, cursor: $cursor) {
    data {
      id
      userId
      email
      name
      role
      createdAt
    }
    nextCursor
  }
}
    `) as unknown as TypedDocumentString<MembersQuery, MembersQueryVariables>;
export const InvitationsDocument = new TypedDocumentString(`
    query Invitations($limit: Int, $cursor: String) {
  invitations(limit: $limit, cursor: $cursor) {
    data {
      id
      email
      role
      invitedBy
      expiresAt
      createdAt
    }
    nextCursor
  }
}
    `) as unknown as TypedDocumentString<InvitationsQuery, InvitationsQueryVariables>;
export const ChangeMemberRoleDocument = new TypedDocumentString(`
    mutation ChangeMemberRole($userId: ID!, $role: Role!) {
  changeMemberRole(userId: $userId, role: $role) {
    id
    userId
    email
    name
    role
    createdAt
  }
}
    `) as unknown as TypedDocumentString<ChangeMemberRoleMutation, ChangeMemberRoleMutationVariables>;
export const RemoveMemberDocument = new TypedDocumentString(`
    mutation RemoveMember($userId: ID!) {
  removeMember(userId: $userId)
}
    `) as unknown as TypedDocumentString<RemoveMemberMutation, RemoveMemberMutationVariables>;
export const InviteMemberDocument = new TypedDocumentString(`
    mutation InviteMember($input: InviteMemberInput!) {
  inviteMember(input: $input) {
    id
    email
    role
    invitedBy
    expiresAt
    createdAt
    token
  }
}
    `) as unknown as TypedDocumentString<InviteMemberMutation, InviteMemberMutationVariables>;
export const RevokeInvitationDocument = new TypedDocumentString(`
    mutation RevokeInvitation($id: ID!) {
  revokeInvitation(id: $id)
}
    `) as unknown as TypedDocumentString<RevokeInvitationMutation, RevokeInvitationMutationVariables>;
export const SecretsDocument = new TypedDocumentString(`
    query Secrets($limit: Int, $cursor: String) {
  secrets(limit: $limit, cursor: $cursor) {
    data {
      id
      name
      description
      keyId
      createdAt
      updatedAt
      lastUsedAt
    }
    nextCursor
  }
}
    `) as unknown as TypedDocumentString<SecretsQuery, SecretsQueryVariables>;
export const CreateSecretDocument = new TypedDocumentString(`
    mutation CreateSecret($input: CreateSecretInput!) {
  createSecret(input: $input) {
    id
    name
    description
    keyId
    createdAt
    updatedAt
    lastUsedAt
  }
}
    `) as unknown as TypedDocumentString<CreateSecretMutation, CreateSecretMutationVariables>;
export const UpdateSecretDocument = new TypedDocumentString(`
    mutation UpdateSecret($id: ID!, $input: UpdateSecretInput!) {
  updateSecret(id: $id, input: $input) {
    id
    name
    description
    keyId
    createdAt
    updatedAt
    lastUsedAt
  }
}
    `) as unknown as TypedDocumentString<UpdateSecretMutation, UpdateSecretMutationVariables>;
export const DeleteSecretDocument = new TypedDocumentString(`
    mutation DeleteSecret($id: ID!) {
  deleteSecret(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteSecretMutation, DeleteSecretMutationVariables>;
export const UsageDocument = new TypedDocumentString(`
    query Usage($from: String, $to: String) {
  usage(from: $from, to: $to) {
    from
    to
    days {
      day
      runs
      steps
      stepSeconds
    }
    totals {
      runs
      steps
      stepSeconds
    }
    quotas {
      maxConcurrentRuns
      runStartsPerMinute
      maxStepsPerRun
      maxForEachItems
      maxPayloadBytes
      maxStepOutputBytes
    }
    slots {
      held
      pending
    }
  }
}
    `) as unknown as TypedDocumentString<UsageQuery, UsageQueryVariables>;
export const UpdateQuotasDocument = new TypedDocumentString(`
    mutation UpdateQuotas($input: UpdateTenantInput!) {
  updateTenant(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<UpdateQuotasMutation, UpdateQuotasMutationVariables>;
export const WebhookEndpointsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<WebhookEndpointsQuery, WebhookEndpointsQueryVariables>;
export const CreateWebhookEndpointDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<CreateWebhookEndpointMutation, CreateWebhookEndpointMutationVariables>;
export const UpdateWebhookEndpointDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<UpdateWebhookEndpointMutation, UpdateWebhookEndpointMutationVariables>;
export const RotateWebhookEndpointSecretDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<RotateWebhookEndpointSecretMutation, RotateWebhookEndpointSecretMutationVariables>;
export const DeleteWebhookEndpointDocument = new TypedDocumentString(`
    mutation DeleteWebhookEndpoint($id: ID!) {
  deleteWebhookEndpoint(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteWebhookEndpointMutation, DeleteWebhookEndpointMutationVariables>;
export const WebhookDeliveriesDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export const RedeliverWebhookDeliveryDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<RedeliverWebhookDeliveryMutation, RedeliverWebhookDeliveryMutationVariables>;
export const ApprovalsDocument = new TypedDocumentString(`
    query Approvals($filter: ApprovalFilter, $limit: Int, $cursor: String) {
  approvals(filter: $filter, limit: $limit, cursor: $cursor) {
    data {
      ...ApprovalFields
    }
    nextCursor
  }
}
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
}`) as unknown as TypedDocumentString<ApprovalsQuery, ApprovalsQueryVariables>;
export const DecideApprovalDocument = new TypedDocumentString(`
    mutation DecideApproval($id: ID!, $input: DecideApprovalInput!) {
  decideApproval(id: $id, input: $input) {
    ...ApprovalFields
  }
}
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
}`) as unknown as TypedDocumentString<DecideApprovalMutation, DecideApprovalMutationVariables>;
export const OpenFlowEditorDocument = new TypedDocumentString(`
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
}`) as unknown as TypedDocumentString<OpenFlowEditorQuery, OpenFlowEditorQueryVariables>;
export const FlowMetaDocument = new TypedDocumentString(`
    query FlowMeta($flowId: ID!) {
  flow(id: $flowId) {
    ...FlowMetaFields
  }
}
    fragment FlowMetaFields on Flow {
  id
  name
  description
  tags
  archivedAt
  publishedVersion
  latestVersion
  draftRevision
}`) as unknown as TypedDocumentString<FlowMetaQuery, FlowMetaQueryVariables>;
export const FlowDraftDocument = new TypedDocumentString(`
    query FlowDraft($flowId: ID!) {
  flowDraft(flowId: $flowId) {
    ...DraftFields
  }
}
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
}`) as unknown as TypedDocumentString<FlowDraftQuery, FlowDraftQueryVariables>;
export const SaveFlowDraftDocument = new TypedDocumentString(`
    mutation SaveFlowDraft($flowId: ID!, $definition: JSON!, $revision: Int!) {
  saveFlowDraft(flowId: $flowId, definition: $definition, revision: $revision) {
    ...DraftFields
  }
}
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
}`) as unknown as TypedDocumentString<SaveFlowDraftMutation, SaveFlowDraftMutationVariables>;
export const PublishFlowDocument = new TypedDocumentString(`
    mutation PublishFlow($flowId: ID!, $changeNote: String, $revision: Int) {
  publishFlow(flowId: $flowId, changeNote: $changeNote, revision: $revision) {
    ...VersionFields
  }
}
    fragment VersionFields on FlowVersion {
  number
  status
  changeNote
  createdAt
  createdBy
  publishedAt
  revision
}`) as unknown as TypedDocumentString<PublishFlowMutation, PublishFlowMutationVariables>;
export const FlowVersionsDocument = new TypedDocumentString(`
    query FlowVersions($flowId: ID!, $limit: Int!, $cursor: String) {
  flowVersions(flowId: $flowId, limit: $limit, cursor: $cursor) {
    data {
      ...VersionFields
    }
    nextCursor
  }
}
    fragment VersionFields on FlowVersion {
  number
  status
  changeNote
  createdAt
  createdBy
  publishedAt
  revision
}`) as unknown as TypedDocumentString<FlowVersionsQuery, FlowVersionsQueryVariables>;
export const FlowVersionDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<FlowVersionQuery, FlowVersionQueryVariables>;
export const RollbackFlowDocument = new TypedDocumentString(`
    mutation RollbackFlow($flowId: ID!, $version: Int!, $changeNote: String) {
  rollbackFlow(flowId: $flowId, version: $version, changeNote: $changeNote) {
    ...VersionFields
  }
}
    fragment VersionFields on FlowVersion {
  number
  status
  changeNote
  createdAt
  createdBy
  publishedAt
  revision
}`) as unknown as TypedDocumentString<RollbackFlowMutation, RollbackFlowMutationVariables>;
export const EditorSecretNamesDocument = new TypedDocumentString(`
    query EditorSecretNames($cursor: String) {
  secrets(limit: 100, cursor: $cursor) {
    data {
      name
    }
    nextCursor
  }
}
    `) as unknown as TypedDocumentString<EditorSecretNamesQuery, EditorSecretNamesQueryVariables>;
export const FlowsListDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<FlowsListQuery, FlowsListQueryVariables>;
export const CreateFlowDocument = new TypedDocumentString(`
    mutation CreateFlow($input: CreateFlowInput!) {
  createFlow(input: $input) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<CreateFlowMutation, CreateFlowMutationVariables>;
export const ArchiveFlowDocument = new TypedDocumentString(`
    mutation ArchiveFlow($id: ID!) {
  archiveFlow(id: $id) {
    id
    archivedAt
  }
}
    `) as unknown as TypedDocumentString<ArchiveFlowMutation, ArchiveFlowMutationVariables>;
export const RunsListDocument = new TypedDocumentString(`
    query RunsList($filter: RunFilter, $limit: Int, $cursor: String) {
  runs(filter: $filter, limit: $limit, cursor: $cursor) {
    data {
      ...RunSummaryFields
    }
    nextCursor
  }
}
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
}`) as unknown as TypedDocumentString<RunsListQuery, RunsListQueryVariables>;
export const RunsOpenDocument = new TypedDocumentString(`
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
}`) as unknown as TypedDocumentString<RunsOpenQuery, RunsOpenQueryVariables>;
export const RunFlowNameDocument = new TypedDocumentString(`
    query RunFlowName($id: ID!) {
  flow(id: $id) {
    id
    name
    archivedAt
    publishedVersion
  }
}
    `) as unknown as TypedDocumentString<RunFlowNameQuery, RunFlowNameQueryVariables>;
export const RunDetailDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<RunDetailQuery, RunDetailQueryVariables>;
export const RunEventsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<RunEventsSubscription, RunEventsSubscriptionVariables>;
export const StartRunDocument = new TypedDocumentString(`
    mutation StartRun($flowId: ID!, $input: StartRunInput) {
  startRun(flowId: $flowId, input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<StartRunMutation, StartRunMutationVariables>;
export const CancelRunDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<CancelRunMutation, CancelRunMutationVariables>;
export const RetryRunDocument = new TypedDocumentString(`
    mutation RetryRun($id: ID!) {
  retryRun(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<RetryRunMutation, RetryRunMutationVariables>;
export const ResumeRunDocument = new TypedDocumentString(`
    mutation ResumeRun($id: ID!, $fromStep: String) {
  resumeRun(id: $id, fromStep: $fromStep) {
    id
  }
}
    `) as unknown as TypedDocumentString<ResumeRunMutation, ResumeRunMutationVariables>;
export const RunVersionDefinitionDocument = new TypedDocumentString(`
    query RunVersionDefinition($flowId: ID!, $number: Int!) {
  flowVersion(flowId: $flowId, number: $number) {
    number
    definition
  }
}
    `) as unknown as TypedDocumentString<RunVersionDefinitionQuery, RunVersionDefinitionQueryVariables>;
export const RunDraftDefinitionDocument = new TypedDocumentString(`
    query RunDraftDefinition($flowId: ID!) {
  flowDraft(flowId: $flowId) {
    version
    definition
  }
}
    `) as unknown as TypedDocumentString<RunDraftDefinitionQuery, RunDraftDefinitionQueryVariables>;
export const FlowTriggersDocument = new TypedDocumentString(`
    query FlowTriggers($flowId: ID!) {
  triggers(flowId: $flowId) {
    ...TriggerFields
  }
}
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
}`) as unknown as TypedDocumentString<FlowTriggersQuery, FlowTriggersQueryVariables>;
export const CreateTriggerDocument = new TypedDocumentString(`
    mutation CreateTrigger($flowId: ID!, $input: CreateTriggerInput!) {
  createTrigger(flowId: $flowId, input: $input) {
    token
    url
    trigger {
      ...TriggerFields
    }
  }
}
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
}`) as unknown as TypedDocumentString<CreateTriggerMutation, CreateTriggerMutationVariables>;
export const UpdateTriggerDocument = new TypedDocumentString(`
    mutation UpdateTrigger($id: ID!, $input: UpdateTriggerInput!) {
  updateTrigger(id: $id, input: $input) {
    ...TriggerFields
  }
}
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
}`) as unknown as TypedDocumentString<UpdateTriggerMutation, UpdateTriggerMutationVariables>;
export const DeleteTriggerDocument = new TypedDocumentString(`
    mutation DeleteTrigger($id: ID!) {
  deleteTrigger(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteTriggerMutation, DeleteTriggerMutationVariables>;
export const RotateTriggerTokenDocument = new TypedDocumentString(`
    mutation RotateTriggerToken($id: ID!) {
  rotateTriggerToken(id: $id) {
    token
    url
    trigger {
      ...TriggerFields
    }
  }
}
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
}`) as unknown as TypedDocumentString<RotateTriggerTokenMutation, RotateTriggerTokenMutationVariables>;
export const PreviewScheduleDocument = new TypedDocumentString(`
    query PreviewSchedule($input: SchedulePreviewInput!) {
  previewSchedule(input: $input)
}
    `) as unknown as TypedDocumentString<PreviewScheduleQuery, PreviewScheduleQueryVariables>;
export const TenantTriggersDocument = new TypedDocumentString(`
    query TenantTriggers($kind: String) {
  triggers(kind: $kind) {
    ...TriggerFields
    flowName
  }
}
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
}`) as unknown as TypedDocumentString<TenantTriggersQuery, TenantTriggersQueryVariables>;