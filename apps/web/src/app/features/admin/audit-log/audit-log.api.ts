import { HttpClient, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { API_BASE_URL, apiUrl } from '../../../core/http/api-base-url';
import { queryParams, type Page } from '../shared/paged-list';

/** `AuditRecordDto`: one audit row; before/after arrive with secrets redacted. */
export interface AuditEntry {
  id: string;
  actor: { type: 'user' | 'api_key' | 'system' | 'anonymous'; id: string | null; label: string | null };
  action: string;
  target: { type: string; id: string } | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  createdAt: string;
}

/** Filters of the list and the export; times are ISO 8601, `from` inclusive, `to` exclusive. */
export interface AuditFilter {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

export type AuditExportFormat = 'ndjson' | 'csv';

export const AUDIT_PAGE_SIZE = 50;

/** `/v1/audit-log`. The export goes through HttpClient too, so it carries the bearer token. */
@Injectable({ providedIn: 'root' })
export class AuditLogApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  list(filter: AuditFilter, cursor?: string): Observable<Page<AuditEntry>> {
    const params = queryParams({ ...filter, limit: AUDIT_PAGE_SIZE, cursor });
    return this.http.get<Page<AuditEntry>>(apiUrl(this.baseUrl, '/v1/audit-log'), { params });
  }

  export(filter: AuditFilter, format: AuditExportFormat): Observable<HttpResponse<Blob>> {
    return this.http.get(apiUrl(this.baseUrl, '/v1/audit-log/export'), {
      params: queryParams({ ...filter, format }),
      responseType: 'blob',
      observe: 'response',
    });
  }
}
