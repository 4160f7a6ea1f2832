import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { BelongsToTenant } from './tenant-owned.js';
import type { TenantEntity } from './tenant.entity.js';

/**
 * A tenant's named secret (product.md §7). The value exists here only as AES-256-GCM ciphertext
 * (`libs/server/src/crypto/secrets-cipher.ts`) bound to the tenant and the name; `key_id` names
 * the configured key that encrypted it, so keys rotate without a flag day.
 */
@Entity({ name: 'secrets' })
@Unique('UQ_secrets_tenant_name', ['tenantId', 'name'])
@Index('IDX_secrets_tenant_created', ['tenantId', 'createdAt', 'id'])
// The domain's SECRET_NAME_PATTERN, so `{{ secrets.NAME }}` can always name a stored secret.
@Check('CHK_secrets_name', `name ~ '^[A-Z][A-Z0-9_]{0,127}$'`)
export class SecretEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @BelongsToTenant('secrets')
  tenant?: TenantEntity;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'bytea' })
  ciphertext!: Buffer;

  @Column({ type: 'bytea' })
  iv!: Buffer;

  @Column({ name: 'auth_tag', type: 'bytea' })
  authTag!: Buffer;

  @Column({ name: 'key_id', type: 'text' })
  keyId!: string;

  /** The user who created it; null when an API key (named in the audit log) did. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Bumped by a new value or description (not by re-encryption, which changes neither). */
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** When a run last read it; refreshed at most once a minute. */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
