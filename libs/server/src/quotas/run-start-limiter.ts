import { AppError, resolveQuotas, type TenantQuotas } from '@stepline/domain';
import type { Redis } from 'ioredis';
import type { DataSource, EntityManager } from 'typeorm';
import { inTenant } from '../persistence/tenant-transaction.js';
import type { Logger } from '../telemetry/logger.factory.js';

/**
 * GCRA (generic cell rate algorithm) in one Redis script: one key per tenant holding the
 * "theoretical arrival time". `limit` starts per minute, with a burst of up to a minute's worth —
 * equivalent to a sliding one-minute window without storing one entry per start. Redis' clock,
 * so every API and worker process agrees. Answers 0 (allowed) or the milliseconds to wait.
 */
const GCRA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local tau = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
if now < tat - tau then return tat - tau - now end
local nxt = tat + interval
redis.call('SET', KEYS[1], nxt, 'PX', math.ceil(nxt - now) + 1000)
return 0`;

/**
 * Gives back ARGV[2] starts taken with GCRA (ARGV[1]: the emission interval): the theoretical
 * arrival time moves back by that many intervals; at or before now the key goes (a full budget).
 */
const GCRA_REFUND = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1]))
if not tat then return 0 end
local nxt = tat - tonumber(ARGV[1]) * tonumber(ARGV[2])
if nxt <= now then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], nxt, 'PX', math.ceil(nxt - now) + 1000) end
return 0`;

const CACHE_MS = 5_000;

/**
 * The run-start gate every entry point passes before inserting a run (API start, retries and
 * resumes, webhooks, events, schedules): it reads the tenant's quotas (cached a few seconds per
 * process) and takes one start from its per-minute budget, or throws `quota.run_starts_exceeded`
 * (429) with `retryAfterSeconds` (REST `Retry-After`, GraphQL `extensions.retryAfter`).
 */
export class RunStartLimiter {
  private readonly cache = new Map<string, { quotas: TenantQuotas; until: number }>();

  constructor(
    private readonly db: DataSource,
    private readonly redis: Redis,
    private readonly defaults: TenantQuotas,
  ) {}

  /** The tenant's quotas; `m`: read inside the caller's tenant transaction on a cache miss. */
  async quotas(tenantId: string, m?: EntityManager): Promise<TenantQuotas> {
    const hit = this.cache.get(tenantId);
    if (hit && hit.until > Date.now()) return hit.quotas;
    const read = async (q: EntityManager) => {
      const rows: Array<{ settings: Record<string, unknown> | null }> = await q.query(
        `SELECT settings FROM tenants WHERE id = $1`,
        [tenantId],
      );
      return resolveQuotas(rows[0]?.settings, this.defaults);
    };
    const quotas = m ? await read(m) : await inTenant(this.db, tenantId, read);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(tenantId, { quotas, until: Date.now() + CACHE_MS });
    return quotas;
  }

  /** A ledger of the starts one request takes from the tenant's budget (see `StartLedger`). */
  ledger(tenantId: string, logger?: Logger): StartLedger {
    return new StartLedger(this, tenantId, logger);
  }

  /** Forget a tenant's cached quotas (its settings changed in this process). */
  invalidate(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  /** Takes one run start of the tenant's budget; answers its quotas. Throws 429 when used up. */
  async take(tenantId: string, m?: EntityManager): Promise<TenantQuotas> {
    const quotas = await this.quotas(tenantId, m);
    const waitMs = await this.consume(tenantId, quotas.runStartsPerMinute);
    if (waitMs > 0) {
      const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
      throw new AppError(
        'quota.run_starts_exceeded',
        `This workspace may start ${quotas.runStartsPerMinute} runs per minute; try again in ${retryAfter} s`,
        { retryAfterSeconds: retryAfter, detail: { retryAfter, limit: quotas.runStartsPerMinute } },
      );
    }
    return quotas;
  }

  /**
   * Gives back `count` starts this process took with `take` for runs that were not started after
   * all (a batch rolled back, a trigger skipped, a transaction that failed), so every started run
   * costs exactly one start. Best effort: a refund that fails is logged by the caller, never thrown
   * over the request's own outcome.
   */
  async refund(tenantId: string, count = 1): Promise<void> {
    if (count <= 0) return;
    const quotas = await this.quotas(tenantId);
    await this.redis.eval(GCRA_REFUND, 1, this.key(tenantId), 60_000 / quotas.runStartsPerMinute, count);
  }

  private key(tenantId: string): string {
    return `quota:run-starts:${tenantId}`;
  }

  private async consume(tenantId: string, perMinute: number): Promise<number> {
    const interval = 60_000 / perMinute;
    const tau = 60_000 - interval;
    const wait = await this.redis.eval(GCRA, 1, this.key(tenantId), interval, tau);
    return Number(wait);
  }
}

/**
 * The run starts one request took from its tenant's budget, and how many of them became runs. A
 * path that starts runs takes through it inside its transaction, `keep`s the starts of the runs it
 * committed, and `settle`s once the transaction ended, whatever the outcome: starts taken for runs
 * that were not started after all (a rolled-back transaction, an idempotency key or event id taken
 * meanwhile, a trigger that started nothing) go back, so every started run costs exactly one start.
 */
export class StartLedger {
  private taken = 0;
  private kept = 0;

  constructor(
    private readonly limiter: RunStartLimiter,
    readonly tenantId: string,
    /** Told of a refund that failed (best effort: never thrown over the request's own outcome). */
    private readonly logger?: Logger,
  ) {}

  /** Starts taken so far and not settled. */
  get held(): number {
    return this.taken - this.kept;
  }

  /** Counts `count` starts taken for this request elsewhere (a batch that rolled back) as held here. */
  adopt(count = 1): this {
    this.taken += count;
    return this;
  }

  /** Takes one start (throws `quota.run_starts_exceeded`, 429, when the budget is spent). */
  async take(m?: EntityManager): Promise<TenantQuotas> {
    const quotas = await this.limiter.take(this.tenantId, m);
    this.taken++;
    return quotas;
  }

  /** `count` of the starts taken belong to runs now committed. */
  keep(count = 1): void {
    this.kept = Math.min(this.taken, this.kept + count);
  }

  /** Gives back every start taken and not kept. Never throws. */
  async settle(): Promise<void> {
    const unused = this.taken - this.kept;
    this.taken = 0;
    this.kept = 0;
    if (unused <= 0) return;
    await this.limiter
      .refund(this.tenantId, unused)
      .catch((error: Error) =>
        this.logger?.warn(
          { tenantId: this.tenantId, count: unused, err: error.message },
          'run starts not given back',
        ),
      );
  }
}
