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

/**
 * What starts a flow besides a person or an API call (product.md §6). A webhook trigger is found
 * by the sha256 of its token (`token_hash`, unique) on the public `/hooks/{token}` route; its auth
 * secret exists here only as AES-256-GCM ciphertext bound to the trigger.
 */
@Entity({ name: 'triggers' })
@Unique('UQ_triggers_token_hash', ['tokenHash'])
@Index('IDX_triggers_flow_created', ['tenantId', 'flowId', 'createdAt', 'id'])
// Event triggers by (tenant, config->>'event'), partial on kind = 'event' (the events migration).
@Index('IDX_triggers_event', { synchronize: false })
// Due schedule triggers, partial (the schedule-triggers migration).
@Index('IDX_triggers_schedule_due', { synchronize: false })
@Check('CHK_triggers_kind', `kind IN ('webhook', 'schedule', 'event')`)
@Check('CHK_triggers_version', `version_number IS NULL OR version_number >= 1`)
export class TriggerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @BelongsToTenant('triggers')
  tenant?: TenantEntity;

  @ManyToOne(() => FlowEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'flow_id', foreignKeyConstraintName: 'FK_triggers_flow' })
  flow?: FlowEntity;

  @Column({ name: 'flow_id', type: 'uuid' })
  flowId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** A pinned version; null = whichever version is published when the trigger fires. */
  @Column({ name: 'version_number', type: 'integer', nullable: true })
  versionNumber!: number | null;

  @Column({ type: 'jsonb' })
  config!: Record<string, unknown>;

  @Column({ name: 'token_hash', type: 'text', nullable: true })
  tokenHash!: string | null;

  @Column({ name: 'token_prefix', type: 'text', nullable: true })
  tokenPrefix!: string | null;

  @Column({ name: 'secret_ciphertext', type: 'bytea', nullable: true })
  secretCiphertext!: Buffer | null;

  @Column({ name: 'secret_iv', type: 'bytea', nullable: true })
  secretIv!: Buffer | null;

  @Column({ name: 'secret_auth_tag', type: 'bytea', nullable: true })
  secretAuthTag!: Buffer | null;

  @Column({ name: 'secret_key_id', type: 'text', nullable: true })
  secretKeyId!: string | null;

  /** Schedule triggers: the slot it fires next (null when disabled or not a schedule). */
  @Column({ name: 'next_fire_at', type: 'timestamptz', nullable: true })
  nextFireAt!: Date | null;

  @Column({ name: 'last_fired_at', type: 'timestamptz', nullable: true })
  lastFiredAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A webhook delivery id (`webhook-id` / `Idempotency-Key`) seen in the last 24 h, and its answer. */
@Entity({ name: 'webhook_deliveries_dedup' })
@Unique('UQ_webhook_dedup_trigger_key', ['triggerId', 'dedupKey'])
@Index('IDX_webhook_dedup_trigger_created', ['triggerId', 'createdAt'])
export class WebhookDeliveryDedupEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @BelongsToTenant('webhook_dedup')
  tenant?: TenantEntity;

  @ManyToOne(() => TriggerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trigger_id', foreignKeyConstraintName: 'FK_webhook_dedup_trigger' })
  trigger?: TriggerEntity;

  @Column({ name: 'trigger_id', type: 'uuid' })
  triggerId!: string;

  @Column({ name: 'dedup_key', type: 'text' })
  dedupKey!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ type: 'jsonb' })
  response!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
