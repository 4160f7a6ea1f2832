import { SECRET_NAME_PATTERN } from '../step-types/schema-fragments.js';

/**
 * The rules of a tenant secret (product.md §7), shared by the API and the editor's form. A name
 * is what `{{ secrets.NAME }}` and the http step's `auth` refer to, so it follows the step
 * schemas' SECRET_NAME_PATTERN; names never change (delete and create to rename), because the
 * ciphertext is bound to the name and flows refer to it.
 */
export const SECRET_LIMITS = {
  /** UTF-8 bytes of a value: room for a PEM key or a service-account JSON, not for a payload. */
  valueBytes: 64 * 1024,
  description: 500,
  name: 128,
} as const;

const NAME = new RegExp(SECRET_NAME_PATTERN);

export const isSecretName = (name: string): boolean => NAME.test(name);

export const SECRET_NAME_MESSAGE =
  'name must start with an upper-case letter and hold only A–Z, 0–9 and _ (at most 128 characters)';
