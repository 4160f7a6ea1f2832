import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  APP_CONFIG,
  claimWebhookDeliveries,
  DATA_SOURCE,
  disableGoneWebhookEndpoint,
  inTenant,
  LOGGER,
  pruneWebhookDeliveries,
  recordWebhookAttempt,
  SecretsCipher,
  type AppConfig,
  type ClaimedWebhookDelivery,
  type Logger,
} from '@stepline/server';
import type { DataSource } from 'typeorm';
import { OutboundHttpClient } from '../net/index.js';
import { attemptDelivery } from './delivery-sender.js';

/** Deliveries one poll claims (and sends concurrently). */
const BATCH = 20;
const PRUNE_BATCH = 500;
/** Pruning stops after this many batches per pass, so one pass never monopolises the database. */
const PRUNE_MAX_BATCHES = 20;
/** A lease outlives the request timeout by this much, covering the bookkeeping after it. */
const LEASE_MARGIN_MS = 30_000;
export const DELIVERY_HTTP = Symbol('DELIVERY_HTTP');

/**
 * Sends outgoing webhook deliveries. Every worker polls every `WEBHOOK_POLL_INTERVAL_MS`; a poll
 * claims due deliveries of any tenant in one statement (`claim_webhook_deliveries`: SKIP LOCKED and a
 * lease, so pollers of several workers never take the same attempt), sends them concurrently, and
 * records each attempt in its tenant's transaction. A full batch polls again at once.
 */
@Injectable()
export class DeliveryPoller implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private pruneTimer?: NodeJS.Timeout;
  private pruning = false;
  private current: Promise<number> | null = null;
  private closed = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(DELIVERY_HTTP) private readonly http: OutboundHttpClient,
    private readonly cipher: SecretsCipher,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.poll(), this.config.webhooks.pollIntervalMs).unref();
    // Same cadence as run retention, whose per-tenant setting it follows.
    this.pruneTimer = setInterval(() => void this.prune(), this.config.runs.retentionIntervalMs).unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    clearInterval(this.pruneTimer);
    await this.current?.catch(() => undefined);
    await this.http.close();
  }

  /** One poll (or joins the one running); answers how many attempts it made. */
  poll(): Promise<number> {
    if (this.current) return this.current;
    this.current = this.drain().finally(() => (this.current = null));
    return this.current;
  }

  /** Deletes settled deliveries past their tenant's retention, batch by batch; answers how many. */
  async prune(): Promise<number> {
    if (this.pruning) return 0;
    this.pruning = true;
    let total = 0;
    try {
      for (let i = 0; i < PRUNE_MAX_BATCHES && !this.closed; i++) {
        const deleted = await pruneWebhookDeliveries(this.db, PRUNE_BATCH);
        total += deleted;
        if (deleted < PRUNE_BATCH) break;
      }
      if (total > 0) this.logger.info({ pruned: total }, 'pruned webhook deliveries past retention');
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'webhook delivery pruning failed; it will run again');
    } finally {
      this.pruning = false;
    }
    return total;
  }

  private async drain(): Promise<number> {
    let total = 0;
    try {
      while (!this.closed) {
        const claimed = await claimWebhookDeliveries(
          this.db,
          BATCH,
          this.config.webhooks.requestTimeoutMs + LEASE_MARGIN_MS,
        );
        await Promise.all(claimed.map((d) => this.deliver(d)));
        total += claimed.length;
        if (claimed.length < BATCH) break;
      }
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'webhook delivery poll failed; it will run again');
    }
    return total;
  }

  private async deliver(d: ClaimedWebhookDelivery): Promise<void> {
    const { result, gone } = await attemptDelivery(d, {
      http: this.http,
      cipher: this.cipher,
      config: this.config.webhooks,
    });
    const facts = { tenantId: d.tenantId, deliveryId: d.deliveryId, attempt: d.attempt };
    try {
      const recorded = await inTenant(this.db, d.tenantId, async (m) => {
        const ok = await recordWebhookAttempt(m, d.tenantId, result);
        if (ok && gone) {
          await disableGoneWebhookEndpoint(m, d.tenantId, d.endpointId, { deliveryId: d.deliveryId });
        }
        return ok;
      });
      if (!recorded) this.logger.info(facts, 'webhook attempt superseded (redelivered or lease expired)');
      else if (gone) this.logger.warn(facts, 'webhook endpoint answered 410 Gone and was disabled');
      else
        this.logger.debug(
          { ...facts, status: result.statusCode, error: result.error, next: result.next.kind },
          'webhook attempt',
        );
    } catch (error) {
      // The lease ends and another poll retries the attempt (same webhook-id).
      this.logger.warn({ ...facts, err: String(error) }, 'recording a webhook attempt failed');
    }
  }
}
