import { Inject, Injectable } from '@nestjs/common';
import { actorOf, AppError, QUOTA_KEYS, type Principal } from '@stepline/domain';
import { DATA_SOURCE, inTenant, RunStartLimiter, type TenantSettings } from '@stepline/server';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { AuditService } from '../audit/audit.service.js';
import type { TenantView, UpdateTenantInput } from './tenants.types.js';

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  settings: TenantSettings;
  created_at: Date;
}

const SETTING_KEYS = ['retentionDays', ...QUOTA_KEYS] as const;

const toTenant = (r: TenantRow): TenantView => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  settings: r.settings,
  createdAt: r.created_at.toISOString(),
});

/** Only the settings this version knows; the DTOs already refuse others, this keeps the column clean. */
const knownSettings = (s: TenantSettings | undefined): TenantSettings =>
  Object.fromEntries(SETTING_KEYS.filter((k) => s?.[k] !== undefined).map((k) => [k, s?.[k]]));

/** The tenant of the credential: its name and settings. */
@Injectable()
export class TenantsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly limiter: RunStartLimiter,
  ) {}

  get(principal: Principal): Promise<TenantView> {
    return inTenant(this.db, principal.tenantId, async (m) =>
      toTenant(await this.load(m, principal.tenantId, false)),
    );
  }

  async update(principal: Principal, input: UpdateTenantInput, meta: RequestMeta): Promise<TenantView> {
    const updated = await inTenant(this.db, principal.tenantId, async (m) => {
      const current = await this.load(m, principal.tenantId, true);
      const next: TenantRow = {
        ...current,
        name: input.name?.trim() ?? current.name,
        settings: { ...knownSettings(current.settings), ...knownSettings(input.settings) },
      };
      const before = { name: current.name, settings: current.settings };
      const after = { name: next.name, settings: next.settings };
      if (JSON.stringify(before) === JSON.stringify(after)) return toTenant(current);
      await m.query(`UPDATE tenants SET name = $2, settings = $3 WHERE id = $1`, [
        principal.tenantId,
        next.name,
        JSON.stringify(next.settings),
      ]);
      await this.audit.record(m, {
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'tenant.updated',
        target: { type: 'tenant', id: principal.tenantId },
        before,
        after,
        meta,
      });
      return toTenant(next);
    });
    // This process' starts see the new quotas at once; other processes within seconds.
    this.limiter.invalidate(principal.tenantId);
    return updated;
  }

  private async load(m: EntityManager, tenantId: string, forUpdate: boolean): Promise<TenantRow> {
    const rows: TenantRow[] = await m.query(
      `SELECT id, slug, name, settings, created_at FROM tenants WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [tenantId],
    );
    if (!rows[0]) throw AppError.notFound('Tenant');
    return rows[0];
  }
}
