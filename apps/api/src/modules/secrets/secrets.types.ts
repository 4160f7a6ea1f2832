/** What every answer shows of a secret: never its value, which no API returns. */
export interface SecretView {
  id: string;
  name: string;
  description: string | null;
  /** The encryption key the stored value is under (rotation progress is visible per secret). */
  keyId: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
}

export interface CreateSecretInput {
  name: string;
  value: string;
  description?: string | null;
}

/** Write-only: a new value replaces the old one; a description of null clears it. */
export interface UpdateSecretInput {
  value?: string;
  description?: string | null;
}
