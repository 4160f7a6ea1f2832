import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BelongsToTenant } from './tenant-owned.js';
import type { TenantEntity } from './tenant.entity.js';

/**
 * A tenant's usage of one UTC day: runs started, step attempts and their milliseconds. Written only
 * by `refresh_usage_daily` (the worker's usage loop); see the quotas-usage migration.
 */
@Entity({ name: 'usage_daily' })
export class UsageDailyEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'PK_usage_daily' })
  tenantId!: string;

  @BelongsToTenant('usage_daily')
  tenant?: TenantEntity;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_usage_daily' })
  day!: string;

  @Column({ type: 'int', default: 0 })
  runs!: number;

  @Column({ type: 'int', default: 0 })
  steps!: number;

  @Column({ name: 'step_ms', type: 'bigint', default: 0 })
  stepMs!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
