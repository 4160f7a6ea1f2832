import { WEBHOOK_TRIGGER_LIMITS, isHttpHeaderName, type FieldProblem } from '@stepline/domain';

/** Product limits of a webhook trigger (product.md §6): the domain's, which the editor's form checks too. */
export const WEBHOOK_LIMITS = WEBHOOK_TRIGGER_LIMITS;

export const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type WebhookMethod = (typeof WEBHOOK_METHODS)[number];

export type WebhookAuth =
  | { type: 'none' }
  | { type: 'header'; header: string }
  | { type: 'hmac'; style: 'standard' | 'github'; replayWindowSeconds: number };

/** A webhook trigger's config as stored and shown: never the secret (it is stored encrypted apart). */
export interface WebhookConfig {
  methods: WebhookMethod[];
  auth: WebhookAuth;
  responseMode: 'async' | 'sync';
  timeoutSeconds: number;
  /** Request headers (lower-case) copied into `input.headers`; others never reach the run. */
  headers: string[];
  maxBodyBytes: number;
}

export interface ParsedWebhookConfig {
  config: WebhookConfig;
  /** The secret given with `auth` (write-only), if any. */
  secret?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/**
 * Validates a webhook config given to create or update (`previous`: the stored one, whose values
 * fill what `input` leaves out). Problems carry JSON pointers under `/config`.
 */
export function parseWebhookConfig(
  input: unknown,
  previous?: WebhookConfig,
): { ok: true; value: ParsedWebhookConfig } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (path: string, code: string, message: string) =>
    problems.push({ path: `/config${path}`, code, message });
  const raw = input ?? {};
  if (!isObject(raw)) {
    bad('', 'field.type', 'config must be an object');
    return { ok: false, problems };
  }
  const known = ['methods', 'auth', 'responseMode', 'timeoutSeconds', 'headers', 'maxBodyBytes'];
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) bad(`/${key}`, 'field.unknown', `property ${key} is not allowed`);
  }

  let methods: WebhookMethod[] = previous?.methods ?? ['POST'];
  if (raw.methods !== undefined) {
    const list = raw.methods;
    if (!Array.isArray(list) || list.length === 0 || list.length > WEBHOOK_METHODS.length) {
      bad('/methods', 'field.type', `methods must be a non-empty list of ${WEBHOOK_METHODS.join(', ')}`);
    } else {
      list.forEach((m, i) => {
        if (!WEBHOOK_METHODS.includes(m as WebhookMethod)) {
          bad(`/methods/${i}`, 'field.enum', `one of ${WEBHOOK_METHODS.join(', ')}`);
        }
      });
      methods = [...new Set(list as WebhookMethod[])];
    }
  }

  let auth: WebhookAuth = previous?.auth ?? { type: 'none' };
  let secret: string | undefined;
  if (raw.auth !== undefined) {
    const a = raw.auth;
    if (!isObject(a)) bad('/auth', 'field.type', 'auth must be an object');
    else {
      if (a.secret !== undefined) {
        if (
          typeof a.secret !== 'string' ||
          a.secret.length < WEBHOOK_LIMITS.secretMinLength ||
          a.secret.length > WEBHOOK_LIMITS.secretMaxLength
        ) {
          bad(
            '/auth/secret',
            'field.length',
            `secret must be ${WEBHOOK_LIMITS.secretMinLength}–${WEBHOOK_LIMITS.secretMaxLength} characters`,
          );
        } else secret = a.secret;
      }
      const allowed: Record<string, string[]> = {
        none: ['type'],
        header: ['type', 'header', 'secret'],
        hmac: ['type', 'style', 'secret', 'replayWindowSeconds'],
      };
      if (a.type === 'none') auth = { type: 'none' };
      else if (a.type === 'header') {
        if (!isHttpHeaderName(a.header)) {
          bad('/auth/header', 'field.invalid', 'header must be an HTTP header name');
        } else auth = { type: 'header', header: a.header.toLowerCase() };
      } else if (a.type === 'hmac') {
        const style = a.style ?? 'standard';
        if (style !== 'standard' && style !== 'github')
          bad('/auth/style', 'field.enum', 'standard or github');
        const window = a.replayWindowSeconds ?? WEBHOOK_LIMITS.defaultReplayWindowSeconds;
        if (!isInt(window, 1, WEBHOOK_LIMITS.maxReplayWindowSeconds)) {
          bad('/auth/replayWindowSeconds', 'field.range', `1–${WEBHOOK_LIMITS.maxReplayWindowSeconds}`);
        }
        auth = {
          type: 'hmac',
          style: style as 'standard' | 'github',
          replayWindowSeconds: window as number,
        };
      } else bad('/auth/type', 'field.enum', 'none, header or hmac');
      for (const key of Object.keys(a)) {
        if (allowed[a.type as string] && !allowed[a.type as string].includes(key)) {
          bad(`/auth/${key}`, 'field.unknown', `property ${key} is not allowed with auth type ${a.type}`);
        }
      }
      if (auth.type === 'hmac' && auth.style === 'standard' && secret !== undefined) {
        const key = secret.startsWith('whsec_') ? secret.slice(6) : null;
        if (!key || Buffer.from(key, 'base64').length < WEBHOOK_LIMITS.standardSecretMinBytes) {
          bad(
            '/auth/secret',
            'field.invalid',
            `a Standard Webhooks secret: whsec_ and ≥ ${WEBHOOK_LIMITS.standardSecretMinBytes} bytes in base64`,
          );
        }
      }
    }
  }

  let responseMode = previous?.responseMode ?? 'async';
  if (raw.responseMode !== undefined) {
    if (raw.responseMode !== 'async' && raw.responseMode !== 'sync') {
      bad('/responseMode', 'field.enum', 'async or sync');
    } else responseMode = raw.responseMode;
  }
  let timeoutSeconds = previous?.timeoutSeconds ?? WEBHOOK_LIMITS.defaultSyncTimeoutSeconds;
  if (raw.timeoutSeconds !== undefined) {
    if (!isInt(raw.timeoutSeconds, 1, WEBHOOK_LIMITS.maxSyncTimeoutSeconds)) {
      bad(
        '/timeoutSeconds',
        'field.range',
        `timeoutSeconds must be 1–${WEBHOOK_LIMITS.maxSyncTimeoutSeconds}`,
      );
    } else timeoutSeconds = raw.timeoutSeconds;
  }
  let headers = previous?.headers ?? [];
  if (raw.headers !== undefined) {
    const list = raw.headers;
    if (!Array.isArray(list) || list.length > WEBHOOK_LIMITS.maxHeaders) {
      bad(
        '/headers',
        'field.type',
        `headers must be a list of at most ${WEBHOOK_LIMITS.maxHeaders} header names`,
      );
    } else {
      list.forEach((h, i) => {
        if (!isHttpHeaderName(h)) bad(`/headers/${i}`, 'field.invalid', 'a header name');
      });
      headers = [...new Set((list as string[]).map((h) => String(h).toLowerCase()))];
    }
  }
  let maxBodyBytes = previous?.maxBodyBytes ?? WEBHOOK_LIMITS.defaultMaxBodyBytes;
  if (raw.maxBodyBytes !== undefined) {
    if (!isInt(raw.maxBodyBytes, 1, WEBHOOK_LIMITS.maxBodyBytes)) {
      bad('/maxBodyBytes', 'field.range', `maxBodyBytes must be 1–${WEBHOOK_LIMITS.maxBodyBytes}`);
    } else maxBodyBytes = raw.maxBodyBytes;
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: { config: { methods, auth, responseMode, timeoutSeconds, headers, maxBodyBytes }, secret },
  };
}
