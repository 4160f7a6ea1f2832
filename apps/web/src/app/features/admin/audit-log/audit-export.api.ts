import { HttpClient, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { API_BASE_URL, apiUrl } from '../../../core/http/api-base-url';
import { queryParams } from '../shared/paged-list';
import type { AuditFilter } from './audit-log.graphql';

export type AuditExportFormat = 'ndjson' | 'csv';

/**
 * `GET /v1/audit-log/export`: a file download (NDJSON or CSV stream), which GraphQL does not
 * carry — the one REST call of the admin area (docs/adr/0003-editor-protocol.md). It goes through
 * HttpClient, so the auth interceptor adds the bearer token.
 */
@Injectable({ providedIn: 'root' })
export class AuditExportApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  export(filter: AuditFilter, format: AuditExportFormat): Observable<HttpResponse<Blob>> {
    return this.http.get(apiUrl(this.baseUrl, '/v1/audit-log/export'), {
      params: queryParams({ ...filter, format }),
      responseType: 'blob',
      observe: 'response',
    });
  }
}
