/**
 * A curl command that calls a webhook trigger the way its config expects, for the panel that shows
 * a new URL. Secrets are never known here (write-only): they appear as `$SECRET`, a shell variable
 * the reader sets.
 */

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

export const SAMPLE_BODY = '{"hello":"world"}';

export const curlExample = (url: string, config: unknown): string => {
  const c = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>;
  const methods = Array.isArray(c['methods']) ? (c['methods'] as string[]) : ['POST'];
  const method = methods.includes('POST') ? 'POST' : (methods[0] ?? 'POST');
  const auth = (typeof c['auth'] === 'object' && c['auth'] !== null ? c['auth'] : {}) as Record<
    string,
    unknown
  >;
  const withBody = method !== 'GET' && method !== 'DELETE';
  const lines: string[] = [];
  const headers: string[] = [];
  if (withBody) headers.push(quote('content-type: application/json'));

  if (auth['type'] === 'header') {
    lines.push(`SECRET='…'  # the secret you set on the trigger`);
    headers.push(`"${String(auth['header'] ?? 'x-webhook-secret')}: $SECRET"`);
  } else if (auth['type'] === 'hmac' && auth['style'] === 'github') {
    lines.push(`SECRET='…'  # the secret you set on the trigger`);
    lines.push(`BODY=${quote(withBody ? SAMPLE_BODY : '')}`);
    lines.push(`SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')`);
    headers.push(`"X-Hub-Signature-256: sha256=$SIG"`);
  } else if (auth['type'] === 'hmac') {
    lines.push(`SECRET='whsec_…'  # the secret you set on the trigger`);
    lines.push(`BODY=${quote(withBody ? SAMPLE_BODY : '')}`);
    lines.push(`ID=msg_$(date +%s%N); TS=$(date +%s)`);
    lines.push(
      `SIG=$(printf '%s' "$ID.$TS.$BODY" | openssl dgst -sha256 -mac HMAC ` +
        `-macopt hexkey:$(printf '%s' "\${SECRET#whsec_}" | base64 -d | od -An -tx1 | tr -d ' \\n') -binary | base64)`,
    );
    headers.push(`"webhook-id: $ID"`, `"webhook-timestamp: $TS"`, `"webhook-signature: v1,$SIG"`);
  }
  const signed = auth['type'] === 'hmac';
  const parts = [`curl -X ${method} ${quote(url)}`, ...headers.map((h) => `-H ${h}`)];
  if (withBody) parts.push(signed ? `--data-binary "$BODY"` : `--data-binary ${quote(SAMPLE_BODY)}`);
  return [...lines, parts.join(' \\\n  ')].join('\n');
};
