import { describe, expect, it } from 'vitest';
import { filenameOf } from './file-download';

describe('filenameOf', () => {
  it('reads the attachment name, quoted, bare or encoded', () => {
    expect(filenameOf('attachment; filename="audit.csv"', 'x')).toBe('audit.csv');
    expect(filenameOf('attachment; filename=audit.ndjson', 'x')).toBe('audit.ndjson');
    expect(filenameOf("attachment; filename*=UTF-8''audit%20log.csv", 'x')).toBe('audit log.csv');
  });

  it('falls back without a usable name, and never keeps a path', () => {
    expect(filenameOf(null, 'audit-log.csv')).toBe('audit-log.csv');
    expect(filenameOf('attachment', 'audit-log.csv')).toBe('audit-log.csv');
    expect(filenameOf('attachment; filename="../../etc/passwd"', 'x')).toBe('.._.._etc_passwd');
  });
});
