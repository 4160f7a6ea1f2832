import { JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from './tenant.entity.js';

/**
 * The foreign key from a tenant-owned table to its tenant, named as in the migrations so the
 * schema-drift test can compare them. Apply to an optional `tenant` property beside `tenantId`.
 */
export function BelongsToTenant(table: string): PropertyDecorator {
  return (target, key) => {
    ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })(target, key);
    JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: `FK_${table}_tenant` })(target, key);
  };
}
