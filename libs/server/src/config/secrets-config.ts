/**
 * The keys that encrypt tenant secrets (product.md §7), parsed from `SECRETS_KEYS` and
 * `SECRETS_ACTIVE_KEY_ID` by `loadConfig`. Only `config.schema.ts` reads the environment; this
 * file parses the strings it hands over. Problems never quote key material.
 */

export interface SecretsConfig {
  /** Every key that may still decrypt a stored secret, by key id. */
  keys: ReadonlyMap<string, Buffer>;
  /** The key new and re-encrypted secrets are written with; always one of `keys`. */
  activeKeyId: string;
  /** How long a worker keeps a tenant's decrypted secrets before reading them again. */
  cacheTtlMs: number;
}

export const SECRETS_KEY_BYTES = 32;
export const SECRETS_KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Development and test only, like the development JWT secret: lets a fresh checkout store secrets
 * without configuration. Production refuses it. To keep secrets written with it readable after
 * configuring real keys, list it too: `dev:c3RlcGxpbmUtZGV2LW9ubHktc2VjcmV0cy1rZXktISE=`.
 */
export const DEV_SECRETS_KEY_ID = 'dev';
export const DEV_SECRETS_KEY = Buffer.from('stepline-dev-only-secrets-key-!!', 'utf8');

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Standard base64 (padded) or base64url (unpadded); null for anything else. */
function decodeBase64(text: string): Buffer | null {
  if (BASE64.test(text)) return Buffer.from(text, 'base64');
  if (BASE64URL.test(text) && text.length % 4 !== 1) return Buffer.from(text, 'base64url');
  return null;
}

export interface SecretsConfigInput {
  production: boolean;
  keys: string | null;
  activeKeyId: string | null;
  cacheTtlMs: number;
}

/** Parses the key list; every problem goes to `problems` (the caller reports them all at once). */
export function parseSecretsConfig(input: SecretsConfigInput, problems: string[]): SecretsConfig {
  const keys = new Map<string, Buffer>();
  if (input.keys === null) {
    if (input.production) {
      problems.push(
        `SECRETS_KEYS is required in production: a comma-separated list of <id>:<base64 of ${SECRETS_KEY_BYTES} random bytes>`,
      );
    } else {
      keys.set(DEV_SECRETS_KEY_ID, DEV_SECRETS_KEY);
    }
  } else {
    input.keys
      .split(',')
      .map((entry) => entry.trim())
      .forEach((entry, i) => {
        const at = `SECRETS_KEYS entry ${i + 1}`;
        const colon = entry.indexOf(':');
        const id = colon < 0 ? '' : entry.slice(0, colon);
        if (!SECRETS_KEY_ID_PATTERN.test(id)) {
          problems.push(`${at} must be <id>:<base64 key> with an id of 1–32 letters, digits, _ or -`);
          return;
        }
        if (keys.has(id)) {
          problems.push(`${at}: key id "${id}" is listed twice`);
          return;
        }
        const key = decodeBase64(entry.slice(colon + 1));
        if (!key || key.length !== SECRETS_KEY_BYTES) {
          const got = key ? `${key.length} bytes` : 'not base64';
          problems.push(`${at} ("${id}") must be the base64 of ${SECRETS_KEY_BYTES} bytes (got ${got})`);
          return;
        }
        if (input.production && key.equals(DEV_SECRETS_KEY)) {
          problems.push(`${at} ("${id}") is the development key; production needs a private one`);
          return;
        }
        keys.set(id, key);
      });
    if (keys.size === 0 && problems.length === 0) problems.push('SECRETS_KEYS lists no key');
  }
  let activeKeyId = input.activeKeyId ?? '';
  if (input.activeKeyId === null) {
    if (keys.size === 1) activeKeyId = [...keys.keys()][0] ?? '';
    else if (keys.size > 1) {
      problems.push('SECRETS_ACTIVE_KEY_ID is required when SECRETS_KEYS lists more than one key');
    }
  } else if (keys.size > 0 && !keys.has(input.activeKeyId)) {
    problems.push(
      `SECRETS_ACTIVE_KEY_ID must be one of the ids in SECRETS_KEYS (${[...keys.keys()].join(', ')})`,
    );
  }
  return { keys, activeKeyId, cacheTtlMs: input.cacheTtlMs };
}
