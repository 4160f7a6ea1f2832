import type { DataSource } from 'typeorm';
import { inTenant } from '../persistence/tenant-transaction.js';
import type { EntityManager } from 'typeorm';
import {
  isSchemaOwner,
  lockSealedNotUnderKey,
  rewriteSealed,
  SEALED_COLUMNS,
  tenantIdsAfter,
  type StoredSecret,
} from '../persistence/repositories/index.js';
import { SecretDecryptionError, type EncryptedValue, type SecretsCipher } from './secrets-cipher.js';

export interface ReencryptionOptions {
  /** Secrets rewritten per transaction (default 100): short locks, bounded memory. */
  batchSize?: number;
  /** Called after each committed batch, e.g. to print progress. */
  onBatch?: (progress: { tenantId: string; reencrypted: number }) => void;
}

export interface ReencryptionFailure {
  tenantId: string;
  /** The secret's id, or the trigger's for a trigger's auth secret. */
  secretId: string;
  /** The secret's name, or `trigger:<id>` for a trigger's auth secret. */
  name: string;
  keyId: string;
  reason: SecretDecryptionError['reason'];
}

export interface ReencryptionReport {
  tenants: number;
  reencrypted: number;
  /** Secrets left as they were: their key is not configured, or their ciphertext fails authentication. */
  failed: ReencryptionFailure[];
}

const TENANT_PAGE = 500;

/** Where encrypted values live: tenant secrets, and webhook triggers' auth secrets. */
interface SealedSource {
  lock(m: EntityManager, tenantId: string, keyId: string, limit: number): Promise<StoredSecret[]>;
  rewrite(m: EntityManager, tenantId: string, id: string, value: EncryptedValue): Promise<void>;
}

// Tenant secrets, triggers' auth secrets and outgoing webhook signing secrets (current and, while a
// rotation overlaps, previous); each but a tenant secret is bound to its row (`trigger:<id>` …).
const SOURCES: SealedSource[] = Object.values(SEALED_COLUMNS).map((columns) => ({
  lock: (m, tenantId, keyId, limit) => lockSealedNotUnderKey(m, columns, tenantId, keyId, limit),
  rewrite: (m, tenantId, id, value) => rewriteSealed(m, columns, tenantId, id, value),
}));

/**
 * Rewrites every secret of every tenant — tenant secrets and webhook triggers' auth secrets —
 * under the cipher's active key, batch by batch, each batch
 * in one transaction of its tenant (a crash loses nothing: the next run continues where this one
 * stopped, since done rows are already under the active key). A secret that cannot be decrypted
 * is reported and left untouched — never dropped — so an operator can restore its key and rerun.
 * `owner` must connect as the schema owner (see secrets-maintenance.repository.ts).
 */
export async function reencryptAllSecrets(
  owner: DataSource,
  cipher: SecretsCipher,
  options: ReencryptionOptions = {},
): Promise<ReencryptionReport> {
  const batchSize = options.batchSize ?? 100;
  if (!(await owner.transaction((m) => isSchemaOwner(m)))) {
    throw new Error('re-encryption needs the schema owner connection (DATABASE_MIGRATION_URL)');
  }
  const report: ReencryptionReport = { tenants: 0, reencrypted: 0, failed: [] };
  let after: string | null = null;
  for (;;) {
    const tenantIds: string[] = await owner.transaction((m) => tenantIdsAfter(m, after, TENANT_PAGE));
    if (tenantIds.length === 0) break;
    for (const tenantId of tenantIds) {
      report.tenants++;
      for (const source of SOURCES) {
        await reencryptTenant(owner, cipher, source, tenantId, batchSize, report, options.onBatch);
      }
    }
    after = tenantIds[tenantIds.length - 1] ?? null;
  }
  return report;
}

async function reencryptTenant(
  db: DataSource,
  cipher: SecretsCipher,
  source: SealedSource,
  tenantId: string,
  batchSize: number,
  report: ReencryptionReport,
  onBatch: ReencryptionOptions['onBatch'],
): Promise<void> {
  // Undecryptable rows stay under their old key; skip them so the batches still make progress.
  const skipped = new Set<string>();
  for (;;) {
    const done = await inTenant(db, tenantId, async (m) => {
      const batch = (await source.lock(m, tenantId, cipher.activeKeyId, batchSize + skipped.size)).filter(
        (s) => !skipped.has(s.id),
      );
      let rewritten = 0;
      for (const secret of batch.slice(0, batchSize)) {
        const binding = { tenantId, name: secret.name };
        let plaintext: string;
        try {
          plaintext = cipher.decrypt(secret, binding);
        } catch (error) {
          if (!(error instanceof SecretDecryptionError)) throw error;
          skipped.add(secret.id);
          report.failed.push({
            tenantId,
            secretId: secret.id,
            name: secret.name,
            keyId: secret.keyId,
            reason: error.reason,
          });
          continue;
        }
        await source.rewrite(m, tenantId, secret.id, cipher.encrypt(plaintext, binding));
        rewritten++;
      }
      return { seen: batch.length, rewritten };
    });
    report.reencrypted += done.rewritten;
    if (done.rewritten) onBatch?.({ tenantId, reencrypted: done.rewritten });
    if (done.seen === 0) return;
  }
}
