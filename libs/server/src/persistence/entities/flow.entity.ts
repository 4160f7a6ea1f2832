import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BelongsToTenant } from './tenant-owned.js';
import type { TenantEntity } from './tenant.entity.js';

/**
 * A flow: the named container of its versions. The graph itself lives in `flow_versions`; this row
 * holds what is edited outside any version (name, description, tags, archived).
 */
@Entity({ name: 'flows' })
@Index('IDX_flows_tenant_updated', ['tenantId', 'updatedAt', 'id'])
// GIN index for `?tag=` (tags @> ARRAY[…]); TypeORM cannot declare the method, the migration does.
@Index('IDX_flows_tags', { synchronize: false })
export class FlowEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @BelongsToTenant('flows')
  tenant?: TenantEntity;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  /** The user who created it; null when an API key (named in the audit log) or the seed did. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Bumped by every change of the flow or its versions (draft saves, publishes) — lists sort by it. */
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;
}
