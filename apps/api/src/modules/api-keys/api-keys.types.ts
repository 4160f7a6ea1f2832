import type { ApiKeyScope } from '@stepline/domain';

/** What lists show of a key: never its hash, only the prefix that tells keys apart. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** Answered once, at creation. */
export interface CreatedApiKey extends ApiKeyView {
  key: string;
}

export interface CreateApiKeyInput {
  name: string;
  scopes: ApiKeyScope[];
  /** ISO 8601, in the future. */
  expiresAt?: string;
}
