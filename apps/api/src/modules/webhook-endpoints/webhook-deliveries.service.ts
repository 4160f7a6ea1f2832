import { Inject, Injectable } from '@nestjs/common';
import { actorOf, AppError, type Principal } from '@stepline/domain';
import {
  DATA_SOURCE,
  findWebhookDelivery,
  findWebhookEndpoint,
  inTenant,
  listWebhookDeliveries,
  redeliverWebhookDelivery,
  type WebhookDeliveryDetail,
  type WebhookDeliveryRecord,
} from '@stepline/server';
import type { DataSource } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { keysetAfter } from '../../common/http/keyset-page.js';
import { encodeCursor, type Page } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import type { WebhookDeliveryDetailView, WebhookDeliveryView } from './webhook-endpoints.types.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toWebhookDeliveryView = (r: WebhookDeliveryRecord): WebhookDeliveryView => ({
  id: r.id,
  endpointId: r.endpointId,
  eventType: r.eventType,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: iso(r.nextAttemptAt),
  lastStatusCode: r.lastStatusCode,
  lastError: r.lastError,
  deliveredAt: iso(r.deliveredAt),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const toDetailView = (r: WebhookDeliveryDetail): WebhookDeliveryDetailView => ({
  ...toWebhookDeliveryView(r),
  payload: r.payload,
  attemptLog: r.attemptLog.map((a) => ({
    attempt: a.attempt,
    startedAt: a.startedAt.toISOString(),
    durationMs: a.durationMs,
    statusCode: a.statusCode,
    error: a.error,
    responseExcerpt: a.responseExcerpt,
  })),
});

/** The delivery log of the tenant's endpoints, and manual redelivery. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Newest first; an endpoint of another tenant is 404 like an unknown one. */
  async list(
    principal: Principal,
    endpointId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<WebhookDeliveryView>> {
    const after = keysetAfter(cursor);
    const { tenantId } = principal;
    const { rows, nextKey } = await inTenant(this.db, tenantId, async (m) => {
      await findWebhookEndpoint(m, tenantId, endpointId);
      return listWebhookDeliveries(m, tenantId, endpointId, {
        after: after.t && after.id ? { t: after.t, id: after.id } : null,
        limit,
      });
    });
    return { data: rows.map(toWebhookDeliveryView), nextCursor: nextKey && encodeCursor(nextKey) };
  }

  get(principal: Principal, id: string): Promise<WebhookDeliveryDetailView> {
    return inTenant(this.db, principal.tenantId, async (m) =>
      toDetailView(await findWebhookDelivery(m, principal.tenantId, id)),
    );
  }

  /**
   * One more attempt, now, whatever the delivery's status (same `webhook-id`, so a receiver that
   * got it already can tell). Refused while an attempt is in flight or the endpoint is disabled.
   */
  async redeliver(principal: Principal, id: string, meta: RequestMeta): Promise<WebhookDeliveryView> {
    const { tenantId } = principal;
    return inTenant(this.db, tenantId, async (m) => {
      const done = await redeliverWebhookDelivery(m, tenantId, id);
      if (done.outcome === 'endpoint_disabled') {
        throw new AppError('resource.conflict', 'The endpoint is disabled; enable it before redelivering');
      }
      if (done.outcome === 'in_flight') {
        throw new AppError('resource.conflict', 'An attempt of this delivery is in flight');
      }
      const { before, after } = done;
      await this.audit.record(m, {
        tenantId,
        actor: actorOf(principal),
        action: 'webhook_delivery.redelivered',
        target: { type: 'webhook_delivery', id },
        before: { status: before.status, attempts: before.attempts },
        after: { endpointId: before.endpointId, eventType: before.eventType },
        meta,
      });
      return toWebhookDeliveryView(after);
    });
  }
}
