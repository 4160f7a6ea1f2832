import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { FlowEntity } from './flow.entity.js';
import { BelongsToTenant } from './tenant-owned.js';
import type { TenantEntity } from './tenant.entity.js';

export type FlowVersionStatus = 'draft' | 'published' | 'archived';

/**
 * One version of a flow's definition. Only the draft changes; published and archived versions are
 * frozen, which a trigger enforces too (see the flows migration). At most one draft and one
 * published version per flow: partial unique indexes, so concurrent publishes cannot both win.
 */
@Entity({ name: 'flow_versions' })
@Check('CHK_flow_versions_status', `"status" IN ('draft', 'published', 'archived')`)
@Unique('UQ_flow_versions_flow_number', ['flowId', 'number'])
@Index('UQ_flow_versions_one_draft', ['flowId'], { unique: true, where: `status = 'draft'` })
@Index('UQ_flow_versions_one_published', ['flowId'], { unique: true, where: `status = 'published'` })
export class FlowVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @BelongsToTenant('flow_versions')
  tenant?: TenantEntity;

  @ManyToOne(() => FlowEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'flow_id', foreignKeyConstraintName: 'FK_flow_versions_flow' })
  flow?: FlowEntity;

  @Column({ name: 'flow_id', type: 'uuid' })
  flowId!: string;

  /** 1..n per flow, in publish order; the draft, when there is one, holds the highest number. */
  @Column({ type: 'int' })
  number!: number;

  @Column({ type: 'text' })
  status!: FlowVersionStatus;

  @Column({ type: 'jsonb' })
  definition!: Record<string, unknown>;

  @Column({ name: 'change_note', type: 'text', nullable: true })
  changeNote!: string | null;

  /** The draft's optimistic-concurrency counter (its ETag); it never repeats within a flow. */
  @Column({ type: 'int', default: 1 })
  revision!: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
