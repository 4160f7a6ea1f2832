import { Inject, Injectable } from '@nestjs/common';
import { actorOf, AppError, SECRET_LIMITS, type FieldProblem, type Principal } from '@stepline/domain';
import {
  DATA_SOURCE,
  deleteSecret,
  findSecret,
  inTenant,
  insertSecret,
  listSecrets,
  lockSecret,
  REDACTED,
  SecretsCipher,
  updateSecret,
  type SecretRecord,
} from '@stepline/server';
import type { DataSource } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { keysetAfter } from '../../common/http/keyset-page.js';
import { encodeCursor, type Page } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateSecretInput, SecretView, UpdateSecretInput } from './secrets.types.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toSecretView = (r: SecretRecord): SecretView => ({
  id: r.id,
  name: r.name,
  description: r.description,
  keyId: r.keyId,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  lastUsedAt: iso(r.lastUsedAt),
});

/**
 * Transports cap the value in characters; the stored limit is in UTF-8 bytes (what the cipher and
 * the column hold), so a value of multi-byte characters is checked here too.
 */
function valueProblems(value: string | null | undefined): FieldProblem[] {
  // Every entry point (REST, GraphQL, SDK) must send a string or nothing: null is not a value.
  if (value === null) return [{ path: '/value', code: 'field.isString', message: 'value must be a string' }];
  if (value === undefined || Buffer.byteLength(value, 'utf8') <= SECRET_LIMITS.valueBytes) return [];
  return [
    {
      path: '/value',
      code: 'field.maxLength',
      message: `value must be at most ${SECRET_LIMITS.valueBytes} bytes (UTF-8)`,
    },
  ];
}

/** Audit rows say which fields changed; a value is only ever the marker, never the value. */
const described = (r: SecretRecord) => ({ name: r.name, description: r.description, keyId: r.keyId });

/**
 * Secrets of the current tenant. Values go in (create, update) and never come out of the API:
 * they are encrypted before the transaction starts and no view carries them. Only the worker
 * decrypts them, for runs (apps/worker/src/secrets).
 */
@Injectable()
export class SecretsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly cipher: SecretsCipher,
    private readonly audit: AuditService,
  ) {}

  async create(principal: Principal, input: CreateSecretInput, meta: RequestMeta): Promise<SecretView> {
    const problems = valueProblems(input.value);
    if (problems.length) throw AppError.validation(problems);
    const { tenantId } = principal;
    const value = this.cipher.encrypt(input.value, { tenantId, name: input.name });
    return inTenant(this.db, tenantId, async (m) => {
      const created = await insertSecret(m, {
        tenantId,
        name: input.name,
        description: input.description ?? null,
        value,
        createdBy: principal.kind === 'user' ? principal.userId : null,
      });
      if (!created) {
        throw new AppError('secret.name_taken', `A secret named ${input.name} already exists`, {
          problems: [{ path: '/name', code: 'secret.name_taken', message: 'name is taken' }],
        });
      }
      await this.audit.record(m, {
        tenantId,
        actor: actorOf(principal),
        action: 'secret.created',
        target: { type: 'secret', id: created.id },
        after: { ...described(created), value: REDACTED },
        meta,
      });
      return toSecretView(created);
    });
  }

  /** Newest first. */
  async list(principal: Principal, limit: number, cursor?: string): Promise<Page<SecretView>> {
    const after = keysetAfter(cursor);
    const { rows, nextKey } = await inTenant(this.db, principal.tenantId, (m) =>
      listSecrets(m, principal.tenantId, {
        after: after.t && after.id ? { t: after.t, id: after.id } : null,
        limit,
      }),
    );
    return { data: rows.map(toSecretView), nextCursor: nextKey && encodeCursor(nextKey) };
  }

  get(principal: Principal, id: string): Promise<SecretView> {
    return inTenant(this.db, principal.tenantId, async (m) =>
      toSecretView(await findSecret(m, principal.tenantId, id)),
    );
  }

  /**
   * A new value (re-encrypted under the active key) and/or description. Giving neither, or the
   * description it already has, changes nothing and records nothing.
   */
  async update(
    principal: Principal,
    id: string,
    input: UpdateSecretInput,
    meta: RequestMeta,
  ): Promise<SecretView> {
    const problems = valueProblems(input.value);
    if (problems.length) throw AppError.validation(problems);
    const { tenantId } = principal;
    return inTenant(this.db, tenantId, async (m) => {
      const current = await lockSecret(m, tenantId, id);
      const description = input.description === undefined ? undefined : (input.description ?? null);
      const descriptionChanged = description !== undefined && description !== current.description;
      if (input.value === undefined && !descriptionChanged) return toSecretView(current);
      const updated = await updateSecret(m, tenantId, id, {
        // Encrypted inside the lock: the name it is bound to cannot change meanwhile (names are fixed).
        value:
          input.value === undefined
            ? undefined
            : this.cipher.encrypt(input.value, { tenantId, name: current.name }),
        description: descriptionChanged ? description : undefined,
      });
      const before: Record<string, unknown> = { name: current.name };
      const after: Record<string, unknown> = { name: updated.name };
      if (descriptionChanged) {
        before.description = current.description;
        after.description = updated.description;
      }
      if (input.value !== undefined) {
        before.keyId = current.keyId;
        after.keyId = updated.keyId;
        after.value = REDACTED;
      }
      await this.audit.record(m, {
        tenantId,
        actor: actorOf(principal),
        action: 'secret.updated',
        target: { type: 'secret', id },
        before,
        after,
        meta,
      });
      return toSecretView(updated);
    });
  }

  /** Runs that still refer to the name fail at that step: `{{ secrets.NAME }}` resolves to nothing. */
  async delete(principal: Principal, id: string, meta: RequestMeta): Promise<void> {
    const { tenantId } = principal;
    await inTenant(this.db, tenantId, async (m) => {
      const deleted = await deleteSecret(m, tenantId, id);
      await this.audit.record(m, {
        tenantId,
        actor: actorOf(principal),
        action: 'secret.deleted',
        target: { type: 'secret', id },
        before: described(deleted),
        meta,
      });
    });
  }
}
