import { Inject, Injectable } from '@nestjs/common';
import { actorOf, AppError, type ApiKeyScope, type Principal } from '@stepline/domain';
import { APP_CONFIG, DATA_SOURCE, hashToken, inTenant, randomToken, type AppConfig } from '@stepline/server';
import type { DataSource } from 'typeorm';
import { API_KEY_PREFIX } from '../../common/auth/principal.resolver.js';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { keysetAfter, keysetPage } from '../../common/http/keyset-page.js';
import { RateLimiter } from '../../common/http/rate-limiter.service.js';
import type { Page } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import type { ApiKeyView, CreateApiKeyInput, CreatedApiKey } from './api-keys.types.js';

/** `sl_live_` and four characters of the secret: enough to tell keys apart, far too little to guess one. */
const PREFIX_LENGTH = 12;
const CURSOR_TIME = `date_trunc('milliseconds', created_at)`;
const COLUMNS = `id, name, prefix, scopes, expires_at, last_used_at, revoked_at, created_at`;

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
const toApiKey = (r: ApiKeyRow): ApiKeyView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes,
  expiresAt: iso(r.expires_at),
  lastUsedAt: iso(r.last_used_at),
  revokedAt: iso(r.revoked_at),
  createdAt: r.created_at.toISOString(),
});

/** API keys of the current tenant. The key is shown once; only its SHA-256 is stored. */
@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(principal: Principal, input: CreateApiKeyInput, meta: RequestMeta): Promise<CreatedApiKey> {
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw AppError.validation([
        { path: '/expiresAt', code: 'field.future', message: 'expiresAt must be in the future' },
      ]);
    }
    await this.limiter.hit({
      bucket: 'apikeys:tenant',
      key: principal.tenantId,
      max: this.config.tenantLimits.apiKeysPerHour,
      windowSeconds: 3600,
      code: 'quota.exceeded',
      message: 'Too many API keys created in this tenant in the last hour',
    });
    const key = `${API_KEY_PREFIX}${randomToken(32)}`;
    const prefix = key.slice(0, PREFIX_LENGTH);
    return inTenant(this.db, principal.tenantId, async (m) => {
      const rows: ApiKeyRow[] = await m.query(
        `INSERT INTO api_keys (tenant_id, name, prefix, key_hash, scopes, expires_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [
          principal.tenantId,
          input.name.trim(),
          prefix,
          hashToken(key),
          input.scopes,
          expiresAt,
          principal.kind === 'user' ? principal.userId : null,
        ],
      );
      const view = toApiKey(rows[0]);
      await this.audit.record(m, {
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'apikey.created',
        target: { type: 'api_key', id: view.id },
        after: { name: view.name, prefix, scopes: view.scopes, expiresAt: view.expiresAt },
        meta,
      });
      return { ...view, key };
    });
  }

  /** Every key, revoked and expired ones included, newest first. */
  async list(principal: Principal, limit: number, cursor?: string): Promise<Page<ApiKeyView>> {
    const after = keysetAfter(cursor);
    const rows: ApiKeyRow[] = await inTenant(this.db, principal.tenantId, (m) =>
      m.query(
        `SELECT ${COLUMNS} FROM api_keys
          WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR (${CURSOR_TIME}, id) < ($2::timestamptz, $3::uuid))
          ORDER BY ${CURSOR_TIME} DESC, id DESC LIMIT $4`,
        [principal.tenantId, after.t, after.id, limit + 1],
      ),
    );
    const page = keysetPage(rows, limit, (r) => ({ t: r.created_at.toISOString(), id: r.id }));
    return { data: page.data.map(toApiKey), nextCursor: page.nextCursor };
  }

  /** Idempotent: revoking a revoked key changes nothing and records nothing. */
  async revoke(principal: Principal, id: string, meta: RequestMeta): Promise<void> {
    await inTenant(this.db, principal.tenantId, async (m) => {
      const found: Array<{ id: string }> = await m.query(
        `SELECT id FROM api_keys WHERE tenant_id = $1 AND id = $2`,
        [principal.tenantId, id],
      );
      if (!found[0]) throw AppError.notFound('API key');
      // Wrapped in a SELECT so the driver answers rows (for a bare UPDATE it answers [rows, count]).
      const revoked: Array<{ name: string; prefix: string }> = await m.query(
        `WITH r AS (UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING name, prefix)
         SELECT name, prefix FROM r`,
        [id],
      );
      if (!revoked[0]) return;
      await this.audit.record(m, {
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'apikey.revoked',
        target: { type: 'api_key', id },
        before: { name: revoked[0].name, prefix: revoked[0].prefix },
        meta,
      });
    });
  }
}
