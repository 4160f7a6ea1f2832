import { withTenantClient } from '../../../testing/tenant-db.js';

export interface AuditFixture {
  action: string;
  actorId?: string;
  actorLabel?: string;
  targetType?: string;
  targetId?: string;
  after?: Record<string, unknown>;
  userAgent?: string;
  createdAt?: string;
}

/** Inserts audit rows straight into the table; answers their ids in insertion order. */
export async function insertAuditRows(
  ownerUrl: string,
  tenantId: string,
  rows: AuditFixture[],
): Promise<string[]> {
  return withTenantClient(ownerUrl, tenantId, async (c) => {
    const ids: string[] = [];
    for (const r of rows) {
      const { rows: inserted } = await c.query(
        `INSERT INTO audit_log (tenant_id, actor_type, actor_id, actor_label, action, target_type, target_id, after,
                                user_agent, created_at)
         VALUES ($1, 'user', $2, $3, $4, $5, $6, $7, $8, COALESCE($9::timestamptz, now())) RETURNING id`,
        [
          tenantId,
          r.actorId ?? null,
          r.actorLabel ?? null,
          r.action,
          r.targetType ?? null,
          r.targetId ?? null,
          r.after ? JSON.stringify(r.after) : null,
          r.userAgent ?? null,
          r.createdAt ?? null,
        ],
      );
      ids.push(inserted[0].id);
    }
    return ids;
  });
}

/** `count` rows of one action in a single statement (for exports longer than one batch). */
export async function insertManyAuditRows(ownerUrl: string, tenantId: string, action: string, count: number) {
  await withTenantClient(ownerUrl, tenantId, (c) =>
    c.query(
      `INSERT INTO audit_log (tenant_id, actor_type, action, created_at)
       SELECT $1, 'system', $2, now() - make_interval(secs => g) FROM generate_series(1, $3) g`,
      [tenantId, action, count],
    ),
  );
}

/** A strict RFC 4180 reader, so the tests check the export against the standard, not against itself. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      endField();
    } else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else if (c === '"' || c === '\n' || c === '\r') {
      throw new Error(`bare ${JSON.stringify(c)} at offset ${i}`);
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length) throw new Error('the last record is not terminated by CRLF');
  return rows;
}

/** A raw GET for file downloads (HttpClient would parse `application/x-ndjson` as one JSON value). */
export async function download(baseUrl: string, path: string, token?: string) {
  const res = await fetch(`${baseUrl}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    headers: res.headers,
    text,
    problem: type.includes('problem+json') ? JSON.parse(text) : null,
  };
}
