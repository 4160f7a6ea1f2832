// Generated from openapi/openapi.json by `npm run generate`. Do not edit.
export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: operations["Health_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: operations["Health_metricsText"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: Postgres and Redis reachable (503 problem+json otherwise) */
        get: operations["Health_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ApiKeys_list"];
        put?: never;
        post: operations["ApiKeys_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["ApiKeys_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Approvals_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/approvals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Approvals_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/approvals/{id}/decide": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Approvals_decide"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Audit_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-log/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Audit_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Auth_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Auth_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Auth_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Auth_refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Auth_signup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/switch-tenant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Auth_switchTenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Events_publish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/flows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Flows_list"];
        put?: never;
        post: operations["Flows_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/flows/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Flows_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["Flows_update"];
        trace?: never;
    };
    "/v1/flows/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Flows_archive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/flows/{id}/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["FlowVersions_diff"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/flows/{id}/draft": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["FlowDrafts_get"];
        put: operations["FlowDrafts_save"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["FlowDrafts_apply"];
        trace?: never;
    };
    "/v1/flows/{id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["FlowVersions_publish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/flows/{id}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["FlowVersions_rollback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/flows/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Runs_listOfFlow"];
        put?: never;
        post: operations["Runs_start"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/flows/{id}/triggers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Triggers_list"];
        put?: never;
        post: operations["Triggers_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/flows/{id}/unarchive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Flows_unarchive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/flows/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["FlowVersions_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/flows/{id}/versions/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["FlowVersions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Invitations_list"];
        put?: never;
        post: operations["Invitations_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Invitations_accept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["Invitations_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Members_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Members_leave"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members/transfer-ownership": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Members_transfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["Members_remove"];
        options?: never;
        head?: never;
        patch: operations["Members_changeRole"];
        trace?: never;
    };
    "/v1/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Runs_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Runs_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Runs_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["RunEvents_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Runs_resume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Runs_retry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/secrets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Secrets_list"];
        put?: never;
        post: operations["Secrets_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/secrets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Secrets_get"];
        put?: never;
        post?: never;
        delete: operations["Secrets_delete"];
        options?: never;
        head?: never;
        patch: operations["Secrets_update"];
        trace?: never;
    };
    "/v1/step-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["StepTypes_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Tenants_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["Tenants_update"];
        trace?: never;
    };
    "/v1/triggers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Triggers_listAll"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/triggers/schedule-preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Triggers_previewSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/triggers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Triggers_get"];
        put?: never;
        post?: never;
        delete: operations["Triggers_delete"];
        options?: never;
        head?: never;
        patch: operations["Triggers_update"];
        trace?: never;
    };
    "/v1/triggers/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["Triggers_rotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Usage_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["WebhookDeliveries_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-deliveries/{id}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["WebhookDeliveries_redeliver"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["WebhookEndpoints_list"];
        put?: never;
        post: operations["WebhookEndpoints_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["WebhookEndpoints_get"];
        put?: never;
        post?: never;
        delete: operations["WebhookEndpoints_delete"];
        options?: never;
        head?: never;
        patch: operations["WebhookEndpoints_update"];
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["WebhookEndpoints_deliveriesOf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["WebhookEndpoints_rotateSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AcceptInvitationDto: {
            /** @description Required when no account exists for the invited email */
            name?: string;
            /** @description The new password, or that of the existing account */
            password: string;
            /** @description The token answered when the invitation was created */
            token: string;
        };
        ApiKeyDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string | null;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /**
             * @description The first characters of the key
             * @example sl_live_Ab3x
             */
            prefix: string;
            /** Format: date-time */
            revokedAt: string | null;
            scopes: ("flows:read" | "flows:write" | "runs:read" | "runs:write" | "events:write" | "admin")[];
        };
        ApiKeyPageDto: {
            data: components["schemas"]["ApiKeyDto"][];
            nextCursor: string | null;
        };
        ApplyOperationsDto: {
            /** @description Applied in order, all or none (the flow-definition operations shared with the editor) */
            operations: ({
                /** @enum {string} */
                type: "addStep" | "removeStep" | "updateStep" | "renameStep" | "moveStep" | "connect" | "disconnect" | "setOutput" | "setInputSchema" | "updateSettings";
            } & {
                [key: string]: unknown;
            })[];
        };
        ApprovalDeciderDto: {
            /** @description User or API key id; null for the system */
            id: string | null;
            /** @description Email, key name, or "timeout" */
            label: string;
            /** @enum {string} */
            type: "user" | "api_key" | "system";
        };
        ApprovalDto: {
            /**
             * @description The lowest role that may decide
             * @enum {string}
             */
            approverRole: "owner" | "admin" | "editor" | "operator";
            /** @description User ids and emails that may decide (besides admins and owners); empty: anyone with the role */
            assignees: string[];
            /** @description Whether the caller may decide it now */
            canDecide: boolean;
            comment: string | null;
            /** Format: date-time */
            decidedAt: string | null;
            decidedBy: components["schemas"]["ApprovalDeciderDto"] | null;
            decision: string | null;
            /** @description Decided at expiry; null: the timeout port */
            defaultOutcome: string | null;
            /** Format: date-time */
            expiresAt: string | null;
            /** Format: uuid */
            flowId: string;
            flowName: string;
            /** @description null for a test run of the draft */
            flowVersion: number | null;
            /** Format: uuid */
            id: string;
            message: string | null;
            /** @description The decisions offered (the step’s ports) */
            options: string[];
            /** Format: date-time */
            requestedAt: string;
            /** Format: uuid */
            runId: string;
            /** @enum {string} */
            status: "pending" | "decided" | "timed_out" | "cancelled";
            stepId: string;
            stepName: string | null;
            title: string;
        };
        ApprovalPageDto: {
            data: components["schemas"]["ApprovalDto"][];
            nextCursor: string | null;
        };
        AuditActorDto: {
            id: string | null;
            /** @description Email of a user, name of an API key */
            label: string | null;
            /** @enum {string} */
            type: "user" | "api_key" | "system" | "anonymous";
        };
        AuditLogPageDto: {
            data: components["schemas"]["AuditRecordDto"][];
            nextCursor: string | null;
        };
        AuditRecordDto: {
            /** @example flow.published */
            action: string;
            actor: components["schemas"]["AuditActorDto"];
            /** @description Secrets redacted */
            after: {
                [key: string]: unknown;
            } | null;
            /** @description Secrets redacted */
            before: {
                [key: string]: unknown;
            } | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            ip: string | null;
            requestId: string | null;
            target: components["schemas"]["AuditTargetDto"] | null;
            userAgent: string | null;
        };
        AuditTargetDto: {
            id: string;
            /** @example flow */
            type: string;
        };
        AuthSessionDto: {
            accessToken: string;
            /** @description Seconds until the access token expires */
            expiresIn: number;
            memberships: components["schemas"]["MembershipSummaryDto"][];
            /** Format: date-time */
            refreshExpiresAt: string;
            refreshToken: string;
            /** @enum {string} */
            role: "owner" | "admin" | "editor" | "operator" | "viewer";
            tenant: components["schemas"]["TenantRefDto"];
            /** @enum {string} */
            tokenType: "Bearer";
            user: components["schemas"]["UserDto"];
        };
        ChangeRoleDto: {
            /** @enum {string} */
            role: "owner" | "admin" | "editor" | "operator" | "viewer";
        };
        CreateApiKeyDto: {
            /**
             * Format: date-time
             * @description A future time; the key never expires without it
             */
            expiresAt?: string;
            /** @example CI deploys */
            name: string;
            scopes: ("flows:read" | "flows:write" | "runs:read" | "runs:write" | "events:write" | "admin")[];
        };
        CreateFlowDto: {
            /** @description The draft v1; default: an empty definition */
            definition?: {
                [key: string]: unknown;
            };
            description?: string;
            /** @example Welcome new customer */
            name: string;
            tags?: string[];
        };
        CreateInvitationDto: {
            /** @example ada@example.com */
            email: string;
            /** @enum {string} */
            role: "owner" | "admin" | "editor" | "operator" | "viewer";
        };
        CreateSecretDto: {
            description?: string | null;
            /** @example CRM_API_TOKEN */
            name: string;
            /** @description Write-only: no answer ever contains it. Any text (line breaks allowed), at most 65536 UTF-8 bytes. */
            value: string;
        };
        CreateTriggerDto: {
            /** @description Settings of the trigger’s kind */
            config?: {
                /** @description `{ "type": "none" }` | `{ "type": "header", "header": "x-token", "secret": "…" }` | `{ "type": "hmac", "style": "standard" | "github", "secret": "whsec_…", "replayWindowSeconds": 300 }` */
                auth?: Record<string, never>;
                /** @description Request headers copied into the run input (`input.headers`); others are dropped */
                headers?: string[];
                /** @default 1048576 */
                maxBodyBytes: number;
                /**
                 * @default [
                 *       "POST"
                 *     ]
                 */
                methods: ("GET" | "POST" | "PUT" | "PATCH" | "DELETE")[];
                /**
                 * @default async
                 * @enum {string}
                 */
                responseMode: "async" | "sync";
                /** @default 10 */
                timeoutSeconds: number;
            } | {
                /** @example 0 9 * * 1-5 */
                cron?: string;
                intervalSeconds?: number;
                /** @enum {string} */
                mode: "cron" | "interval";
                /**
                 * @default UTC
                 * @example Europe/Berlin
                 */
                timezone: string;
            } | {
                /** @example message.received */
                event: string;
                /** @example $lowercase(payload.text) in ['help','start'] */
                filter?: string;
            };
            /** @default true */
            enabled: boolean;
            /**
             * @default webhook
             * @enum {string}
             */
            kind: "webhook" | "schedule" | "event";
            /** @description A published version to pin; null (default) = the version published when a request arrives */
            version?: number | null;
        };
        CreateWebhookEndpointDto: {
            description?: string | null;
            /** @description Default true */
            enabled?: boolean;
            /**
             * @description `["*"]` for every event type, or a list of event types
             * @example [
             *       "run.succeeded",
             *       "run.failed"
             *     ]
             */
            eventTypes: ("*" | "run.succeeded" | "run.failed" | "run.cancelled" | "run.timed_out" | "run.waiting" | "approval.requested")[];
            /**
             * @description https (plain http only for addresses OUTBOUND_ALLOW_CIDRS opens); no credentials
             * @example https://hooks.example.com/stepline
             */
            url: string;
        };
        CreatedApiKeyDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string | null;
            /** Format: uuid */
            id: string;
            /**
             * @description The key itself; shown only in this answer
             * @example sl_live_…
             */
            key: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /**
             * @description The first characters of the key
             * @example sl_live_Ab3x
             */
            prefix: string;
            /** Format: date-time */
            revokedAt: string | null;
            scopes: ("flows:read" | "flows:write" | "runs:read" | "runs:write" | "events:write" | "admin")[];
        };
        CreatedFlowDto: {
            /** Format: date-time */
            archivedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: uuid
             * @description The creating user; null for API keys
             */
            createdBy: string | null;
            description: string | null;
            draft: components["schemas"]["FlowDraftDto"];
            /** @description Revision of the saved draft; null when nothing is unpublished */
            draftRevision: number | null;
            /** Format: uuid */
            id: string;
            /** @description Highest version number, the draft included */
            latestVersion: number;
            name: string;
            publishedVersion: number | null;
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
        };
        CreatedInvitationDto: {
            /** Format: date-time */
            createdAt: string;
            email: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            id: string;
            /**
             * Format: uuid
             * @description The inviting user or API key
             */
            invitedBy: string;
            /** @enum {string} */
            role: "owner" | "admin" | "editor" | "operator" | "viewer";
            /** @description One-time token for the invitee; shown only in this answer */
            token: string;
        };
        DecideApprovalDto: {
            comment?: string | null;
            /**
             * @description One of the approval’s options
             * @example approved
             */
            decision: string;
        };
        DefinitionProblemDto: {
            /** @example config.required */
            code: string;
            message: string;
            /**
             * @description JSON pointer into the definition
             * @example /steps/1/config/url
             */
            path: string;
        };
        DiffSideDto: {
            /** @enum {string} */
            status: "draft" | "published" | "archived";
            version: number;
        };
        ExpressionFieldDto: {
            /**
             * @description Dotted path inside config
             * @example url
             */
            field: string;
            /**
             * @description expression: bare JSONata · template: strings with {{ }}
             * @enum {string}
             */
            kind: "expression" | "template";
        };
        FlowDiffDto: {
            edges: components["schemas"]["FlowEdgesDiffDto"];
            from: components["schemas"]["DiffSideDto"];
            settings: components["schemas"]["FlowSettingsDiffDto"];
            steps: components["schemas"]["FlowStepsDiffDto"];
            to: components["schemas"]["DiffSideDto"];
        };
        FlowDraftDto: {
            /** @description A flow definition ({ schemaVersion: 1, steps, edges, inputSchema?, output?, settings? }). Drafts may be invalid while edited; publish validates them. */
            definition: {
                [key: string]: unknown;
            };
            /** Format: uuid */
            flowId: string;
            /** @description What publish would refuse; empty when publishable */
            problems: components["schemas"]["DefinitionProblemDto"][];
            /** @description Also sent as the ETag; name it in If-Match when writing */
            revision: number;
            /** @description false: nothing saved since the last publish; this is the published definition */
            saved: boolean;
            /** @description The version number the draft will get when published */
            version: number;
        };
        FlowDto: {
            /** Format: date-time */
            archivedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: uuid
             * @description The creating user; null for API keys
             */
            createdBy: string | null;
            description: string | null;
            /** @description Revision of the saved draft; null when nothing is unpublished */
            draftRevision: number | null;
            /** Format: uuid */
            id: string;
            /** @description Highest version number, the draft included */
            latestVersion: number;
            name: string;
            publishedVersion: number | null;
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
        };
        FlowEdgeDto: {
            from: string;
            to: string;
            when?: string;
        };
        FlowEdgesDiffDto: {
            added: components["schemas"]["FlowEdgeDto"][];
            removed: components["schemas"]["FlowEdgeDto"][];
        };
        FlowLastRunDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | "timed_out";
        };
        FlowListItemDto: {
            /** Format: date-time */
            archivedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: uuid
             * @description The creating user; null for API keys
             */
            createdBy: string | null;
            description: string | null;
            /** @description Revision of the saved draft; null when nothing is unpublished */
            draftRevision: number | null;
            /** Format: uuid */
            id: string;
            /** @description Highest version number, the draft included */
            latestVersion: number;
            name: string;
            publishedVersion: number | null;
            runStats: components["schemas"]["FlowRunStatsDto"];
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
        };
        FlowPageDto: {
            data: components["schemas"]["FlowListItemDto"][];
            nextCursor: string | null;
        };
        FlowRunStatsDto: {
            /** @description Runs that reached a terminal status */
            finished: number;
            /** @description The newest real run, even from before the window; null when the flow never ran */
            lastRun: components["schemas"]["FlowLastRunDto"] | null;
            /** @description Real (non-test) runs of the last 30 days */
            runCount: number;
            /**
             * Format: date-time
             * @description Start of the window the counts cover
             */
            since: string;
            succeeded: number;
            /** @description succeeded / finished (0..1); null when none finished */
            successRate: number | null;
        };
        FlowSettingsDiffDto: {
            after: {
                [key: string]: unknown;
            };
            before: {
                [key: string]: unknown;
            };
            /**
             * @example [
             *       "output",
             *       "settings.timeoutMs"
             *     ]
             */
            changed: string[];
        };
        FlowStepChangeDto: {
            /** @description A step of the definition */
            after: {
                [key: string]: unknown;
            };
            /** @description A step of the definition */
            before: {
                [key: string]: unknown;
            };
            /**
             * @example [
             *       "config",
             *       "config.url"
             *     ]
             */
            fields: string[];
            id: string;
        };
        FlowStepsDiffDto: {
            added: {
                [key: string]: unknown;
            }[];
            changed: components["schemas"]["FlowStepChangeDto"][];
            removed: {
                [key: string]: unknown;
            }[];
        };
        FlowVersionDetailDto: {
            changeNote: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            createdBy: string | null;
            /** @description A flow definition ({ schemaVersion: 1, steps, edges, inputSchema?, output?, settings? }). Drafts may be invalid while edited; publish validates them. */
            definition: {
                [key: string]: unknown;
            };
            number: number;
            /** Format: date-time */
            publishedAt: string | null;
            /** @description Draft revision it was saved at (published versions keep their last one) */
            revision: number;
            /** @enum {string} */
            status: "draft" | "published" | "archived";
        };
        FlowVersionDto: {
            changeNote: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            createdBy: string | null;
            number: number;
            /** Format: date-time */
            publishedAt: string | null;
            /** @description Draft revision it was saved at (published versions keep their last one) */
            revision: number;
            /** @enum {string} */
            status: "draft" | "published" | "archived";
        };
        FlowVersionPageDto: {
            data: components["schemas"]["FlowVersionDto"][];
            nextCursor: string | null;
        };
        InvitationDto: {
            /** Format: date-time */
            createdAt: string;
            email: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            id: string;
            /**
             * Format: uuid
             * @description The inviting user or API key
             */
            invitedBy: string;
            /** @enum {string} */
            role: "owner" | "admin" | "editor" | "operator" | "viewer";
        };
        InvitationPageDto: {
            data: components["schemas"]["InvitationDto"][];
            nextCursor: string | null;
        };
        LoginDto: {
            email: string;
            password: string;
            /** @description Tenant to sign in to; defaults to the first membership */
            tenantId?: string;
        };
        MemberDto: {
            /** Format: date-time */
            createdAt: string;
            email: string;
            /**
             * Format: uuid
             * @description Membership id
             */
            id: string;
            name: string;
            /** @enum {string} */
            role: "owner" | "admin" | "editor" | "operator" | "viewer";
            /** Format: uuid */
            userId: string;
        };
        MemberPageDto: {
            data: components["schemas"]["MemberDto"][];
            nextCursor: string | null;
        };
        MembershipSummaryDto: {
            name: string;
            /** @enum {string} */
            role: "owner" | "admin" | "editor" | "operator" | "viewer";
            slug: string;
            tenantId: string;
        };
        NestedGraphDto: {
            /** @example body */
            field: string;
            /**
             * @description Extra expression roots inside it
             * @example [
             *       "item",
             *       "index"
             *     ]
             */
            locals: string[];
        };
        PublishEventDto: {
            /**
             * @description Makes publishing idempotent: the same id again answers the first result and does nothing; with another body → 422 idempotency.key_reused
             * @example wamid.HBgLNDkxNzAxMjM0NTY3
             */
            id?: string | null;
            /**
             * @description Correlation key: only runs waiting for this key (or for any key) are resumed
             * @example +491701234567
             */
            key?: string | null;
            /**
             * @description Resumes runs waiting for this name (and key); starts flows with an event trigger on it
             * @example message.received
             */
            name: string;
            /** @description Any JSON value (default null), at most 262144 bytes as JSON; the waiting step's output and the triggered run's input.payload */
            payload?: ({
                [key: string]: unknown;
            } | unknown[] | string | number | boolean) | null;
        };
        PublishFlowDto: {
            /** @example Retry the CRM lookup */
            changeNote?: string;
        };
        PublishedEventDto: {
            /** @description The publisher’s id, else a generated one */
            eventId: string;
            /** @description Runs that were waiting for this name and key and now continue */
            resumed: string[];
            /** @description Runs started by event triggers on this name whose filter matched */
            started: string[];
        };
        QuotasDto: {
            maxConcurrentRuns: number;
            maxForEachItems: number;
            maxPayloadBytes: number;
            maxStepOutputBytes: number;
            maxStepsPerRun: number;
            runStartsPerMinute: number;
        };
        RefreshDto: {
            refreshToken: string;
        };
        ResumeRunDto: {
            /** @description Re-run from this step of any finished run (upstream outputs reused). Default: the failed step of a failed run. */
            fromStep?: string;
        };
        RollbackFlowDto: {
            /** @description Default: "rollback to v<version>" */
            changeNote?: string;
            /** @description The version to publish a copy of */
            version: number;
        };
        RunAcceptedDto: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | "timed_out";
            /**
             * @description Where to read the run
             * @example /v1/runs/7d0c…
             */
            url: string;
        };
        RunDetailDto: {
            /** Format: date-time */
            cancelRequestedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            durationMs: number | null;
            error: components["schemas"]["RunErrorDto"] | null;
            /** Format: date-time */
            finishedAt: string | null;
            /** Format: uuid */
            flowId: string;
            /** Format: uuid */
            id: string;
            /** @description Any JSON value */
            input: ({
                [key: string]: unknown;
            } | unknown[] | string | number | boolean) | null;
            /** @description A test run of the draft */
            isTest: boolean;
            /** @description Any JSON value */
            output: ({
                [key: string]: unknown;
            } | unknown[] | string | number | boolean) | null;
            /** Format: uuid */
            parentRunId: string | null;
            resumeFromStep: string | null;
            /** Format: uuid */
            resumedFromRunId: string | null;
            /** Format: uuid */
            retryOfRunId: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** @enum {string} */
            status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | "timed_out";
            /** @description In the order they settled */
            steps: components["schemas"]["StepRunDto"][];
            /** @enum {string} */
            trigger: "manual" | "api" | "webhook" | "schedule" | "event" | "subflow" | "retry";
            /** @description The version it runs */
            version: number;
            /** @description What a waiting run waits for (empty otherwise) */
            waitingFor: components["schemas"]["WaitingForDto"][];
        };
        RunDto: {
            /** Format: date-time */
            cancelRequestedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            durationMs: number | null;
            error: components["schemas"]["RunErrorDto"] | null;
            /** Format: date-time */
            finishedAt: string | null;
            /** Format: uuid */
            flowId: string;
            /** Format: uuid */
            id: string;
            /** @description Any JSON value */
            input: ({
                [key: string]: unknown;
            } | unknown[] | string | number | boolean) | null;
            /** @description A test run of the draft */
            isTest: boolean;
            /** @description Any JSON value */
            output: ({
                [key: string]: unknown;
            } | unknown[] | string | number | boolean) | null;
            /** Format: uuid */
            parentRunId: string | null;
            resumeFromStep: string | null;
            /** Format: uuid */
            resumedFromRunId: string | null;
            /** Format: uuid */
            retryOfRunId: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** @enum {string} */
            status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | "timed_out";
            /** @enum {string} */
            trigger: "manual" | "api" | "webhook" | "schedule" | "event" | "subflow" | "retry";
            /** @description The version it runs */
            version: number;
        };
        RunErrorDto: {
            /** @example http.status */
            code: string;
            detail?: {
                [key: string]: unknown;
            };
            message: string;
            stepId?: string;
        };
        RunEventDto: {
            /** Format: date-time */
            at: string;
            attempt?: number;
            durationMs?: number | null;
            error?: components["schemas"]["RunErrorDto"] | null;
            path?: string;
            port?: string | null;
            /** Format: uuid */
            runId: string;
            /** @description step.settled: the SSE event id */
            seq?: number;
            /** @description run.status: the run status; step.settled: the step run status */
            status?: string;
            stepId?: string;
            /** @enum {string} */
            type: "run.status" | "step.started" | "step.settled";
        };
        RunPageDto: {
            data: components["schemas"]["RunSummaryDto"][];
            nextCursor: string | null;
        };
        RunSummaryDto: {
            /** Format: date-time */
            cancelRequestedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            durationMs: number | null;
            error: components["schemas"]["RunErrorDto"] | null;
            /** Format: date-time */
            finishedAt: string | null;
            /** Format: uuid */
            flowId: string;
            /** Format: uuid */
            id: string;
            /** @description A test run of the draft */
            isTest: boolean;
            /** Format: uuid */
            parentRunId: string | null;
            resumeFromStep: string | null;
            /** Format: uuid */
            resumedFromRunId: string | null;
            /** Format: uuid */
            retryOfRunId: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** @enum {string} */
            status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | "timed_out";
            /** @enum {string} */
            trigger: "manual" | "api" | "webhook" | "schedule" | "event" | "subflow" | "retry";
            /** @description The version it runs */
            version: number;
        };
        SaveDraftDto: {
            /** @description A flow definition ({ schemaVersion: 1, steps, edges, inputSchema?, output?, settings? }). Drafts may be invalid while edited; publish validates them. */
            definition: {
                [key: string]: unknown;
            };
        };
        SchedulePreviewDto: {
            /**
             * @description 5-field cron (mode cron)
             * @example 0 9 * * 1-5
             */
            cron?: string;
            /** @description Seconds between slots (mode interval) */
            intervalSeconds?: number;
            /** @enum {string} */
            mode: "cron" | "interval";
            /**
             * @description IANA time zone (mode cron)
             * @default UTC
             * @example Europe/Berlin
             */
            timezone: string;
        };
        SchedulePreviewResultDto: {
            /** @description The next five fire times */
            nextFireTimes: string[];
        };
        SecretDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            createdBy: string | null;
            description: string | null;
            /** Format: uuid */
            id: string;
            /**
             * @description Id of the encryption key the stored value is under
             * @example k1
             */
            keyId: string;
            /**
             * Format: date-time
             * @description When a run last read it
             */
            lastUsedAt: string | null;
            /** @example CRM_API_TOKEN */
            name: string;
            /** Format: date-time */
            updatedAt: string;
        };
        SecretPageDto: {
            data: components["schemas"]["SecretDto"][];
            nextCursor: string | null;
        };
        SessionInfoDto: {
            memberships: components["schemas"]["MembershipSummaryDto"][];
            /** @enum {string} */
            role: "owner" | "admin" | "editor" | "operator" | "viewer";
            tenant: components["schemas"]["TenantRefDto"];
            user: components["schemas"]["UserDto"];
        };
        SignupDto: {
            /** @example ada@example.com */
            email: string;
            /** @example Ada Lovelace */
            name: string;
            password: string;
            /** @example Analytical Engines Ltd */
            tenantName: string;
        };
        SlotsDto: {
            /** @description Runs holding an execution slot */
            held: number;
            /** @description Runs waiting for a slot */
            pending: number;
        };
        StartRunDto: {
            /** @description The run input, validated against the flow’s inputSchema */
            input?: {
                [key: string]: unknown;
            } | unknown[] | string | number | boolean;
            /** @description A version number, or "draft" for a test run of the draft. Default: the published version. */
            version?: number | "draft";
            /** @description Seconds to wait for the run to finish (default 0): 200 with the run if it does, else 202 */
            wait?: number;
        };
        StepLogDto: {
            /** @example info */
            level: string;
            message: string;
            /** Format: date-time */
            time: string;
        };
        StepRunDto: {
            attempt: number;
            durationMs: number | null;
            error: components["schemas"]["RunErrorDto"] | null;
            /** Format: date-time */
            finishedAt: string | null;
            /** @description Any JSON value */
            input: ({
                [key: string]: unknown;
            } | unknown[] | string | number | boolean) | null;
            logs: components["schemas"]["StepLogDto"][];
            /** @description Any JSON value */
            output: ({
                [key: string]: unknown;
            } | unknown[] | string | number | boolean) | null;
            /** @description The output was cut to the size cap */
            outputTruncated: boolean;
            /** @description Iteration path inside loops ("" at the top level) */
            path: string;
            /** @description The output port taken */
            port: string | null;
            /** @description Order of settlement; the SSE event id */
            seq: number;
            /** Format: date-time */
            startedAt: string | null;
            /** @enum {string} */
            status: "running" | "succeeded" | "failed" | "skipped" | "cancelled" | "waiting";
            stepId: string;
        };
        StepTypeDto: {
            /** @enum {string} */
            category: "core" | "flow" | "data" | "human" | "integration";
            /** @description Draft-07 JSON Schema of config */
            configSchema: {
                [key: string]: unknown;
            };
            /** @description The config a new step starts with */
            defaults: {
                [key: string]: unknown;
            };
            description: string;
            expressionFields: components["schemas"]["ExpressionFieldDto"][];
            nestedGraphs: components["schemas"]["NestedGraphDto"][];
            /** @description Edge labels (`when`) a step with the default config can emit */
            outputPorts: string[];
            /** @description A terminal step ends the run and has no outgoing edges */
            terminal: boolean;
            title: string;
            /** @example http */
            type: string;
        };
        StepTypeListDto: {
            data: components["schemas"]["StepTypeDto"][];
        };
        SwitchTenantDto: {
            tenantId: string;
        };
        TenantDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            name: string;
            settings: components["schemas"]["TenantSettingsDto"];
            slug: string;
        };
        TenantRefDto: {
            id: string;
            name: string;
            slug: string;
        };
        TenantSettingsDto: {
            maxConcurrentRuns?: number;
            /** @description Items one forEach step may iterate */
            maxForEachItems?: number;
            /** @description Bytes of a run input or event payload */
            maxPayloadBytes?: number;
            /** @description Bytes of one step output */
            maxStepOutputBytes?: number;
            /** @description Step attempts one run may start */
            maxStepsPerRun?: number;
            /** @description Days run data is kept */
            retentionDays?: number;
            runStartsPerMinute?: number;
        };
        TransferOwnershipDto: {
            /**
             * Format: uuid
             * @description User id of the member who becomes owner
             */
            userId: string;
        };
        TriggerDto: {
            /** @description Settings of its kind (a webhook’s without the secret) */
            config: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            createdBy: string | null;
            enabled: boolean;
            /** Format: uuid */
            flowId: string;
            /** @description The flow’s name */
            flowName: string | null;
            /** @description Whether an auth secret is stored (write-only) */
            hasSecret: boolean;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "webhook" | "schedule" | "event";
            /**
             * Format: date-time
             * @description A schedule’s last start of a run
             */
            lastFiredAt: string | null;
            /** @description An enabled schedule’s next five fire times; empty otherwise */
            nextFireTimes: string[];
            /** @example whk_AbCdEfGh */
            tokenPrefix: string | null;
            /** Format: date-time */
            updatedAt: string;
            /** @description Pinned version; null = the published one */
            version: number | null;
        };
        TriggerListDto: {
            data: components["schemas"]["TriggerDto"][];
        };
        TriggerPageDto: {
            data: components["schemas"]["TriggerDto"][];
            nextCursor: string | null;
        };
        TriggerWithTokenDto: {
            /** @description Settings of its kind (a webhook’s without the secret) */
            config: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            createdBy: string | null;
            enabled: boolean;
            /** Format: uuid */
            flowId: string;
            /** @description The flow’s name */
            flowName: string | null;
            /** @description Whether an auth secret is stored (write-only) */
            hasSecret: boolean;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "webhook" | "schedule" | "event";
            /**
             * Format: date-time
             * @description A schedule’s last start of a run
             */
            lastFiredAt: string | null;
            /** @description An enabled schedule’s next five fire times; empty otherwise */
            nextFireTimes: string[];
            /** @description A webhook’s token, shown once: store it now. ≥ 256 random bits. Null for other kinds. */
            token: string | null;
            /** @example whk_AbCdEfGh */
            tokenPrefix: string | null;
            /** Format: date-time */
            updatedAt: string;
            /**
             * @description The webhook path, relative to the API base URL; null for other kinds
             * @example /hooks/whk_…
             */
            url: string | null;
            /** @description Pinned version; null = the published one */
            version: number | null;
        };
        UpdateFlowDto: {
            /** @description null clears it */
            description?: string | null;
            name?: string;
            /** @description Replaces the tags */
            tags?: string[];
        };
        UpdateSecretDto: {
            /** @description null clears it */
            description?: string | null;
            /** @description A new value (rotation). Write-only: no answer ever contains it. Any text (line breaks allowed), at most 65536 UTF-8 bytes. */
            value?: string;
        };
        UpdateTenantDto: {
            /** @example Analytical Engines Ltd */
            name?: string;
            /** @description Merged into the current settings */
            settings?: components["schemas"]["TenantSettingsDto"];
        };
        UpdateTriggerDto: {
            /** @description Merged over the stored config */
            config?: {
                /** @description `{ "type": "none" }` | `{ "type": "header", "header": "x-token", "secret": "…" }` | `{ "type": "hmac", "style": "standard" | "github", "secret": "whsec_…", "replayWindowSeconds": 300 }` */
                auth?: Record<string, never>;
                /** @description Request headers copied into the run input (`input.headers`); others are dropped */
                headers?: string[];
                /** @default 1048576 */
                maxBodyBytes: number;
                /**
                 * @default [
                 *       "POST"
                 *     ]
                 */
                methods: ("GET" | "POST" | "PUT" | "PATCH" | "DELETE")[];
                /**
                 * @default async
                 * @enum {string}
                 */
                responseMode: "async" | "sync";
                /** @default 10 */
                timeoutSeconds: number;
            } | {
                /** @example 0 9 * * 1-5 */
                cron?: string;
                intervalSeconds?: number;
                /** @enum {string} */
                mode: "cron" | "interval";
                /**
                 * @default UTC
                 * @example Europe/Berlin
                 */
                timezone: string;
            } | {
                /** @example message.received */
                event: string;
                /** @example $lowercase(payload.text) in ['help','start'] */
                filter?: string;
            };
            enabled?: boolean;
            /** @description A published version to pin; null (default) = the version published when a request arrives */
            version?: number | null;
        };
        UpdateWebhookEndpointDto: {
            /** @description null clears it */
            description?: string | null;
            /** @description Enabling clears a disable caused by a 410 answer */
            enabled?: boolean;
            /**
             * @description `["*"]` for every event type, or a list of event types
             * @example [
             *       "run.succeeded",
             *       "run.failed"
             *     ]
             */
            eventTypes?: ("*" | "run.succeeded" | "run.failed" | "run.cancelled" | "run.timed_out" | "run.waiting" | "approval.requested")[];
            /**
             * @description https (plain http only for addresses OUTBOUND_ALLOW_CIDRS opens); no credentials
             * @example https://hooks.example.com/stepline
             */
            url?: string;
        };
        UsageDayDto: {
            /** Format: date */
            day: string;
            runs: number;
            /** @description Seconds the steps ran */
            stepSeconds: number;
            /** @description Step attempts executed */
            steps: number;
        };
        UsageDto: {
            days: components["schemas"]["UsageDayDto"][];
            /** Format: date */
            from: string;
            /** @description The quotas in force */
            quotas: components["schemas"]["QuotasDto"];
            slots: components["schemas"]["SlotsDto"];
            /** Format: date */
            to: string;
            totals: components["schemas"]["UsageTotalsDto"];
        };
        UsageTotalsDto: {
            runs: number;
            stepSeconds: number;
            steps: number;
        };
        UserDto: {
            email: string;
            id: string;
            name: string;
        };
        WaitingForDto: {
            /**
             * Format: uuid
             * @description kind approval: what to decide
             */
            approvalId: string | null;
            /**
             * Format: uuid
             * @description kind subflow: the child run
             */
            childRunId: string | null;
            /** @description kind event: the key it must carry (null: any) */
            correlationKey: string | null;
            /** @description kind event: the event name */
            eventName: string | null;
            /**
             * Format: uuid
             * @description The waitpoint (for an approval, its approval id)
             */
            id: string;
            /** @enum {string} */
            kind: "delay" | "event" | "approval" | "subflow";
            /** @description Iteration path inside loops ("" at the top level) */
            path: string;
            /** Format: date-time */
            since: string;
            stepId: string;
            /**
             * Format: date-time
             * @description When the delay ends or the wait times out
             */
            until: string | null;
        };
        WebhookDeliveryAttemptDto: {
            attempt: number;
            durationMs: number;
            /** @description A failure code: net.timeout, http.status … */
            error: string | null;
            /** @description The start of the answer (≤ 2 KiB) */
            responseExcerpt: string | null;
            /** Format: date-time */
            startedAt: string;
            statusCode: number | null;
        };
        WebhookDeliveryDetailDto: {
            attemptLog: components["schemas"]["WebhookDeliveryAttemptDto"][];
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            deliveredAt: string | null;
            /** Format: uuid */
            endpointId: string;
            /** @enum {string} */
            eventType: "run.succeeded" | "run.failed" | "run.cancelled" | "run.timed_out" | "run.waiting" | "approval.requested";
            /**
             * Format: uuid
             * @description Also the `webhook-id` header of every attempt
             */
            id: string;
            lastError: string | null;
            lastStatusCode: number | null;
            /** Format: date-time */
            nextAttemptAt: string | null;
            /** @description The body every attempt sends */
            payload: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
            /** Format: date-time */
            updatedAt: string;
        };
        WebhookDeliveryDto: {
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            deliveredAt: string | null;
            /** Format: uuid */
            endpointId: string;
            /** @enum {string} */
            eventType: "run.succeeded" | "run.failed" | "run.cancelled" | "run.timed_out" | "run.waiting" | "approval.requested";
            /**
             * Format: uuid
             * @description Also the `webhook-id` header of every attempt
             */
            id: string;
            lastError: string | null;
            lastStatusCode: number | null;
            /** Format: date-time */
            nextAttemptAt: string | null;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
            /** Format: date-time */
            updatedAt: string;
        };
        WebhookDeliveryPageDto: {
            data: components["schemas"]["WebhookDeliveryDto"][];
            nextCursor: string | null;
        };
        WebhookEndpointDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            createdBy: string | null;
            description: string | null;
            /** @description `gone` when a 410 answer disabled it */
            disabledReason: string | null;
            enabled: boolean;
            eventTypes: ("*" | "run.succeeded" | "run.failed" | "run.cancelled" | "run.timed_out" | "run.waiting" | "approval.requested")[];
            /** Format: uuid */
            id: string;
            /**
             * Format: date-time
             * @description Until when the secret replaced by the last rotation still signs deliveries
             */
            previousSecretExpiresAt: string | null;
            /** Format: date-time */
            updatedAt: string;
            url: string;
        };
        WebhookEndpointPageDto: {
            data: components["schemas"]["WebhookEndpointDto"][];
            nextCursor: string | null;
        };
        WebhookEndpointWithSecretDto: {
            endpoint: components["schemas"]["WebhookEndpointDto"];
            /**
             * @description The signing secret (Standard Webhooks). Shown this once: store it now.
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
             */
            secret: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    Health_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Health_metricsText: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Health_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ApiKeys_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every key of the tenant, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyPageDto"];
                };
            };
        };
    };
    ApiKeys_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyDto"];
            };
        };
        responses: {
            /** @description The key, shown only in this answer */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKeyDto"];
                };
            };
        };
    };
    ApiKeys_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked (idempotent) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Approvals_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description Repeat the parameter or separate values with commas; default: every status */
                status?: ("pending" | "decided" | "timed_out" | "cancelled")[];
                /** @description true: only approvals that name the caller, or name no one and the caller’s role may decide (members only) */
                assignedToMe?: boolean;
                flowId?: string;
                runId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApprovalPageDto"];
                };
            };
        };
    };
    Approvals_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApprovalDto"];
                };
            };
        };
    };
    Approvals_decide: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DecideApprovalDto"];
            };
        };
        responses: {
            /** @description Decided: the run resumes on the chosen option’s port. A second decision is 409 approval.already_decided. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApprovalDto"];
                };
            };
        };
    };
    Audit_list: {
        parameters: {
            query?: {
                /** @description User or API key id of the actor */
                actorId?: string;
                /** @description An action, or a family of actions with `.*` */
                action?: string;
                targetType?: string;
                targetId?: string;
                /** @description Inclusive lower bound */
                from?: string;
                /** @description Exclusive upper bound; later than `from` */
                to?: string;
                limit?: number;
                /** @description `nextCursor` of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first, cursor-paginated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditLogPageDto"];
                };
            };
        };
    };
    Audit_export: {
        parameters: {
            query?: {
                /** @description User or API key id of the actor */
                actorId?: string;
                /** @description An action, or a family of actions with `.*` */
                action?: string;
                targetType?: string;
                targetId?: string;
                /** @description Inclusive lower bound */
                from?: string;
                /** @description Exclusive upper bound; later than `from` */
                to?: string;
                format?: "ndjson" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every matching row, newest first, as an attachment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                    "text/csv": string;
                };
            };
        };
    };
    Auth_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthSessionDto"];
                };
            };
        };
    };
    Auth_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Auth_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signed-in user, tenant, role and memberships */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionInfoDto"];
                };
            };
        };
    };
    Auth_refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshDto"];
            };
        };
        responses: {
            /** @description Rotates the refresh token */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthSessionDto"];
                };
            };
        };
    };
    Auth_signup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignupDto"];
            };
        };
        responses: {
            /** @description Creates a user and a tenant they own */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthSessionDto"];
                };
            };
        };
    };
    Auth_switchTenant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SwitchTenantDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthSessionDto"];
                };
            };
        };
    };
    Events_publish: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublishEventDto"];
            };
        };
        responses: {
            /** @description Runs resumed and started (queued); a repeated id answers the first result */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublishedEventDto"];
                };
            };
        };
    };
    Flows_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description Part of the name, case-insensitive */
                q?: string;
                /** @description Only flows carrying this tag */
                tag?: string;
                status?: "active" | "archived";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Most recently changed first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowPageDto"];
                };
            };
        };
    };
    Flows_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateFlowDto"];
            };
        };
        responses: {
            /** @description The flow with its draft v1 and the draft’s problems */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedFlowDto"];
                };
            };
        };
    };
    Flows_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowDto"];
                };
            };
        };
    };
    Flows_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateFlowDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowDto"];
                };
            };
        };
    };
    Flows_archive: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Archived flows are read-only (idempotent) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowDto"];
                };
            };
        };
    };
    FlowVersions_diff: {
        parameters: {
            query: {
                /** @description A version number or "draft" */
                from: string;
                /** @description A version number or "draft" */
                to: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Steps added / removed / changed, edges added / removed, settings changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowDiffDto"];
                };
            };
        };
    };
    FlowDrafts_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The draft with its problems; ETag: "<revision>" */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowDraftDto"];
                };
            };
        };
    };
    FlowDrafts_save: {
        parameters: {
            query?: never;
            header: {
                /** @description The draft’s ETag ("<revision>"); * overwrites whatever is there. Missing: 428; stale: 412. */
                "If-Match": string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SaveDraftDto"];
            };
        };
        responses: {
            /** @description The saved draft; ETag: its new revision */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowDraftDto"];
                };
            };
        };
    };
    FlowDrafts_apply: {
        parameters: {
            query?: never;
            header: {
                /** @description The draft’s ETag ("<revision>"); * overwrites whatever is there. Missing: 428; stale: 412. */
                "If-Match": string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApplyOperationsDto"];
            };
        };
        responses: {
            /** @description The draft after the operations; ETag: its new revision */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowDraftDto"];
                };
            };
        };
    };
    FlowVersions_publish: {
        parameters: {
            query?: never;
            header?: {
                /** @description Publish only if the draft is still at this revision (412 if not) */
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublishFlowDto"];
            };
        };
        responses: {
            /** @description The new published version; 422 flow.invalid_definition lists the problems */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowVersionDto"];
                };
            };
        };
    };
    FlowVersions_rollback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RollbackFlowDto"];
            };
        };
        responses: {
            /** @description A copy of the version, published as the next number */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowVersionDto"];
                };
            };
        };
    };
    Runs_listOfFlow: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description Repeat the parameter or separate values with commas */
                status?: ("queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | "timed_out")[];
                /** @description Repeat the parameter or separate values with commas */
                trigger?: ("manual" | "api" | "webhook" | "schedule" | "event" | "subflow" | "retry")[];
                /** @description Created at or after (inclusive) */
                from?: string;
                /** @description Created before (exclusive) */
                to?: string;
                /** @description true: only test runs of drafts; false: no test runs */
                isTest?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The flow’s runs, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunPageDto"];
                };
            };
        };
    };
    Runs_start: {
        parameters: {
            query?: never;
            header?: {
                /** @description Same key + same body → the same run (200); another body → 422 idempotency.key_reused */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StartRunDto"];
            };
        };
        responses: {
            /** @description The run finished within `wait`, or the key was replayed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunDetailDto"];
                };
            };
            /** @description The run is queued or in progress */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunAcceptedDto"];
                };
            };
        };
    };
    Triggers_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The flow’s triggers, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerListDto"];
                };
            };
        };
    };
    Triggers_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTriggerDto"];
            };
        };
        responses: {
            /** @description The trigger with its token (shown once) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerWithTokenDto"];
                };
            };
        };
    };
    Flows_unarchive: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Idempotent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowDto"];
                };
            };
        };
    };
    FlowVersions_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first, the draft included, without definitions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowVersionPageDto"];
                };
            };
        };
    };
    FlowVersions_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                number: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowVersionDetailDto"];
                };
            };
        };
    };
    Invitations_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Pending invitations, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationPageDto"];
                };
            };
        };
    };
    Invitations_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateInvitationDto"];
            };
        };
        responses: {
            /** @description The invitation and its one-time token */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedInvitationDto"];
                };
            };
        };
    };
    Invitations_accept: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcceptInvitationDto"];
            };
        };
        responses: {
            /** @description Joins the tenant and signs in to it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthSessionDto"];
                };
            };
        };
    };
    Invitations_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked (idempotent) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Members_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberPageDto"];
                };
            };
        };
    };
    Members_leave: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller leaves the tenant; their sessions here end */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Members_transfer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TransferOwnershipDto"];
            };
        };
        responses: {
            /** @description The new owner; the caller becomes admin */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberDto"];
                };
            };
        };
    };
    Members_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed; their sessions in this tenant end */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Members_changeRole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangeRoleDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberDto"];
                };
            };
        };
    };
    Runs_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description Repeat the parameter or separate values with commas */
                status?: ("queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | "timed_out")[];
                /** @description Repeat the parameter or separate values with commas */
                trigger?: ("manual" | "api" | "webhook" | "schedule" | "event" | "subflow" | "retry")[];
                /** @description Created at or after (inclusive) */
                from?: string;
                /** @description Created before (exclusive) */
                to?: string;
                /** @description true: only test runs of drafts; false: no test runs */
                isTest?: boolean;
                flowId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunPageDto"];
                };
            };
        };
    };
    Runs_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run with its step runs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunDetailDto"];
                };
            };
        };
    };
    Runs_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued or waiting: cancelled at once. Running: cancel requested (cancelRequestedAt), the step in flight is aborted. Finished: 409 run.not_cancellable. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunDto"];
                };
            };
        };
    };
    RunEvents_events: {
        parameters: {
            query?: never;
            header?: {
                /** @description Resume: only step events with a higher sequence number are replayed */
                "Last-Event-ID"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Server-Sent Events, each `data:` a RunEvent: every settled step (id: its seq), the run status, then live events; the stream ends after a terminal run status. Comments every 15 s keep it open. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["RunEventDto"];
                };
            };
        };
    };
    Runs_resume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResumeRunDto"];
            };
        };
        responses: {
            /** @description A new run from the failed step of a failed run, or from `fromStep` of any finished run, reusing the recorded upstream outputs */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunDto"];
                };
            };
        };
    };
    Runs_retry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A new run of the same version with the same input */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunDto"];
                };
            };
        };
    };
    Secrets_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every secret of the tenant, newest first; no values */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecretPageDto"];
                };
            };
        };
    };
    Secrets_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSecretDto"];
            };
        };
        responses: {
            /** @description The secret, without its value */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecretDto"];
                };
            };
        };
    };
    Secrets_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The secret, without its value */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecretDto"];
                };
            };
        };
    };
    Secrets_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Secrets_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSecretDto"];
            };
        };
        responses: {
            /** @description The secret, without its value */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecretDto"];
                };
            };
        };
    };
    StepTypes_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The catalogue in palette order, with each config JSON Schema */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StepTypeListDto"];
                };
            };
        };
    };
    Tenants_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantDto"];
                };
            };
        };
    };
    Tenants_update: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTenantDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantDto"];
                };
            };
        };
    };
    Triggers_listAll: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description Only this flow’s triggers */
                flowId?: string;
                kind?: "webhook" | "schedule" | "event";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tenant’s triggers, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerPageDto"];
                };
            };
        };
    };
    Triggers_previewSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SchedulePreviewDto"];
            };
        };
        responses: {
            /** @description The schedule’s next five fire times */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchedulePreviewResultDto"];
                };
            };
        };
    };
    Triggers_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerDto"];
                };
            };
        };
    };
    Triggers_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted; its URL answers 404 from now on */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Triggers_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTriggerDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerDto"];
                };
            };
        };
    };
    Triggers_rotate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A new token (shown once); the old one stops working */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerWithTokenDto"];
                };
            };
        };
    };
    Usage_get: {
        parameters: {
            query?: {
                /** @description First UTC day (inclusive); 29 days before `to` by default */
                from?: string;
                /** @description Last UTC day (inclusive); today by default */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Usage per UTC day with the quotas in force (admins) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageDto"];
                };
            };
        };
    };
    WebhookDeliveries_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery, its payload and every attempt */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryDetailDto"];
                };
            };
        };
    };
    WebhookDeliveries_redeliver: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Due now; the worker sends it next */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryDto"];
                };
            };
        };
    };
    WebhookEndpoints_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every endpoint of the tenant, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointPageDto"];
                };
            };
        };
    };
    WebhookEndpoints_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookEndpointDto"];
            };
        };
        responses: {
            /** @description The endpoint and its signing secret, shown once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecretDto"];
                };
            };
        };
    };
    WebhookEndpoints_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointDto"];
                };
            };
        };
    };
    WebhookEndpoints_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted, with its deliveries */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    WebhookEndpoints_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookEndpointDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointDto"];
                };
            };
        };
    };
    WebhookEndpoints_deliveriesOf: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery log, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryPageDto"];
                };
            };
        };
    };
    WebhookEndpoints_rotateSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A new signing secret, shown once; the previous one keeps signing for 24 h */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecretDto"];
                };
            };
        };
    };
}
