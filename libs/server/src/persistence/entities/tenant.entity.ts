import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export interface TenantSettings {
  retentionDays?: number;
  maxConcurrentRuns?: number;
  runStartsPerMinute?: number;
  maxStepsPerRun?: number;
  maxForEachItems?: number;
  maxPayloadBytes?: number;
  maxStepOutputBytes?: number;
}

@Entity({ name: 'tenants' })
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  slug!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb', default: {} })
  settings!: TenantSettings;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
