/**
 * Step outputs above the cap are stored as a visible marker with a preview, and later steps see
 * the same marker: what a resumed run reads back from Postgres must equal what the first run saw.
 */
export interface TruncatedOutput {
  $truncated: true;
  bytes: number;
  preview: string;
}

/**
 * `json` is the JSON text of the `value` answered (serialised once here, to measure it): the
 * checkpoint sends it as is instead of serialising the output a second time.
 */
export function capOutput(
  value: unknown,
  maxBytes: number,
): { value: unknown; truncated: boolean; json: string } {
  if (value === undefined) return { value: null, truncated: false, json: 'null' };
  const json = JSON.stringify(value);
  if (json === undefined) return { value: null, truncated: false, json: 'null' };
  const bytes = json.length <= maxBytes / 3 ? json.length : Buffer.byteLength(json);
  if (bytes <= maxBytes) return { value, truncated: false, json };
  const marker: TruncatedOutput = { $truncated: true, bytes, preview: json.slice(0, 1_024) };
  return { value: marker, truncated: true, json: JSON.stringify(marker) };
}

/**
 * Replaces every occurrence of a secret's value inside strings of `value` with `***` — the hook
 * the secrets issue feeds; recorded inputs, outputs, logs and errors all pass through it.
 */
export function maskSecrets<T>(value: T, secrets: readonly string[]): T {
  const live = secrets.filter((s) => s.length >= 3);
  if (live.length === 0) return value;
  const mask = (v: unknown): unknown => {
    if (typeof v === 'string') return live.reduce((s, secret) => s.split(secret).join('***'), v);
    if (Array.isArray(v)) return v.map(mask);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, mask(x)]));
    return v;
  };
  return mask(value) as T;
}
