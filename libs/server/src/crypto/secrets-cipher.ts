import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretsConfig } from '../config/secrets-config.js';

/** A secret's value as stored: AES-256-GCM ciphertext, its nonce and tag, and the key that made them. */
export interface EncryptedValue {
  ciphertext: Buffer;
  iv: Buffer;
  authTag: Buffer;
  keyId: string;
}

/** Where a ciphertext belongs. Bound as additional authenticated data: it decrypts nowhere else. */
export interface SecretBinding {
  tenantId: string;
  name: string;
}

/** Why a stored value could not be decrypted; never carries the value or key material. */
export class SecretDecryptionError extends Error {
  constructor(
    readonly reason: 'unknown_key' | 'authentication_failed',
    readonly keyId: string,
  ) {
    super(
      reason === 'unknown_key'
        ? `secret was encrypted with key "${keyId}", which SECRETS_KEYS does not list`
        : `secret failed authentication under key "${keyId}" (tampered, or moved to another tenant or name)`,
    );
    this.name = 'SecretDecryptionError';
  }
}

const ALGORITHM = 'aes-256-gcm';
/** 96-bit nonces, the size GCM is defined for; random per encryption (2^-32 collision bound is far off). */
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The AAD names the format version, the tenant and the secret name. NUL separates them: neither a
 * uuid nor a secret name (SECRET_NAME_PATTERN) can contain it, so no two bindings share an AAD.
 */
const aadOf = (b: SecretBinding) =>
  Buffer.from(`stepline-secret-v1\u0000${b.tenantId}\u0000${b.name}`, 'utf8');

/**
 * Encrypts tenant secrets at rest with AES-256-GCM under the configured keys. New values use the
 * active key; any listed key still decrypts, so keys rotate by adding one, making it active,
 * re-encrypting (`npm run secrets:reencrypt`) and only then removing the old one.
 */
export class SecretsCipher {
  constructor(private readonly config: Pick<SecretsConfig, 'keys' | 'activeKeyId'>) {
    if (!config.keys.has(config.activeKeyId)) {
      throw new Error(`the active secrets key "${config.activeKeyId}" is not among the configured keys`);
    }
  }

  get activeKeyId(): string {
    return this.config.activeKeyId;
  }

  encrypt(plaintext: string, binding: SecretBinding): EncryptedValue {
    const keyId = this.config.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keyOf(keyId), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aadOf(binding));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext, iv, authTag: cipher.getAuthTag(), keyId };
  }

  /** Throws SecretDecryptionError for an unknown key id or any failed authentication. */
  decrypt(value: EncryptedValue, binding: SecretBinding): string {
    const key = this.config.keys.get(value.keyId);
    if (!key) throw new SecretDecryptionError('unknown_key', value.keyId);
    if (value.iv.length !== IV_BYTES || value.authTag.length !== TAG_BYTES) {
      throw new SecretDecryptionError('authentication_failed', value.keyId);
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, value.iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aadOf(binding));
      decipher.setAuthTag(value.authTag);
      return Buffer.concat([decipher.update(value.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptionError('authentication_failed', value.keyId);
    }
  }

  /** Whether `value` is already under the active key (re-encryption skips it). */
  isCurrent(value: Pick<EncryptedValue, 'keyId'>): boolean {
    return value.keyId === this.config.activeKeyId;
  }

  private keyOf(keyId: string): Buffer {
    const key = this.config.keys.get(keyId);
    if (!key) throw new SecretDecryptionError('unknown_key', keyId);
    return key;
  }
}
