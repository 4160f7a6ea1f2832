import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { RunEntity } from './run.entity.js';
import { BelongsToTenant } from './tenant-owned.js';
import type { TenantEntity } from './tenant.entity.js';

/**
 * What a waiting run waits for: one row per (run, iteration path, step, attempt) of a delay,
 * approval, waitForEvent or subflow step. Leaves `waiting` once, by a compare-and-set
 * (waitpoints.repository.ts). See the waitpoints migration and docs/adr/0006-durable-waits.md.
 */
@Entity({ name: 'waitpoints' })
@Unique('UQ_waitpoints_step', ['runId', 'path', 'stepId', 'attempt'])
@Check('CHK_waitpoints_kind', `kind IN ('delay', 'event', 'approval', 'subflow')`)
@Check('CHK_waitpoints_status', `status IN ('waiting', 'resolved', 'timed_out', 'cancelled')`)
@Check('CHK_waitpoints_event', `(kind = 'event') = (event_name IS NOT NULL)`)
@Check('CHK_waitpoints_attempt', `attempt >= 1`)
@Index('IDX_waitpoints_event', ['tenantId', 'eventName', 'correlationKey'], {
  where: `status = 'waiting' AND kind = 'event'`,
})
@Index('IDX_waitpoints_due', ['resumeAt'], { where: `status = 'waiting' AND resume_at IS NOT NULL` })
@Index('IDX_waitpoints_tenant_kind', ['tenantId', 'kind', 'createdAt'], { where: `status = 'waiting'` })
// Every approval of a tenant, newest first (the approvals list; migration 1764736200000-approvals).
@Index('IDX_waitpoints_approvals', ['tenantId', 'createdAt', 'id'], { where: `kind = 'approval'` })
// Subflow waits whose child ended without resolving them (migration 1764752400000-subflow-sweep).
@Index('IDX_waitpoints_subflow_waiting', ['createdAt'], { where: `kind = 'subflow' AND status = 'waiting'` })
export class WaitpointEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @BelongsToTenant('waitpoints')
  tenant?: TenantEntity;

  @ManyToOne(() => RunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'FK_waitpoints_run' })
  run?: RunEntity;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ name: 'step_id', type: 'text' })
  stepId!: string;

  @Column({ type: 'text', default: '' })
  path!: string;

  /** The attempt of the step run recorded `waiting`; the resolution is recorded as the next one. */
  @Column({ type: 'int' })
  attempt!: number;

  @Column({ type: 'text' })
  kind!: 'delay' | 'event' | 'approval' | 'subflow';

  @Column({ name: 'event_name', type: 'text', nullable: true })
  eventName!: string | null;

  /** Null: any key of the event resumes it. */
  @Column({ name: 'correlation_key', type: 'text', nullable: true })
  correlationKey!: string | null;

  /** The delay's end, or the wait's timeout. */
  @Column({ name: 'resume_at', type: 'timestamptz', nullable: true })
  resumeAt!: Date | null;

  @Column({ type: 'text', default: 'waiting' })
  status!: 'waiting' | 'resolved' | 'timed_out' | 'cancelled';

  /** What the step asked for (approval title, options, role …), for views and resolvers. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  result!: unknown;

  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;
}
