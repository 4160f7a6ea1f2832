import type { AuditLogEntity } from '@stepline/server';
import { toAuditRecord, type AuditRecord } from './audit-record.js';

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A file being produced: its metadata is known up front, its body is streamed. */
export interface AuditExportFile {
  contentType: string;
  filename: string;
  body: AsyncIterable<string>;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8',
};

export const CSV_COLUMNS = [
  'id',
  'createdAt',
  'actorType',
  'actorId',
  'actorLabel',
  'action',
  'targetType',
  'targetId',
  'before',
  'after',
  'ip',
  'userAgent',
  'requestId',
] as const;

/**
 * RFC 4180: quote a field holding a comma, quote, CR or LF, doubling inner quotes. A field that a
 * spreadsheet would run as a formula (user agents and labels are caller-controlled) gets a leading
 * apostrophe first — the OWASP "CSV injection" defence; the NDJSON export keeps values verbatim.
 */
export function csvField(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvLine = (fields: Array<string | null>) => `${fields.map(csvField).join(',')}\r\n`;

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

function csvRow(r: AuditRecord): string {
  return csvLine([
    r.id,
    r.createdAt,
    r.actor.type,
    r.actor.id,
    r.actor.label,
    r.action,
    r.target?.type ?? null,
    r.target?.id ?? null,
    json(r.before),
    json(r.after),
    r.ip,
    r.userAgent,
    r.requestId,
  ]);
}

async function* lines(rows: AsyncIterable<AuditLogEntity>, format: ExportFormat): AsyncGenerator<string> {
  if (format === 'csv') yield csvLine([...CSV_COLUMNS]);
  for await (const row of rows) {
    const record = toAuditRecord(row);
    yield format === 'csv' ? csvRow(record) : `${JSON.stringify(record)}\n`;
  }
}

export function exportFile(
  rows: AsyncIterable<AuditLogEntity>,
  format: ExportFormat,
  now = new Date(),
): AuditExportFile {
  return {
    contentType: CONTENT_TYPES[format],
    filename: `audit-log-${now.toISOString().slice(0, 10)}.${format}`,
    body: lines(rows, format),
  };
}
