import type { RunStatus, RunTrigger } from '@stepline/domain';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { FlowVersionEntity } from './flow-version.entity.js';
import { FlowEntity } from './flow.entity.js';
import { BelongsToTenant } from './tenant-owned.js';
import type { TenantEntity } from './tenant.entity.js';

/**
 * One execution of a flow version (product.md §5). The status changes only through
 * `transitionRun` (a compare-and-set on the current status); the rows are deleted only by
 * retention (`prune_expired_runs`) or with their flow or tenant. See the runs migration.
 */
@Entity({ name: 'runs' })
@Check(
  'CHK_runs_status',
  `"status" IN ('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'timed_out')`,
)
@Check(
  'CHK_runs_trigger',
  `"trigger" IN ('manual', 'api', 'webhook', 'schedule', 'event', 'subflow', 'retry')`,
)
@Check('CHK_runs_test_definition', `(definition IS NOT NULL) = is_test`)
@Index('IDX_runs_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('IDX_runs_flow_created', ['flowId', 'createdAt', 'id'])
@Index('IDX_runs_tenant_status_created', ['tenantId', 'status', 'createdAt', 'id'])
@Index('IDX_runs_active_updated', ['updatedAt'], { where: `status IN ('queued', 'running', 'waiting')` })
@Index('IDX_runs_version', ['versionId'])
@Check('CHK_runs_admission', `admission IS NULL OR admission IN ('pending', 'held', 'parked')`)
@Index('IDX_runs_admission_held', ['tenantId'], { where: `admission = 'held'` })
@Index('IDX_runs_admission_pending', ['tenantId', 'createdAt', 'id'], { where: `admission = 'pending'` })
@Index('IDX_runs_parent', ['parentRunId'], { where: `parent_run_id IS NOT NULL` })
@Index('UQ_runs_idempotency_key', ['tenantId', 'flowId', 'idempotencyKey'], {
  unique: true,
  where: `idempotency_key IS NOT NULL`,
})
export class RunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @BelongsToTenant('runs')
  tenant?: TenantEntity;

  @ManyToOne(() => FlowEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'flow_id', foreignKeyConstraintName: 'FK_runs_flow' })
  flow?: FlowEntity;

  @Column({ name: 'flow_id', type: 'uuid' })
  flowId!: string;

  @ManyToOne(() => FlowVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'FK_runs_version' })
  version?: FlowVersionEntity;

  /** The version row executed; for a test run, the draft row at the time (see `definition`). */
  @Column({ name: 'version_id', type: 'uuid' })
  versionId!: string;

  @Column({ name: 'version_number', type: 'int' })
  versionNumber!: number;

  /** A "test run" of the draft, started from the editor. */
  @Column({ name: 'is_test', type: 'boolean', default: false })
  isTest!: boolean;

  /**
   * The draft's definition as it was when a test run started: drafts keep changing, published
   * versions never do, so only test runs carry a snapshot (a CHECK ties it to `is_test`).
   */
  @Column({ type: 'jsonb', nullable: true })
  definition!: Record<string, unknown> | null;

  @Column({ type: 'text' })
  status!: RunStatus;

  @Column({ type: 'text' })
  trigger!: RunTrigger;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  input!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  output!: unknown;

  /** `{ code, message, stepId }` of a failed run. */
  @Column({ type: 'jsonb', nullable: true })
  error!: Record<string, unknown> | null;

  /** What a `respond` step set (the webhook's synchronous answer). */
  @Column({ type: 'jsonb', nullable: true })
  response!: Record<string, unknown> | null;

  @ManyToOne(() => RunEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parent_run_id', foreignKeyConstraintName: 'FK_runs_parent' })
  parent?: RunEntity;

  @Column({ name: 'parent_run_id', type: 'uuid', nullable: true })
  parentRunId!: string | null;

  /** No foreign key: the original may be pruned before its retry. */
  @Column({ name: 'retry_of_run_id', type: 'uuid', nullable: true })
  retryOfRunId!: string | null;

  @Column({ name: 'resumed_from_run_id', type: 'uuid', nullable: true })
  resumedFromRunId!: string | null;

  @Column({ name: 'resume_from_step', type: 'text', nullable: true })
  resumeFromStep!: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  /** Hash of the start request, to tell a replay (same run) from a reused key (422). */
  @Column({ name: 'request_hash', type: 'text', nullable: true })
  requestHash!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_by_api_key', type: 'uuid', nullable: true })
  createdByApiKey!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** Bumped by every change and by the worker's heartbeat; the sweeper looks for stale ones. */
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  /** When `settings.timeoutMs` runs out (→ `timed_out`). */
  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt!: Date | null;

  /**
   * Fair admission (docs/adr/0007-fair-admission.md): `held` — holds one of the tenant's execution
   * slots; `pending` — waits in Postgres for one, without a job (`queued`, or a resumed run still
   * `waiting`); `parked` — a counted run that parked (`waiting`) and takes a slot again when it
   * resumes; null — not counted.
   */
  @Column({ type: 'text', nullable: true })
  admission!: 'pending' | 'held' | 'parked' | null;

  @Column({ name: 'cancel_requested_at', type: 'timestamptz', nullable: true })
  cancelRequestedAt!: Date | null;

  @Column({ name: 'steps_done', type: 'int', default: 0 })
  stepsDone!: number;
}
