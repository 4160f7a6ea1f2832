/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ApiKeys($limit: Int, $cursor: String) {\n    apiKeys(limit: $limit, cursor: $cursor) {\n      data {\n        id\n        name\n        prefix\n        scopes\n        expiresAt\n        lastUsedAt\n        revokedAt\n        createdAt\n      }\n      nextCursor\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      id\n      name\n      prefix\n      scopes\n      expiresAt\n      lastUsedAt\n      revokedAt\n      createdAt\n      key\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  query AuditLog($filter: AuditLogFilterInput, $limit: Int!, $cursor: String) {\n    auditLog(filter: $filter, limit: $limit, cursor: $cursor) {\n      data {\n        id\n        action\n        actor {\n          type\n          id\n          label\n        }\n        target {\n          type\n          id\n        }\n        before\n        after\n        ip\n        userAgent\n        requestId\n        createdAt\n      }\n      nextCursor\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  query Members($limit: Int, $cursor: String) {\n    members(limit: $limit, cursor: $cursor) {\n      data {\n        id\n        userId\n        email\n        name\n        role\n        createdAt\n      }\n      nextCursor\n    }\n  }\n": typeof types.MembersDocument,
    "\n  query Invitations($limit: Int, $cursor: String) {\n    invitations(limit: $limit, cursor: $cursor) {\n      data {\n        id\n        email\n        role\n        invitedBy\n        expiresAt\n        createdAt\n      }\n      nextCursor\n    }\n  }\n": typeof types.InvitationsDocument,
    "\n  mutation ChangeMemberRole($userId: ID!, $role: Role!) {\n    changeMemberRole(userId: $userId, role: $role) {\n      id\n      userId\n      email\n      name\n      role\n      createdAt\n    }\n  }\n": typeof types.ChangeMemberRoleDocument,
    "\n  mutation RemoveMember($userId: ID!) {\n    removeMember(userId: $userId)\n  }\n": typeof types.RemoveMemberDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      id\n      email\n      role\n      invitedBy\n      expiresAt\n      createdAt\n      token\n    }\n  }\n": typeof types.InviteMemberDocument,
    "\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id)\n  }\n": typeof types.RevokeInvitationDocument,
    "\n  query Secrets($limit: Int, $cursor: String) {\n    secrets(limit: $limit, cursor: $cursor) {\n      data {\n        id\n        name\n        description\n        keyId\n        createdAt\n        updatedAt\n        lastUsedAt\n      }\n      nextCursor\n    }\n  }\n": typeof types.SecretsDocument,
    "\n  mutation CreateSecret($input: CreateSecretInput!) {\n    createSecret(input: $input) {\n      id\n      name\n      description\n      keyId\n      createdAt\n      updatedAt\n      lastUsedAt\n    }\n  }\n": typeof types.CreateSecretDocument,
    "\n  mutation UpdateSecret($id: ID!, $input: UpdateSecretInput!) {\n    updateSecret(id: $id, input: $input) {\n      id\n      name\n      description\n      keyId\n      createdAt\n      updatedAt\n      lastUsedAt\n    }\n  }\n": typeof types.UpdateSecretDocument,
    "\n  mutation DeleteSecret($id: ID!) {\n    deleteSecret(id: $id)\n  }\n": typeof types.DeleteSecretDocument,
    "\n  query Usage($from: String, $to: String) {\n    usage(from: $from, to: $to) {\n      from\n      to\n      days {\n        day\n        runs\n        steps\n        stepSeconds\n      }\n      totals {\n        runs\n        steps\n        stepSeconds\n      }\n      quotas {\n        maxConcurrentRuns\n        runStartsPerMinute\n        maxStepsPerRun\n        maxForEachItems\n        maxPayloadBytes\n        maxStepOutputBytes\n      }\n      slots {\n        held\n        pending\n      }\n    }\n  }\n": typeof types.UsageDocument,
    "\n  mutation UpdateQuotas($input: UpdateTenantInput!) {\n    updateTenant(input: $input) {\n      id\n    }\n  }\n": typeof types.UpdateQuotasDocument,
    "\n  query WebhookEndpoints($limit: Int, $cursor: String) {\n    webhookEndpoints(limit: $limit, cursor: $cursor) {\n      data {\n        id\n        url\n        description\n        eventTypes\n        enabled\n        disabledReason\n        previousSecretExpiresAt\n        createdAt\n        updatedAt\n      }\n      nextCursor\n    }\n  }\n": typeof types.WebhookEndpointsDocument,
    "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        id\n        url\n        description\n        eventTypes\n        enabled\n        disabledReason\n        previousSecretExpiresAt\n        createdAt\n        updatedAt\n      }\n    }\n  }\n": typeof types.CreateWebhookEndpointDocument,
    "\n  mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(id: $id, input: $input) {\n      id\n      url\n      description\n      eventTypes\n      enabled\n      disabledReason\n      previousSecretExpiresAt\n      createdAt\n      updatedAt\n    }\n  }\n": typeof types.UpdateWebhookEndpointDocument,
    "\n  mutation RotateWebhookEndpointSecret($id: ID!) {\n    rotateWebhookEndpointSecret(id: $id) {\n      secret\n      endpoint {\n        id\n        url\n        description\n        eventTypes\n        enabled\n        disabledReason\n        previousSecretExpiresAt\n        createdAt\n        updatedAt\n      }\n    }\n  }\n": typeof types.RotateWebhookEndpointSecretDocument,
    "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n": typeof types.DeleteWebhookEndpointDocument,
    "\n  query WebhookDeliveries($endpointId: ID!, $limit: Int, $cursor: String) {\n    webhookDeliveries(endpointId: $endpointId, limit: $limit, cursor: $cursor) {\n      data {\n        id\n        eventType\n        status\n        attempts\n        lastStatusCode\n        lastError\n        nextAttemptAt\n        deliveredAt\n        createdAt\n      }\n      nextCursor\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
    "\n  mutation RedeliverWebhookDelivery($id: ID!) {\n    redeliverWebhookDelivery(id: $id) {\n      id\n      eventType\n      status\n      attempts\n      lastStatusCode\n      lastError\n      nextAttemptAt\n      deliveredAt\n      createdAt\n    }\n  }\n": typeof types.RedeliverWebhookDeliveryDocument,
    "\n  fragment ApprovalFields on Approval {\n    id\n    status\n    runId\n    flowId\n    flowName\n    flowVersion\n    stepId\n    stepName\n    title\n    message\n    options\n    approverRole\n    assignees\n    requestedAt\n    expiresAt\n    defaultOutcome\n    decision\n    comment\n    decidedAt\n    decidedBy {\n      type\n      id\n      label\n    }\n    canDecide\n  }\n": typeof types.ApprovalFieldsFragmentDoc,
    "\n  query Approvals($filter: ApprovalFilter, $limit: Int, $cursor: String) {\n    approvals(filter: $filter, limit: $limit, cursor: $cursor) {\n      data {\n        ...ApprovalFields\n      }\n      nextCursor\n    }\n  }\n": typeof types.ApprovalsDocument,
    "\n  mutation DecideApproval($id: ID!, $input: DecideApprovalInput!) {\n    decideApproval(id: $id, input: $input) {\n      ...ApprovalFields\n    }\n  }\n": typeof types.DecideApprovalDocument,
    "\n  query OpenFlowEditor($flowId: ID!) {\n    flow(id: $flowId) {\n      ...FlowMetaFields\n    }\n    flowDraft(flowId: $flowId) {\n      ...DraftFields\n    }\n    stepTypes {\n      type\n      category\n      title\n      description\n      configSchema\n      defaults\n      outputPorts\n      terminal\n      expressionFields {\n        field\n        kind\n      }\n      nestedGraphs {\n        field\n        locals\n      }\n    }\n  }\n": typeof types.OpenFlowEditorDocument,
    "\n  fragment FlowMetaFields on Flow {\n    id\n    name\n    description\n    tags\n    archivedAt\n    publishedVersion\n    latestVersion\n    draftRevision\n  }\n": typeof types.FlowMetaFieldsFragmentDoc,
    "\n  query FlowMeta($flowId: ID!) {\n    flow(id: $flowId) {\n      ...FlowMetaFields\n    }\n  }\n": typeof types.FlowMetaDocument,
    "\n  fragment DraftFields on FlowDraft {\n    flowId\n    definition\n    revision\n    saved\n    version\n    problems {\n      path\n      code\n      message\n    }\n  }\n": typeof types.DraftFieldsFragmentDoc,
    "\n  query FlowDraft($flowId: ID!) {\n    flowDraft(flowId: $flowId) {\n      ...DraftFields\n    }\n  }\n": typeof types.FlowDraftDocument,
    "\n  mutation SaveFlowDraft($flowId: ID!, $definition: JSON!, $revision: Int!) {\n    saveFlowDraft(flowId: $flowId, definition: $definition, revision: $revision) {\n      ...DraftFields\n    }\n  }\n": typeof types.SaveFlowDraftDocument,
    "\n  mutation PublishFlow($flowId: ID!, $changeNote: String, $revision: Int) {\n    publishFlow(flowId: $flowId, changeNote: $changeNote, revision: $revision) {\n      ...VersionFields\n    }\n  }\n": typeof types.PublishFlowDocument,
    "\n  fragment VersionFields on FlowVersion {\n    number\n    status\n    changeNote\n    createdAt\n    createdBy\n    publishedAt\n    revision\n  }\n": typeof types.VersionFieldsFragmentDoc,
    "\n  query FlowVersions($flowId: ID!, $limit: Int!, $cursor: String) {\n    flowVersions(flowId: $flowId, limit: $limit, cursor: $cursor) {\n      data {\n        ...VersionFields\n      }\n      nextCursor\n    }\n  }\n": typeof types.FlowVersionsDocument,
    "\n  query FlowVersion($flowId: ID!, $number: Int!) {\n    flowVersion(flowId: $flowId, number: $number) {\n      number\n      status\n      changeNote\n      definition\n      publishedAt\n      revision\n    }\n  }\n": typeof types.FlowVersionDocument,
    "\n  mutation RollbackFlow($flowId: ID!, $version: Int!, $changeNote: String) {\n    rollbackFlow(flowId: $flowId, version: $version, changeNote: $changeNote) {\n      ...VersionFields\n    }\n  }\n": typeof types.RollbackFlowDocument,
    "\n  query EditorSecretNames($cursor: String) {\n    secrets(limit: 100, cursor: $cursor) {\n      data {\n        name\n      }\n      nextCursor\n    }\n  }\n": typeof types.EditorSecretNamesDocument,
    "\n  query FlowsList($filter: FlowFilterInput, $limit: Int!, $cursor: String) {\n    flows(filter: $filter, limit: $limit, cursor: $cursor) {\n      data {\n        id\n        name\n        description\n        tags\n        createdAt\n        updatedAt\n        archivedAt\n        draftRevision\n        publishedVersion\n        latestVersion\n        stats {\n          runCount\n          succeeded\n          finished\n          successRate\n          lastRun {\n            id\n            status\n            createdAt\n          }\n        }\n      }\n      nextCursor\n    }\n  }\n": typeof types.FlowsListDocument,
    "\n  mutation CreateFlow($input: CreateFlowInput!) {\n    createFlow(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.CreateFlowDocument,
    "\n  mutation ArchiveFlow($id: ID!) {\n    archiveFlow(id: $id) {\n      id\n      archivedAt\n    }\n  }\n": typeof types.ArchiveFlowDocument,
    "\n  fragment RunSummaryFields on RunSummary {\n    id\n    flowId\n    version\n    isTest\n    status\n    trigger\n    createdAt\n    startedAt\n    finishedAt\n    durationMs\n    error\n  }\n": typeof types.RunSummaryFieldsFragmentDoc,
    "\n  query RunsList($filter: RunFilter, $limit: Int, $cursor: String) {\n    runs(filter: $filter, limit: $limit, cursor: $cursor) {\n      data {\n        ...RunSummaryFields\n      }\n      nextCursor\n    }\n  }\n": typeof types.RunsListDocument,
    "\n  query RunsOpen($filter: RunFilter, $limit: Int, $flowsLimit: Int!) {\n    runs(filter: $filter, limit: $limit) {\n      data {\n        ...RunSummaryFields\n      }\n      nextCursor\n    }\n    flows(limit: $flowsLimit) {\n      data {\n        id\n        name\n      }\n    }\n  }\n": typeof types.RunsOpenDocument,
    "\n  query RunFlowName($id: ID!) {\n    flow(id: $id) {\n      id\n      name\n      archivedAt\n      publishedVersion\n    }\n  }\n": typeof types.RunFlowNameDocument,
    "\n  query RunDetail($id: ID!) {\n    run(id: $id) {\n      id\n      flowId\n      version\n      isTest\n      status\n      trigger\n      input\n      output\n      error\n      createdAt\n      startedAt\n      finishedAt\n      durationMs\n      cancelRequestedAt\n      retryOfRunId\n      resumedFromRunId\n      resumeFromStep\n      parentRunId\n      steps {\n        seq\n        stepId\n        path\n        attempt\n        status\n        port\n        input\n        output\n        outputTruncated\n        error\n        logs {\n          level\n          message\n          time\n        }\n        startedAt\n        finishedAt\n        durationMs\n      }\n      waitingFor {\n        id\n        kind\n        stepId\n        path\n        eventName\n        correlationKey\n        approvalId\n        childRunId\n        until\n        since\n      }\n    }\n  }\n": typeof types.RunDetailDocument,
    "\n  subscription RunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      type\n      runId\n      seq\n      stepId\n      path\n      attempt\n      status\n      port\n      durationMs\n      error\n      at\n    }\n  }\n": typeof types.RunEventsDocument,
    "\n  mutation StartRun($flowId: ID!, $input: StartRunInput) {\n    startRun(flowId: $flowId, input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.StartRunDocument,
    "\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) {\n      id\n      status\n      cancelRequestedAt\n      finishedAt\n      durationMs\n      error\n    }\n  }\n": typeof types.CancelRunDocument,
    "\n  mutation RetryRun($id: ID!) {\n    retryRun(id: $id) {\n      id\n    }\n  }\n": typeof types.RetryRunDocument,
    "\n  mutation ResumeRun($id: ID!, $fromStep: String) {\n    resumeRun(id: $id, fromStep: $fromStep) {\n      id\n    }\n  }\n": typeof types.ResumeRunDocument,
    "\n  query RunVersionDefinition($flowId: ID!, $number: Int!) {\n    flowVersion(flowId: $flowId, number: $number) {\n      number\n      definition\n    }\n  }\n": typeof types.RunVersionDefinitionDocument,
    "\n  query RunDraftDefinition($flowId: ID!) {\n    flowDraft(flowId: $flowId) {\n      version\n      definition\n    }\n  }\n": typeof types.RunDraftDefinitionDocument,
    "\n  fragment TriggerFields on Trigger {\n    id\n    flowId\n    kind\n    enabled\n    version\n    config\n    hasSecret\n    tokenPrefix\n    nextFireTimes\n    lastFiredAt\n    createdAt\n    updatedAt\n  }\n": typeof types.TriggerFieldsFragmentDoc,
    "\n  query FlowTriggers($flowId: ID!) {\n    triggers(flowId: $flowId) {\n      ...TriggerFields\n    }\n  }\n": typeof types.FlowTriggersDocument,
    "\n  mutation CreateTrigger($flowId: ID!, $input: CreateTriggerInput!) {\n    createTrigger(flowId: $flowId, input: $input) {\n      token\n      url\n      trigger {\n        ...TriggerFields\n      }\n    }\n  }\n": typeof types.CreateTriggerDocument,
    "\n  mutation UpdateTrigger($id: ID!, $input: UpdateTriggerInput!) {\n    updateTrigger(id: $id, input: $input) {\n      ...TriggerFields\n    }\n  }\n": typeof types.UpdateTriggerDocument,
    "\n  mutation DeleteTrigger($id: ID!) {\n    deleteTrigger(id: $id)\n  }\n": typeof types.DeleteTriggerDocument,
    "\n  mutation RotateTriggerToken($id: ID!) {\n    rotateTriggerToken(id: $id) {\n      token\n      url\n      trigger {\n        ...TriggerFields\n      }\n    }\n  }\n": typeof types.RotateTriggerTokenDocument,
    "\n  query PreviewSchedule($input: SchedulePreviewInput!) {\n    previewSchedule(input: $input)\n  }\n": typeof types.PreviewScheduleDocument,
    "\n  query TenantTriggers($kind: String) {\n    triggers(kind: $kind) {\n      ...TriggerFields\n      flowName\n    }\n  }\n": typeof types.TenantTriggersDocument,
};
const documents: Documents = {
    "\n  query ApiKeys($limit: Int, $cursor: String) {\n    apiKeys(limit: $limit, cursor: $cursor) {\n      data {\n        id\n        name\n        prefix\n        scopes\n        expiresAt\n        lastUsedAt\n        revokedAt\n        createdAt\n      }\n      nextCursor\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      id\n      name\n      prefix\n      scopes\n      expiresAt\n      lastUsedAt\n      revokedAt\n      createdAt\n      key\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n": types.RevokeApiKeyDocument,
    "\n  query AuditLog($filter: AuditLogFilterInput, $limit: Int!, $cursor: String) {\n    auditLog(filter: $filter, limit: $limit, cursor: $cursor) {\n      data {\n        id\n        action\n        actor {\n          type\n          id\n          label\n        }\n        target {\n          type\n          id\n        }\n        before\n        after\n        ip\n        userAgent\n        requestId\n        createdAt\n      }\n      nextCursor\n    }\n  }\n": types.AuditLogDocument,
    "\n  query Members($limit: Int, $cursor: String) {\n    members(limit: $limit, cursor: $cursor) {\n      data {\n        id\n        userId\n        email\n        name\n        role\n        createdAt\n      }\n      nextCursor\n    }\n  }\n": types.MembersDocument,
    "\n  query Invitations($limit: Int, $cursor: String) {\n    invitations(limit: $limit, cursor: $cursor) {\n      data {\n        id\n        email\n        role\n        invitedBy\n        expiresAt\n        createdAt\n      }\n      nextCursor\n    }\n  }\n": types.InvitationsDocument,
    "\n  mutation ChangeMemberRole($userId: ID!, $role: Role!) {\n    changeMemberRole(userId: $userId, role: $role) {\n      id\n      userId\n      email\n      name\n      role\n      createdAt\n    }\n  }\n": types.ChangeMemberRoleDocument,
    "\n  mutation RemoveMember($userId: ID!) {\n    removeMember(userId: $userId)\n  }\n": types.RemoveMemberDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      id\n      email\n      role\n      invitedBy\n      expiresAt\n      createdAt\n      token\n    }\n  }\n": types.InviteMemberDocument,
    "\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id)\n  }\n": types.RevokeInvitationDocument,
    "\n  query Secrets($limit: Int, $cursor: String) {\n    secrets(limit: $limit, cursor: $cursor) {\n      data {\n        id\n        name\n        description\n        keyId\n        createdAt\n        updatedAt\n        lastUsedAt\n      }\n      nextCursor\n    }\n  }\n": types.SecretsDocument,
    "\n  mutation CreateSecret($input: CreateSecretInput!) {\n    createSecret(input: $input) {\n      id\n      name\n      description\n      keyId\n      createdAt\n      updatedAt\n      lastUsedAt\n    }\n  }\n": types.CreateSecretDocument,
    "\n  mutation UpdateSecret($id: ID!, $input: UpdateSecretInput!) {\n    updateSecret(id: $id, input: $input) {\n      id\n      name\n      description\n      keyId\n      createdAt\n      updatedAt\n      lastUsedAt\n    }\n  }\n": types.UpdateSecretDocument,
    "\n  mutation DeleteSecret($id: ID!) {\n    deleteSecret(id: $id)\n  }\n": types.DeleteSecretDocument,
    "\n  query Usage($from: String, $to: String) {\n    usage(from: $from, to: $to) {\n      from\n      to\n      days {\n        day\n        runs\n        steps\n        stepSeconds\n      }\n      totals {\n        runs\n        steps\n        stepSeconds\n      }\n      quotas {\n        maxConcurrentRuns\n        runStartsPerMinute\n        maxStepsPerRun\n        maxForEachItems\n        maxPayloadBytes\n        maxStepOutputBytes\n      }\n      slots {\n        held\n        pending\n      }\n    }\n  }\n": types.UsageDocument,
    "\n  mutation UpdateQuotas($input: UpdateTenantInput!) {\n    updateTenant(input: $input) {\n      id\n    }\n  }\n": types.UpdateQuotasDocument,
    "\n  query WebhookEndpoints($limit: Int, $cursor: String) {\n    webhookEndpoints(limit: $limit, cursor: $cursor) {\n      data {\n        id\n        url\n        description\n        eventTypes\n        enabled\n        disabledReason\n        previousSecretExpiresAt\n        createdAt\n        updatedAt\n      }\n      nextCursor\n    }\n  }\n": types.WebhookEndpointsDocument,
    "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        id\n        url\n        description\n        eventTypes\n        enabled\n        disabledReason\n        previousSecretExpiresAt\n        createdAt\n        updatedAt\n      }\n    }\n  }\n": types.CreateWebhookEndpointDocument,
    "\n  mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(id: $id, input: $input) {\n      id\n      url\n      description\n      eventTypes\n      enabled\n      disabledReason\n      previousSecretExpiresAt\n      createdAt\n      updatedAt\n    }\n  }\n": types.UpdateWebhookEndpointDocument,
    "\n  mutation RotateWebhookEndpointSecret($id: ID!) {\n    rotateWebhookEndpointSecret(id: $id) {\n      secret\n      endpoint {\n        id\n        url\n        description\n        eventTypes\n        enabled\n        disabledReason\n        previousSecretExpiresAt\n        createdAt\n        updatedAt\n      }\n    }\n  }\n": types.RotateWebhookEndpointSecretDocument,
    "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n": types.DeleteWebhookEndpointDocument,
    "\n  query WebhookDeliveries($endpointId: ID!, $limit: Int, $cursor: String) {\n    webhookDeliveries(endpointId: $endpointId, limit: $limit, cursor: $cursor) {\n      data {\n        id\n        eventType\n        status\n        attempts\n        lastStatusCode\n        lastError\n        nextAttemptAt\n        deliveredAt\n        createdAt\n      }\n      nextCursor\n    }\n  }\n": types.WebhookDeliveriesDocument,
    "\n  mutation RedeliverWebhookDelivery($id: ID!) {\n    redeliverWebhookDelivery(id: $id) {\n      id\n      eventType\n      status\n      attempts\n      lastStatusCode\n      lastError\n      nextAttemptAt\n      deliveredAt\n      createdAt\n    }\n  }\n": types.RedeliverWebhookDeliveryDocument,
    "\n  fragment ApprovalFields on Approval {\n    id\n    status\n    runId\n    flowId\n    flowName\n    flowVersion\n    stepId\n    stepName\n    title\n    message\n    options\n    approverRole\n    assignees\n    requestedAt\n    expiresAt\n    defaultOutcome\n    decision\n    comment\n    decidedAt\n    decidedBy {\n      type\n      id\n      label\n    }\n    canDecide\n  }\n": types.ApprovalFieldsFragmentDoc,
    "\n  query Approvals($filter: ApprovalFilter, $limit: Int, $cursor: String) {\n    approvals(filter: $filter, limit: $limit, cursor: $cursor) {\n      data {\n        ...ApprovalFields\n      }\n      nextCursor\n    }\n  }\n": types.ApprovalsDocument,
    "\n  mutation DecideApproval($id: ID!, $input: DecideApprovalInput!) {\n    decideApproval(id: $id, input: $input) {\n      ...ApprovalFields\n    }\n  }\n": types.DecideApprovalDocument,
    "\n  query OpenFlowEditor($flowId: ID!) {\n    flow(id: $flowId) {\n      ...FlowMetaFields\n    }\n    flowDraft(flowId: $flowId) {\n      ...DraftFields\n    }\n    stepTypes {\n      type\n      category\n      title\n      description\n      configSchema\n      defaults\n      outputPorts\n      terminal\n      expressionFields {\n        field\n        kind\n      }\n      nestedGraphs {\n        field\n        locals\n      }\n    }\n  }\n": types.OpenFlowEditorDocument,
    "\n  fragment FlowMetaFields on Flow {\n    id\n    name\n    description\n    tags\n    archivedAt\n    publishedVersion\n    latestVersion\n    draftRevision\n  }\n": types.FlowMetaFieldsFragmentDoc,
    "\n  query FlowMeta($flowId: ID!) {\n    flow(id: $flowId) {\n      ...FlowMetaFields\n    }\n  }\n": types.FlowMetaDocument,
    "\n  fragment DraftFields on FlowDraft {\n    flowId\n    definition\n    revision\n    saved\n    version\n    problems {\n      path\n      code\n      message\n    }\n  }\n": types.DraftFieldsFragmentDoc,
    "\n  query FlowDraft($flowId: ID!) {\n    flowDraft(flowId: $flowId) {\n      ...DraftFields\n    }\n  }\n": types.FlowDraftDocument,
    "\n  mutation SaveFlowDraft($flowId: ID!, $definition: JSON!, $revision: Int!) {\n    saveFlowDraft(flowId: $flowId, definition: $definition, revision: $revision) {\n      ...DraftFields\n    }\n  }\n": types.SaveFlowDraftDocument,
    "\n  mutation PublishFlow($flowId: ID!, $changeNote: String, $revision: Int) {\n    publishFlow(flowId: $flowId, changeNote: $changeNote, revision: $revision) {\n      ...VersionFields\n    }\n  }\n": types.PublishFlowDocument,
    "\n  fragment VersionFields on FlowVersion {\n    number\n    status\n    changeNote\n    createdAt\n    createdBy\n    publishedAt\n    revision\n  }\n": types.VersionFieldsFragmentDoc,
    "\n  query FlowVersions($flowId: ID!, $limit: Int!, $cursor: String) {\n    flowVersions(flowId: $flowId, limit: $limit, cursor: $cursor) {\n      data {\n        ...VersionFields\n      }\n      nextCursor\n    }\n  }\n": types.FlowVersionsDocument,
    "\n  query FlowVersion($flowId: ID!, $number: Int!) {\n    flowVersion(flowId: $flowId, number: $number) {\n      number\n      status\n      changeNote\n      definition\n      publishedAt\n      revision\n    }\n  }\n": types.FlowVersionDocument,
    "\n  mutation RollbackFlow($flowId: ID!, $version: Int!, $changeNote: String) {\n    rollbackFlow(flowId: $flowId, version: $version, changeNote: $changeNote) {\n      ...VersionFields\n    }\n  }\n": types.RollbackFlowDocument,
    "\n  query EditorSecretNames($cursor: String) {\n    secrets(limit: 100, cursor: $cursor) {\n      data {\n        name\n      }\n      nextCursor\n    }\n  }\n": types.EditorSecretNamesDocument,
    "\n  query FlowsList($filter: FlowFilterInput, $limit: Int!, $cursor: String) {\n    flows(filter: $filter, limit: $limit, cursor: $cursor) {\n      data {\n        id\n        name\n        description\n        tags\n        createdAt\n        updatedAt\n        archivedAt\n        draftRevision\n        publishedVersion\n        latestVersion\n        stats {\n          runCount\n          succeeded\n          finished\n          successRate\n          lastRun {\n            id\n            status\n            createdAt\n          }\n        }\n      }\n      nextCursor\n    }\n  }\n": types.FlowsListDocument,
    "\n  mutation CreateFlow($input: CreateFlowInput!) {\n    createFlow(input: $input) {\n      id\n      name\n    }\n  }\n": types.CreateFlowDocument,
    "\n  mutation ArchiveFlow($id: ID!) {\n    archiveFlow(id: $id) {\n      id\n      archivedAt\n    }\n  }\n": types.ArchiveFlowDocument,
    "\n  fragment RunSummaryFields on RunSummary {\n    id\n    flowId\n    version\n    isTest\n    status\n    trigger\n    createdAt\n    startedAt\n    finishedAt\n    durationMs\n    error\n  }\n": types.RunSummaryFieldsFragmentDoc,
    "\n  query RunsList($filter: RunFilter, $limit: Int, $cursor: String) {\n    runs(filter: $filter, limit: $limit, cursor: $cursor) {\n      data {\n        ...RunSummaryFields\n      }\n      nextCursor\n    }\n  }\n": types.RunsListDocument,
    "\n  query RunsOpen($filter: RunFilter, $limit: Int, $flowsLimit: Int!) {\n    runs(filter: $filter, limit: $limit) {\n      data {\n        ...RunSummaryFields\n      }\n      nextCursor\n    }\n    flows(limit: $flowsLimit) {\n      data {\n        id\n        name\n      }\n    }\n  }\n": types.RunsOpenDocument,
    "\n  query RunFlowName($id: ID!) {\n    flow(id: $id) {\n      id\n      name\n      archivedAt\n      publishedVersion\n    }\n  }\n": types.RunFlowNameDocument,
    "\n  query RunDetail($id: ID!) {\n    run(id: $id) {\n      id\n      flowId\n      version\n      isTest\n      status\n      trigger\n      input\n      output\n      error\n      createdAt\n      startedAt\n      finishedAt\n      durationMs\n      cancelRequestedAt\n      retryOfRunId\n      resumedFromRunId\n      resumeFromStep\n      parentRunId\n      steps {\n        seq\n        stepId\n        path\n        attempt\n        status\n        port\n        input\n        output\n        outputTruncated\n        error\n        logs {\n          level\n          message\n          time\n        }\n        startedAt\n        finishedAt\n        durationMs\n      }\n      waitingFor {\n        id\n        kind\n        stepId\n        path\n        eventName\n        correlationKey\n        approvalId\n        childRunId\n        until\n        since\n      }\n    }\n  }\n": types.RunDetailDocument,
    "\n  subscription RunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      type\n      runId\n      seq\n      stepId\n      path\n      attempt\n      status\n      port\n      durationMs\n      error\n      at\n    }\n  }\n": types.RunEventsDocument,
    "\n  mutation StartRun($flowId: ID!, $input: StartRunInput) {\n    startRun(flowId: $flowId, input: $input) {\n      id\n      status\n    }\n  }\n": types.StartRunDocument,
    "\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) {\n      id\n      status\n      cancelRequestedAt\n      finishedAt\n      durationMs\n      error\n    }\n  }\n": types.CancelRunDocument,
    "\n  mutation RetryRun($id: ID!) {\n    retryRun(id: $id) {\n      id\n    }\n  }\n": types.RetryRunDocument,
    "\n  mutation ResumeRun($id: ID!, $fromStep: String) {\n    resumeRun(id: $id, fromStep: $fromStep) {\n      id\n    }\n  }\n": types.ResumeRunDocument,
    "\n  query RunVersionDefinition($flowId: ID!, $number: Int!) {\n    flowVersion(flowId: $flowId, number: $number) {\n      number\n      definition\n    }\n  }\n": types.RunVersionDefinitionDocument,
    "\n  query RunDraftDefinition($flowId: ID!) {\n    flowDraft(flowId: $flowId) {\n      version\n      definition\n    }\n  }\n": types.RunDraftDefinitionDocument,
    "\n  fragment TriggerFields on Trigger {\n    id\n    flowId\n    kind\n    enabled\n    version\n    config\n    hasSecret\n    tokenPrefix\n    nextFireTimes\n    lastFiredAt\n    createdAt\n    updatedAt\n  }\n": types.TriggerFieldsFragmentDoc,
    "\n  query FlowTriggers($flowId: ID!) {\n    triggers(flowId: $flowId) {\n      ...TriggerFields\n    }\n  }\n": types.FlowTriggersDocument,
    "\n  mutation CreateTrigger($flowId: ID!, $input: CreateTriggerInput!) {\n    createTrigger(flowId: $flowId, input: $input) {\n      token\n      url\n      trigger {\n        ...TriggerFields\n      }\n    }\n  }\n": types.CreateTriggerDocument,
    "\n  mutation UpdateTrigger($id: ID!, $input: UpdateTriggerInput!) {\n    updateTrigger(id: $id, input: $input) {\n      ...TriggerFields\n    }\n  }\n": types.UpdateTriggerDocument,
    "\n  mutation DeleteTrigger($id: ID!) {\n    deleteTrigger(id: $id)\n  }\n": types.DeleteTriggerDocument,
    "\n  mutation RotateTriggerToken($id: ID!) {\n    rotateTriggerToken(id: $id) {\n      token\n      url\n      trigger {\n        ...TriggerFields\n      }\n    }\n  }\n": types.RotateTriggerTokenDocument,
    "\n  query PreviewSchedule($input: SchedulePreviewInput!) {\n    previewSchedule(input: $input)\n  }\n": types.PreviewScheduleDocument,
    "\n  query TenantTriggers($kind: String) {\n    triggers(kind: $kind) {\n      ...TriggerFields\n      flowName\n    }\n  }\n": types.TenantTriggersDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys($limit: Int, $cursor: String) {\n    apiKeys(limit: $limit, cursor: $cursor) {\n      data {\n        id\n        name\n        prefix\n        scopes\n        expiresAt\n        lastUsedAt\n        revokedAt\n        createdAt\n      }\n      nextCursor\n    }\n  }\n"): typeof import('./graphql').ApiKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      id\n      name\n      prefix\n      scopes\n      expiresAt\n      lastUsedAt\n      revokedAt\n      createdAt\n      key\n    }\n  }\n"): typeof import('./graphql').CreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n"): typeof import('./graphql').RevokeApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($filter: AuditLogFilterInput, $limit: Int!, $cursor: String) {\n    auditLog(filter: $filter, limit: $limit, cursor: $cursor) {\n      data {\n        id\n        action\n        actor {\n          type\n          id\n          label\n        }\n        target {\n          type\n          id\n        }\n        before\n        after\n        ip\n        userAgent\n        requestId\n        createdAt\n      }\n      nextCursor\n    }\n  }\n"): typeof import('./graphql').AuditLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Members($limit: Int, $cursor: String) {\n    members(limit: $limit, cursor: $cursor) {\n      data {\n        id\n        userId\n        email\n        name\n        role\n        createdAt\n      }\n      nextCursor\n    }\n  }\n"): typeof import('./graphql').MembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Invitations($limit: Int, $cursor: String) {\n    invitations(limit: $limit, cursor: $cursor) {\n      data {\n        id\n        email\n        role\n        invitedBy\n        expiresAt\n        createdAt\n      }\n      nextCursor\n    }\n  }\n"): typeof import('./graphql').InvitationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeMemberRole($userId: ID!, $role: Role!) {\n    changeMemberRole(userId: $userId, role: $role) {\n      id\n      userId\n      email\n      name\n      role\n      createdAt\n    }\n  }\n"): typeof import('./graphql').ChangeMemberRoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveMember($userId: ID!) {\n    removeMember(userId: $userId)\n  }\n"): typeof import('./graphql').RemoveMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      id\n      email\n      role\n      invitedBy\n      expiresAt\n      createdAt\n      token\n    }\n  }\n"): typeof import('./graphql').InviteMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id)\n  }\n"): typeof import('./graphql').RevokeInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Secrets($limit: Int, $cursor: String) {\n    secrets(limit: $limit, cursor: $cursor) {\n      data {\n        id\n        name\n        description\n        keyId\n        createdAt\n        updatedAt\n        lastUsedAt\n      }\n      nextCursor\n    }\n  }\n"): typeof import('./graphql').SecretsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSecret($input: CreateSecretInput!) {\n    createSecret(input: $input) {\n      id\n      name\n      description\n      keyId\n      createdAt\n      updatedAt\n      lastUsedAt\n    }\n  }\n"): typeof import('./graphql').CreateSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSecret($id: ID!, $input: UpdateSecretInput!) {\n    updateSecret(id: $id, input: $input) {\n      id\n      name\n      description\n      keyId\n      createdAt\n      updatedAt\n      lastUsedAt\n    }\n  }\n"): typeof import('./graphql').UpdateSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSecret($id: ID!) {\n    deleteSecret(id: $id)\n  }\n"): typeof import('./graphql').DeleteSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Usage($from: String, $to: String) {\n    usage(from: $from, to: $to) {\n      from\n      to\n      days {\n        day\n        runs\n        steps\n        stepSeconds\n      }\n      totals {\n        runs\n        steps\n        stepSeconds\n      }\n      quotas {\n        maxConcurrentRuns\n        runStartsPerMinute\n        maxStepsPerRun\n        maxForEachItems\n        maxPayloadBytes\n        maxStepOutputBytes\n      }\n      slots {\n        held\n        pending\n      }\n    }\n  }\n"): typeof import('./graphql').UsageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateQuotas($input: UpdateTenantInput!) {\n    updateTenant(input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql').UpdateQuotasDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEndpoints($limit: Int, $cursor: String) {\n    webhookEndpoints(limit: $limit, cursor: $cursor) {\n      data {\n        id\n        url\n        description\n        eventTypes\n        enabled\n        disabledReason\n        previousSecretExpiresAt\n        createdAt\n        updatedAt\n      }\n      nextCursor\n    }\n  }\n"): typeof import('./graphql').WebhookEndpointsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        id\n        url\n        description\n        eventTypes\n        enabled\n        disabledReason\n        previousSecretExpiresAt\n        createdAt\n        updatedAt\n      }\n    }\n  }\n"): typeof import('./graphql').CreateWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(id: $id, input: $input) {\n      id\n      url\n      description\n      eventTypes\n      enabled\n      disabledReason\n      previousSecretExpiresAt\n      createdAt\n      updatedAt\n    }\n  }\n"): typeof import('./graphql').UpdateWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateWebhookEndpointSecret($id: ID!) {\n    rotateWebhookEndpointSecret(id: $id) {\n      secret\n      endpoint {\n        id\n        url\n        description\n        eventTypes\n        enabled\n        disabledReason\n        previousSecretExpiresAt\n        createdAt\n        updatedAt\n      }\n    }\n  }\n"): typeof import('./graphql').RotateWebhookEndpointSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n"): typeof import('./graphql').DeleteWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries($endpointId: ID!, $limit: Int, $cursor: String) {\n    webhookDeliveries(endpointId: $endpointId, limit: $limit, cursor: $cursor) {\n      data {\n        id\n        eventType\n        status\n        attempts\n        lastStatusCode\n        lastError\n        nextAttemptAt\n        deliveredAt\n        createdAt\n      }\n      nextCursor\n    }\n  }\n"): typeof import('./graphql').WebhookDeliveriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedeliverWebhookDelivery($id: ID!) {\n    redeliverWebhookDelivery(id: $id) {\n      id\n      eventType\n      status\n      attempts\n      lastStatusCode\n      lastError\n      nextAttemptAt\n      deliveredAt\n      createdAt\n    }\n  }\n"): typeof import('./graphql').RedeliverWebhookDeliveryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApprovalFields on Approval {\n    id\n    status\n    runId\n    flowId\n    flowName\n    flowVersion\n    stepId\n    stepName\n    title\n    message\n    options\n    approverRole\n    assignees\n    requestedAt\n    expiresAt\n    defaultOutcome\n    decision\n    comment\n    decidedAt\n    decidedBy {\n      type\n      id\n      label\n    }\n    canDecide\n  }\n"): typeof import('./graphql').ApprovalFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Approvals($filter: ApprovalFilter, $limit: Int, $cursor: String) {\n    approvals(filter: $filter, limit: $limit, cursor: $cursor) {\n      data {\n        ...ApprovalFields\n      }\n      nextCursor\n    }\n  }\n"): typeof import('./graphql').ApprovalsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DecideApproval($id: ID!, $input: DecideApprovalInput!) {\n    decideApproval(id: $id, input: $input) {\n      ...ApprovalFields\n    }\n  }\n"): typeof import('./graphql').DecideApprovalDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OpenFlowEditor($flowId: ID!) {\n    flow(id: $flowId) {\n      ...FlowMetaFields\n    }\n    flowDraft(flowId: $flowId) {\n      ...DraftFields\n    }\n    stepTypes {\n      type\n      category\n      title\n      description\n      configSchema\n      defaults\n      outputPorts\n      terminal\n      expressionFields {\n        field\n        kind\n      }\n      nestedGraphs {\n        field\n        locals\n      }\n    }\n  }\n"): typeof import('./graphql').OpenFlowEditorDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FlowMetaFields on Flow {\n    id\n    name\n    description\n    tags\n    archivedAt\n    publishedVersion\n    latestVersion\n    draftRevision\n  }\n"): typeof import('./graphql').FlowMetaFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FlowMeta($flowId: ID!) {\n    flow(id: $flowId) {\n      ...FlowMetaFields\n    }\n  }\n"): typeof import('./graphql').FlowMetaDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DraftFields on FlowDraft {\n    flowId\n    definition\n    revision\n    saved\n    version\n    problems {\n      path\n      code\n      message\n    }\n  }\n"): typeof import('./graphql').DraftFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FlowDraft($flowId: ID!) {\n    flowDraft(flowId: $flowId) {\n      ...DraftFields\n    }\n  }\n"): typeof import('./graphql').FlowDraftDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveFlowDraft($flowId: ID!, $definition: JSON!, $revision: Int!) {\n    saveFlowDraft(flowId: $flowId, definition: $definition, revision: $revision) {\n      ...DraftFields\n    }\n  }\n"): typeof import('./graphql').SaveFlowDraftDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishFlow($flowId: ID!, $changeNote: String, $revision: Int) {\n    publishFlow(flowId: $flowId, changeNote: $changeNote, revision: $revision) {\n      ...VersionFields\n    }\n  }\n"): typeof import('./graphql').PublishFlowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment VersionFields on FlowVersion {\n    number\n    status\n    changeNote\n    createdAt\n    createdBy\n    publishedAt\n    revision\n  }\n"): typeof import('./graphql').VersionFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FlowVersions($flowId: ID!, $limit: Int!, $cursor: String) {\n    flowVersions(flowId: $flowId, limit: $limit, cursor: $cursor) {\n      data {\n        ...VersionFields\n      }\n      nextCursor\n    }\n  }\n"): typeof import('./graphql').FlowVersionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FlowVersion($flowId: ID!, $number: Int!) {\n    flowVersion(flowId: $flowId, number: $number) {\n      number\n      status\n      changeNote\n      definition\n      publishedAt\n      revision\n    }\n  }\n"): typeof import('./graphql').FlowVersionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RollbackFlow($flowId: ID!, $version: Int!, $changeNote: String) {\n    rollbackFlow(flowId: $flowId, version: $version, changeNote: $changeNote) {\n      ...VersionFields\n    }\n  }\n"): typeof import('./graphql').RollbackFlowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EditorSecretNames($cursor: String) {\n    secrets(limit: 100, cursor: $cursor) {\n      data {\n        name\n      }\n      nextCursor\n    }\n  }\n"): typeof import('./graphql').EditorSecretNamesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FlowsList($filter: FlowFilterInput, $limit: Int!, $cursor: String) {\n    flows(filter: $filter, limit: $limit, cursor: $cursor) {\n      data {\n        id\n        name\n        description\n        tags\n        createdAt\n        updatedAt\n        archivedAt\n        draftRevision\n        publishedVersion\n        latestVersion\n        stats {\n          runCount\n          succeeded\n          finished\n          successRate\n          lastRun {\n            id\n            status\n            createdAt\n          }\n        }\n      }\n      nextCursor\n    }\n  }\n"): typeof import('./graphql').FlowsListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateFlow($input: CreateFlowInput!) {\n    createFlow(input: $input) {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').CreateFlowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveFlow($id: ID!) {\n    archiveFlow(id: $id) {\n      id\n      archivedAt\n    }\n  }\n"): typeof import('./graphql').ArchiveFlowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunSummaryFields on RunSummary {\n    id\n    flowId\n    version\n    isTest\n    status\n    trigger\n    createdAt\n    startedAt\n    finishedAt\n    durationMs\n    error\n  }\n"): typeof import('./graphql').RunSummaryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunsList($filter: RunFilter, $limit: Int, $cursor: String) {\n    runs(filter: $filter, limit: $limit, cursor: $cursor) {\n      data {\n        ...RunSummaryFields\n      }\n      nextCursor\n    }\n  }\n"): typeof import('./graphql').RunsListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunsOpen($filter: RunFilter, $limit: Int, $flowsLimit: Int!) {\n    runs(filter: $filter, limit: $limit) {\n      data {\n        ...RunSummaryFields\n      }\n      nextCursor\n    }\n    flows(limit: $flowsLimit) {\n      data {\n        id\n        name\n      }\n    }\n  }\n"): typeof import('./graphql').RunsOpenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunFlowName($id: ID!) {\n    flow(id: $id) {\n      id\n      name\n      archivedAt\n      publishedVersion\n    }\n  }\n"): typeof import('./graphql').RunFlowNameDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunDetail($id: ID!) {\n    run(id: $id) {\n      id\n      flowId\n      version\n      isTest\n      status\n      trigger\n      input\n      output\n      error\n      createdAt\n      startedAt\n      finishedAt\n      durationMs\n      cancelRequestedAt\n      retryOfRunId\n      resumedFromRunId\n      resumeFromStep\n      parentRunId\n      steps {\n        seq\n        stepId\n        path\n        attempt\n        status\n        port\n        input\n        output\n        outputTruncated\n        error\n        logs {\n          level\n          message\n          time\n        }\n        startedAt\n        finishedAt\n        durationMs\n      }\n      waitingFor {\n        id\n        kind\n        stepId\n        path\n        eventName\n        correlationKey\n        approvalId\n        childRunId\n        until\n        since\n      }\n    }\n  }\n"): typeof import('./graphql').RunDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      type\n      runId\n      seq\n      stepId\n      path\n      attempt\n      status\n      port\n      durationMs\n      error\n      at\n    }\n  }\n"): typeof import('./graphql').RunEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartRun($flowId: ID!, $input: StartRunInput) {\n    startRun(flowId: $flowId, input: $input) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').StartRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) {\n      id\n      status\n      cancelRequestedAt\n      finishedAt\n      durationMs\n      error\n    }\n  }\n"): typeof import('./graphql').CancelRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryRun($id: ID!) {\n    retryRun(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql').RetryRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeRun($id: ID!, $fromStep: String) {\n    resumeRun(id: $id, fromStep: $fromStep) {\n      id\n    }\n  }\n"): typeof import('./graphql').ResumeRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunVersionDefinition($flowId: ID!, $number: Int!) {\n    flowVersion(flowId: $flowId, number: $number) {\n      number\n      definition\n    }\n  }\n"): typeof import('./graphql').RunVersionDefinitionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunDraftDefinition($flowId: ID!) {\n    flowDraft(flowId: $flowId) {\n      version\n      definition\n    }\n  }\n"): typeof import('./graphql').RunDraftDefinitionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TriggerFields on Trigger {\n    id\n    flowId\n    kind\n    enabled\n    version\n    config\n    hasSecret\n    tokenPrefix\n    nextFireTimes\n    lastFiredAt\n    createdAt\n    updatedAt\n  }\n"): typeof import('./graphql').TriggerFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FlowTriggers($flowId: ID!) {\n    triggers(flowId: $flowId) {\n      ...TriggerFields\n    }\n  }\n"): typeof import('./graphql').FlowTriggersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTrigger($flowId: ID!, $input: CreateTriggerInput!) {\n    createTrigger(flowId: $flowId, input: $input) {\n      token\n      url\n      trigger {\n        ...TriggerFields\n      }\n    }\n  }\n"): typeof import('./graphql').CreateTriggerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTrigger($id: ID!, $input: UpdateTriggerInput!) {\n    updateTrigger(id: $id, input: $input) {\n      ...TriggerFields\n    }\n  }\n"): typeof import('./graphql').UpdateTriggerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteTrigger($id: ID!) {\n    deleteTrigger(id: $id)\n  }\n"): typeof import('./graphql').DeleteTriggerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateTriggerToken($id: ID!) {\n    rotateTriggerToken(id: $id) {\n      token\n      url\n      trigger {\n        ...TriggerFields\n      }\n    }\n  }\n"): typeof import('./graphql').RotateTriggerTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PreviewSchedule($input: SchedulePreviewInput!) {\n    previewSchedule(input: $input)\n  }\n"): typeof import('./graphql').PreviewScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TenantTriggers($kind: String) {\n    triggers(kind: $kind) {\n      ...TriggerFields\n      flowName\n    }\n  }\n"): typeof import('./graphql').TenantTriggersDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
