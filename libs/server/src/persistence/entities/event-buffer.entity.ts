import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BelongsToTenant } from './tenant-owned.js';
import type { TenantEntity } from './tenant.entity.js';

/**
 * The newest event published per (tenant, name, key), kept for a short window so a `waitForEvent`
 * that opens after a fast reply still gets it (docs/adr/0008-event-buffer.md). `key` is '' for an
 * event without a key. Written by `POST /v1/events`, read when an event wait opens, pruned by the
 * worker (`prune_event_buffer`).
 */
@Entity({ name: 'event_buffer' })
@Index('IDX_event_buffer_published', ['publishedAt'])
export class EventBufferEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'PK_event_buffer' })
  tenantId!: string;

  @BelongsToTenant('event_buffer')
  tenant?: TenantEntity;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_event_buffer' })
  name!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_event_buffer' })
  key!: string;

  /** The published event's id: a wait it resolves records `resolved_by = 'event:<id>'`. */
  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ type: 'jsonb', nullable: true })
  payload!: unknown;

  @Column({ name: 'published_at', type: 'timestamptz', default: () => 'now()' })
  publishedAt!: Date;
}
