import type { StepRunStatus } from '@stepline/domain';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { RunEntity } from './run.entity.js';

/**
 * A checkpoint: the settled result of one attempt of one step (at one iteration path) of a run.
 * Written once, idempotently (`checkpoint_step_runs` inserts with ON CONFLICT DO NOTHING on the
 * unique key), never updated: the application role has no UPDATE or DELETE on this table.
 * `seq` orders all step runs of the system; SSE uses it as the event id.
 */
@Entity({ name: 'step_runs' })
@Unique('UQ_step_runs_checkpoint', ['runId', 'path', 'stepId', 'attempt'])
@Check(
  'CHK_step_runs_status',
  `"status" IN ('running', 'succeeded', 'failed', 'skipped', 'cancelled', 'waiting')`,
)
@Check('CHK_step_runs_attempt', `attempt >= 1`)
export class StepRunEntity {
  /** Postgres answers bigint as a string; repositories convert it (it stays far below 2^53). */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  seq!: string;

  /** No foreign key to tenants: the run's cascades (migration 1764741600000-engine-throughput). */
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @ManyToOne(() => RunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'FK_step_runs_run' })
  run?: RunEntity;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ name: 'step_id', type: 'text' })
  stepId!: string;

  /** Iteration path inside loops (e.g. `loop[3]`); '' outside any loop. */
  @Column({ type: 'text', default: '' })
  path!: string;

  @Column({ type: 'int' })
  attempt!: number;

  @Column({ type: 'text' })
  status!: StepRunStatus;

  /** The output port the step emitted (branching steps). */
  @Column({ type: 'text', nullable: true })
  port!: string | null;

  /** Resolved input, secrets masked. */
  @Column({ type: 'jsonb', nullable: true })
  input!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  output!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  error!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  logs!: unknown[];

  @Column({ name: 'output_truncated', type: 'boolean', default: false })
  outputTruncated!: boolean;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'duration_ms', type: 'int', nullable: true })
  durationMs!: number | null;
}
