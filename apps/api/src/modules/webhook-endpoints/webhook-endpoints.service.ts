import { Inject, Injectable } from '@nestjs/common';
import {
  actorOf,
  AppError,
  isWebhookEventType,
  WEBHOOK_ALL_EVENTS,
  WEBHOOK_SECRET_BYTES,
  WEBHOOK_SECRET_OVERLAP_MS,
  WEBHOOK_SECRET_PREFIX,
  type FieldProblem,
  type Principal,
} from '@stepline/domain';
import {
  AddressPolicy,
  APP_CONFIG,
  DATA_SOURCE,
  deleteWebhookEndpoint,
  findWebhookEndpoint,
  inTenant,
  insertWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookEndpointSecret,
  SecretsCipher,
  updateWebhookEndpoint,
  webhookEndpointSecretBinding,
  type AppConfig,
  type WebhookEndpointRecord,
} from '@stepline/server';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { keysetAfter } from '../../common/http/keyset-page.js';
import { encodeCursor, type Page } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import { webhookUrlProblems } from './webhook-endpoint-url.js';
import type {
  CreateWebhookEndpointInput,
  UpdateWebhookEndpointInput,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
} from './webhook-endpoints.types.js';

export const toWebhookEndpointView = (r: WebhookEndpointRecord): WebhookEndpointView => ({
  id: r.id,
  url: r.url,
  description: r.description,
  eventTypes: r.eventTypes,
  enabled: r.enabled,
  disabledReason: r.disabledReason,
  previousSecretExpiresAt: r.previousSecretExpiresAt?.toISOString() ?? null,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** `*` alone, or known event types (duplicates dropped). */
export function eventTypeProblems(eventTypes: readonly string[] | undefined): FieldProblem[] {
  if (eventTypes === undefined) return [];
  const problem = (message: string, path = '/eventTypes'): FieldProblem[] => [
    { path, code: 'field.invalid', message },
  ];
  if (!Array.isArray(eventTypes) || eventTypes.length === 0) return problem('eventTypes must not be empty');
  for (const [i, t] of eventTypes.entries()) {
    if (t !== WEBHOOK_ALL_EVENTS && !isWebhookEventType(t)) {
      return problem(`unknown event type "${String(t).slice(0, 64)}"`, `/eventTypes/${i}`);
    }
  }
  if (eventTypes.includes(WEBHOOK_ALL_EVENTS) && eventTypes.length > 1) {
    return problem('"*" subscribes to every event type and stands alone');
  }
  return [];
}

const newSigningSecret = () =>
  `${WEBHOOK_SECRET_PREFIX}${randomBytes(WEBHOOK_SECRET_BYTES).toString('base64')}`;

/** What audit rows say of an endpoint (never a secret). */
const described = (r: WebhookEndpointRecord) => ({
  url: r.url,
  description: r.description,
  eventTypes: r.eventTypes,
  enabled: r.enabled,
});

/**
 * Outgoing webhook endpoints of the current tenant. Signing secrets are generated here, encrypted
 * (bound to tenant and endpoint) before the transaction starts, and answered once; no view carries
 * them afterwards. Deliveries: `webhook-deliveries.service.ts`; sending: the worker.
 */
@Injectable()
export class WebhookEndpointsService {
  /** The outbound allow-list, the worker's policy: plain http only to addresses it opens. */
  private readonly outbound: AddressPolicy;

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly cipher: SecretsCipher,
    private readonly audit: AuditService,
  ) {
    this.outbound = new AddressPolicy(config.outbound.allowCidrs);
  }

  private check(input: { url?: string; eventTypes?: string[] }): void {
    const problems = [
      ...(input.url === undefined ? [] : webhookUrlProblems(input.url, this.outbound)),
      ...eventTypeProblems(input.eventTypes),
    ];
    if (problems.length) throw AppError.validation(problems);
  }

  async create(
    principal: Principal,
    input: CreateWebhookEndpointInput,
    meta: RequestMeta,
  ): Promise<WebhookEndpointWithSecret> {
    this.check(input);
    const { tenantId } = principal;
    const id = randomUUID();
    const secret = newSigningSecret();
    const encrypted = this.cipher.encrypt(secret, webhookEndpointSecretBinding(tenantId, id));
    return inTenant(this.db, tenantId, async (m) => {
      const created = await insertWebhookEndpoint(m, {
        id,
        tenantId,
        url: input.url,
        description: input.description ?? null,
        eventTypes: [...new Set(input.eventTypes)],
        enabled: input.enabled ?? true,
        secret: encrypted,
        createdBy: principal.kind === 'user' ? principal.userId : null,
      });
      await this.audit.record(m, {
        tenantId,
        actor: actorOf(principal),
        action: 'webhook_endpoint.created',
        target: { type: 'webhook_endpoint', id },
        after: described(created),
        meta,
      });
      return { endpoint: toWebhookEndpointView(created), secret };
    });
  }

  /** Newest first. */
  async list(principal: Principal, limit: number, cursor?: string): Promise<Page<WebhookEndpointView>> {
    const after = keysetAfter(cursor);
    const { rows, nextKey } = await inTenant(this.db, principal.tenantId, (m) =>
      listWebhookEndpoints(m, principal.tenantId, {
        after: after.t && after.id ? { t: after.t, id: after.id } : null,
        limit,
      }),
    );
    return { data: rows.map(toWebhookEndpointView), nextCursor: nextKey && encodeCursor(nextKey) };
  }

  get(principal: Principal, id: string): Promise<WebhookEndpointView> {
    return inTenant(this.db, principal.tenantId, async (m) =>
      toWebhookEndpointView(await findWebhookEndpoint(m, principal.tenantId, id)),
    );
  }

  /** Changes what is given; giving nothing new changes and records nothing. */
  async update(
    principal: Principal,
    id: string,
    input: UpdateWebhookEndpointInput,
    meta: RequestMeta,
  ): Promise<WebhookEndpointView> {
    this.check(input);
    const { tenantId } = principal;
    return inTenant(this.db, tenantId, async (m) => {
      const current = await findWebhookEndpoint(m, tenantId, id, { lock: true });
      const eventTypes = input.eventTypes && [...new Set(input.eventTypes)];
      const description = input.description === undefined ? undefined : (input.description ?? null);
      const change = {
        url: input.url !== undefined && input.url !== current.url ? input.url : undefined,
        description:
          description !== undefined && description !== current.description ? description : undefined,
        eventTypes:
          eventTypes && eventTypes.join('\n') !== current.eventTypes.join('\n') ? eventTypes : undefined,
        enabled: input.enabled !== undefined && input.enabled !== current.enabled ? input.enabled : undefined,
      };
      const changed = Object.entries(change).filter(([, v]) => v !== undefined);
      if (changed.length === 0) return toWebhookEndpointView(current);
      const updated = await updateWebhookEndpoint(m, tenantId, id, change);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const [key] of changed) {
        before[key] = described(current)[key as keyof ReturnType<typeof described>];
        after[key] = described(updated)[key as keyof ReturnType<typeof described>];
      }
      await this.audit.record(m, {
        tenantId,
        actor: actorOf(principal),
        action: 'webhook_endpoint.updated',
        target: { type: 'webhook_endpoint', id },
        before,
        after,
        meta,
      });
      return toWebhookEndpointView(updated);
    });
  }

  /**
   * A new signing secret, answered once. The one it replaces keeps signing for 24 h (deliveries
   * carry both signatures), so receivers can switch without losing a delivery.
   */
  async rotateSecret(
    principal: Principal,
    id: string,
    meta: RequestMeta,
  ): Promise<WebhookEndpointWithSecret> {
    const { tenantId } = principal;
    const secret = newSigningSecret();
    const encrypted = this.cipher.encrypt(secret, webhookEndpointSecretBinding(tenantId, id));
    return inTenant(this.db, tenantId, async (m) => {
      const rotated = await rotateWebhookEndpointSecret(
        m,
        tenantId,
        id,
        encrypted,
        WEBHOOK_SECRET_OVERLAP_MS,
      );
      await this.audit.record(m, {
        tenantId,
        actor: actorOf(principal),
        action: 'webhook_endpoint.secret_rotated',
        target: { type: 'webhook_endpoint', id },
        after: { previousSecretExpiresAt: rotated.previousSecretExpiresAt?.toISOString() ?? null },
        meta,
      });
      return { endpoint: toWebhookEndpointView(rotated), secret };
    });
  }

  /** Its deliveries (and their log) go with it. */
  async delete(principal: Principal, id: string, meta: RequestMeta): Promise<void> {
    const { tenantId } = principal;
    await inTenant(this.db, tenantId, async (m) => {
      const deleted = await deleteWebhookEndpoint(m, tenantId, id);
      await this.audit.record(m, {
        tenantId,
        actor: actorOf(principal),
        action: 'webhook_endpoint.deleted',
        target: { type: 'webhook_endpoint', id },
        before: described(deleted),
        meta,
      });
    });
  }
}
