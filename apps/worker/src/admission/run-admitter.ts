import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  admitPending,
  APP_CONFIG,
  DATA_SOURCE,
  inTenant,
  LOGGER,
  tenantsPendingAdmission,
  wakeRunJob,
  type AppConfig,
  type Logger,
} from '@stepline/server';
import type { Queue } from 'bullmq';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { RUNS_QUEUE } from '../runs/runs-queue.provider.js';

/** Tenants one poll looks at; more wait for the next poll (or their own notification). */
const POLL_TENANTS = 1_000;
const CHANNEL = 'run_admission';
/** A lost listener connection is opened again after this long. */
const RELISTEN_MS = 5_000;

/**
 * The admitter (docs/adr/0007-fair-admission.md): gives the runs that wait for a slot of their
 * tenant (`admission = 'pending'`, no job) a slot as one frees, oldest first, and enqueues them.
 *
 * Woken two ways: a run holding a slot that ends or parks notifies `run_admission` with its tenant
 * (the runs trigger, only when the tenant has runs pending), so the next run is admitted within a
 * round trip; and a poll every `ADMISSION_POLL_INTERVAL_MS` over every tenant with pending runs,
 * which repairs a lost notification or a crash between a commit and an enqueue. Every worker runs
 * one; the per-tenant admission lock makes concurrent passes admit each run once and never past
 * the cap. Tenants are passed one after the other, each bounded by its own free slots: no tenant's
 * backlog can hold up another's admission.
 */
@Injectable()
export class RunAdmitter implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private listener?: pg.Client;
  private closed = false;
  /** Tenants to pass, in arrival order; a tenant already queued is not added twice. */
  private readonly due = new Set<string>();
  private draining?: Promise<void>;
  private relistening?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(RUNS_QUEUE) private readonly queue: Queue,
  ) {}

  async onModuleInit(): Promise<void> {
    this.timer = setInterval(() => void this.poll(), this.config.quotas.admissionPollMs).unref();
    await this.listen().catch((error: unknown) => {
      this.logger.warn({ err: String(error) }, 'admission notifications unavailable; polling meanwhile');
      this.relisten();
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.relistening);
    await this.listener?.end().catch(() => undefined);
    await this.draining;
  }

  /** One poll: every tenant with pending runs gets a pass. Answers when they are done. */
  async poll(): Promise<void> {
    try {
      for (const tenantId of await tenantsPendingAdmission(this.db, POLL_TENANTS)) this.due.add(tenantId);
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'admission poll failed; it will run again');
    }
    await this.drain();
  }

  /** Asks for a pass over the tenant's pending runs (coalesced with one already asked for). */
  wake(tenantId: string): Promise<void> {
    this.due.add(tenantId);
    return this.drain();
  }

  private drain(): Promise<void> {
    if (!this.draining) {
      // Assigned before the loop's first await: a drain that finds nothing to do ends at once.
      this.draining = Promise.resolve().then(async () => {
        try {
          while (this.due.size > 0 && !this.closed) {
            const [tenantId] = this.due;
            this.due.delete(tenantId as string);
            await this.admit(tenantId as string);
          }
        } finally {
          this.draining = undefined;
        }
      });
    }
    return this.draining;
  }

  /** One tenant: admit into its free slots, then enqueue what was admitted. Answers how many. */
  async admit(tenantId: string): Promise<number> {
    try {
      const admitted = await inTenant(this.db, tenantId, (m) =>
        admitPending(m, tenantId, this.config.quotas.defaults),
      );
      // Pipelined: a pass after a burst of finishes admits many at once. A new run gets its job;
      // a resumed one (it waited for its slot still `waiting`) has its parked job promoted or re-added.
      await Promise.all(
        admitted.map((runId) =>
          // A lost add leaves the run `queued`/`running` holding its slot: the run sweeper enqueues it.
          wakeRunJob(this.queue, tenantId, runId).catch((error: unknown) =>
            this.logger.warn({ runId, err: String(error) }, 'admitted run not enqueued; the sweeper will'),
          ),
        ),
      );
      return admitted.length;
    } catch (error) {
      this.logger.warn({ tenantId, err: String(error) }, 'admission pass failed; the next poll retries');
      return 0;
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl });
    client.on('error', (error) => {
      this.logger.warn({ err: String(error) }, 'admission listener lost; polling until it reconnects');
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
      this.relisten();
    });
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload) void this.wake(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) await client.end().catch(() => undefined);
    else this.listener = client;
  }

  /** Tries the listener again later; the poll covers the gap (and any notification missed in it). */
  private relisten(): void {
    if (this.closed || this.relistening) return;
    this.relistening = setTimeout(() => {
      this.relistening = undefined;
      if (this.closed || this.listener) return;
      this.listen().catch(() => this.relisten());
    }, RELISTEN_MS).unref();
  }
}
