import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { BelongsToTenant } from './tenant-owned.js';
import type { TenantEntity } from './tenant.entity.js';

/**
 * An accepted `POST /v1/events` (product.md §6): its id (the publisher's, else generated; unique per
 * tenant, which makes publishing idempotent), name, key, a hash of the body and what it did. The
 * payload is not stored here; the runs it resumed or started hold it. See the events migration.
 */
@Entity({ name: 'events' })
@Unique('UQ_events_tenant_event_id', ['tenantId', 'eventId'])
@Index('IDX_events_tenant_received', ['tenantId', 'receivedAt', 'id'])
@Check('CHK_events_key_length', `key IS NULL OR char_length(key) <= 255`)
export class EventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @BelongsToTenant('events')
  tenant?: TenantEntity;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  key!: string | null;

  /** sha256 of the canonical `{ name, key, payload }`: the same id with another body is refused. */
  @Column({ name: 'request_hash', type: 'text' })
  requestHash!: string;

  @Column({ name: 'payload_bytes', type: 'integer' })
  payloadBytes!: number;

  /** `{ resumed: runId[], started: runId[] }`, answered again to a repeat of the id. */
  @Column({ type: 'jsonb' })
  result!: Record<string, unknown>;

  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy!: string | null;

  @Column({ name: 'published_by_api_key', type: 'uuid', nullable: true })
  publishedByApiKey!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
