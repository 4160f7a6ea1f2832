const SECRET_KEY = /pass(word)?|secret|token|api_?key|authorization|credential|private/i;
/**
 * Credentials recognisable by their shape, whatever key they sit under: whole API keys (a 12-char
 * display prefix such as `sl_live_AbCd` is not secret and stays), bearer headers, JWTs.
 */
const SECRET_VALUE = /^(sl_live_[\w-]{16,}|bearer\s+\S+|eyJ[\w-]+\.[\w-]+\.[\w-]*)$/i;

export const REDACTED = '[redacted]';

/**
 * Replaces values under secret-looking keys, and credential-shaped strings anywhere, recursively,
 * before anything reaches the audit log: the log is exported and read by people who must not learn
 * a secret from it.
 */
export function redact(value: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return SECRET_VALUE.test(v.trim()) ? REDACTED : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(
        Object.entries(v).map(([k, inner]) => [k, SECRET_KEY.test(k) ? REDACTED : walk(inner)]),
      );
    }
    return v;
  };
  return walk(value) as Record<string, unknown>;
}
