import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  DATA_SOURCE,
  inTenant,
  loadStoredSecrets,
  LOGGER,
  SecretDecryptionError,
  SecretsCipher,
  touchSecretsUsed,
  type AppConfig,
  type Logger,
} from '@stepline/server';
import type { DataSource } from 'typeorm';

/** A tenant's decrypted secrets by name. Shared between runs while cached: never mutate it. */
export type TenantSecrets = ReadonlyMap<string, string>;

interface Entry {
  expiresAt: number;
  secrets: Promise<TenantSecrets>;
}

/** Tenants held at once; the oldest entry goes first beyond it (a bound, not an LRU). */
const MAX_TENANTS = 10_000;
/** How often one worker writes `last_used_at` of one secret at most (the SQL throttles too). */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * The decrypted secrets of a tenant for its runs. Reads the tenant's ciphertexts inside its RLS
 * scope and decrypts them with the configured keys; the result is cached per tenant for
 * `SECRETS_CACHE_TTL_MS` (5 s by default), so a busy tenant's steps do not decrypt per step, and
 * concurrent callers share one read. A change through the API reaches workers within the TTL.
 *
 * Runner wiring (apps/worker/src/runs, owned by the engine):
 *   const secrets = await provider.forTenant(run.tenantId);      // once per job
 *   context.secrets = secretsObject(secrets);                     // `{{ secrets.NAME }}`
 *   const mask = valuesForMasking(secrets);                       // for maskSecrets(value, mask)
 *   http executor: secretOf = (name) => secrets.get(name)         // auth from a secret
 *   provider.touchUsed(run.tenantId, namesUsed)                   // optional, fire and forget
 * Values stay in this process: never put them in job payloads, events or logs unmasked.
 */
@Injectable()
export class SecretsProvider {
  private readonly cipher: SecretsCipher;
  private readonly ttlMs: number;
  private readonly cache = new Map<string, Entry>();
  private readonly touched = new Map<string, number>();

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.cipher = new SecretsCipher(config.secrets);
    this.ttlMs = config.secrets.cacheTtlMs;
  }

  /**
   * Every secret of the tenant that decrypts. One that does not (its key was removed from
   * SECRETS_KEYS, or the row was tampered with) is left out and logged by name — a step that
   * refers to it then fails as for a missing secret, and the other secrets keep working.
   */
  forTenant(tenantId: string): Promise<TenantSecrets> {
    const now = this.now();
    const cached = this.cache.get(tenantId);
    if (cached && cached.expiresAt > now) return cached.secrets;
    const secrets = this.load(tenantId);
    this.cache.delete(tenantId);
    this.cache.set(tenantId, { expiresAt: now + this.ttlMs, secrets });
    if (this.cache.size > MAX_TENANTS) this.cache.delete(this.cache.keys().next().value as string);
    // A failed read is not cached: the next caller tries again.
    secrets.catch(() => {
      if (this.cache.get(tenantId)?.secrets === secrets) this.cache.delete(tenantId);
    });
    return secrets;
  }

  /** Forget cached secrets (one tenant, or all), e.g. after a test changed them. */
  invalidate(tenantId?: string): void {
    if (tenantId === undefined) this.cache.clear();
    else this.cache.delete(tenantId);
  }

  /**
   * Records that runs used these secrets (`last_used_at`, shown in the admin list). Writes each
   * secret at most once a minute per worker; errors are logged, never thrown, so the caller may
   * fire and forget.
   */
  async touchUsed(tenantId: string, names: Iterable<string>): Promise<void> {
    const now = this.now();
    const due = [...new Set(names)].filter((name) => {
      const key = `${tenantId}\u0000${name}`;
      if ((this.touched.get(key) ?? -Infinity) > now - TOUCH_INTERVAL_MS) return false;
      this.touched.set(key, now);
      return true;
    });
    if (this.touched.size > MAX_TENANTS * 10) this.touched.clear();
    if (due.length === 0) return;
    try {
      await inTenant(this.db, tenantId, (m) => touchSecretsUsed(m, tenantId, due, TOUCH_INTERVAL_MS / 1000));
    } catch (error) {
      this.logger.warn({ tenantId, err: (error as Error).message }, 'could not record secret use');
    }
  }

  /** The clock of the cache; tests replace it rather than sleep. */
  protected now(): number {
    return Date.now();
  }

  protected async load(tenantId: string): Promise<TenantSecrets> {
    const stored = await inTenant(this.db, tenantId, (m) => loadStoredSecrets(m, tenantId));
    const secrets = new Map<string, string>();
    for (const s of stored) {
      try {
        secrets.set(s.name, this.cipher.decrypt(s, { tenantId, name: s.name }));
      } catch (error) {
        if (!(error instanceof SecretDecryptionError)) throw error;
        this.logger.error(
          { tenantId, secretName: s.name, keyId: s.keyId, reason: error.reason },
          'secret could not be decrypted; runs of this tenant see it as missing',
        );
      }
    }
    return secrets;
  }
}

/**
 * The values to pass to `maskSecrets`: distinct, longest first, so a secret that contains another
 * is masked whole rather than leaving its remainder visible.
 */
export function valuesForMasking(secrets: TenantSecrets): string[] {
  return [...new Set(secrets.values())].sort((a, b) => b.length - a.length);
}

/**
 * The `secrets` of an expression context: a frozen object without prototype, so `secrets.NAME`
 * finds only secrets (never `constructor` or `__proto__`) and no expression can change it.
 */
export function secretsObject(secrets: TenantSecrets): Readonly<Record<string, string>> {
  const object: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of secrets) object[name] = value;
  return Object.freeze(object);
}
