const SECRET_KEY = /pass(word)?|secret|token|api_?key|authorization|credential|private/i;

/** Replaces values under secret-looking keys, recursively, before anything reaches the audit log. */
export function redact(value: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(
        Object.entries(v).map(([k, inner]) => [k, SECRET_KEY.test(k) ? '[redacted]' : walk(inner)]),
      );
    }
    return v;
  };
  return walk(value) as Record<string, unknown>;
}
