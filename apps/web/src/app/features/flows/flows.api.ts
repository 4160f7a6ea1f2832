import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { API_BASE_URL, apiUrl } from '../../core/http/api-base-url';

/** One row of `GET /v1/flows` (`FlowDto`). */
export interface FlowSummary {
  id: string;
  name: string;
  description: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  /** Revision of the unpublished draft; null when nothing is unpublished. */
  draftRevision: number | null;
  publishedVersion: number | null;
  latestVersion: number;
}

export interface FlowPage {
  data: FlowSummary[];
  nextCursor: string | null;
}

export interface FlowQuery {
  q?: string;
  tag?: string;
  status?: 'active' | 'archived';
  limit?: number;
  cursor?: string;
}

@Injectable({ providedIn: 'root' })
export class FlowsApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  list(query: FlowQuery = {}): Observable<FlowPage> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params = params.set(key, String(value));
    }
    return this.http.get<FlowPage>(apiUrl(this.baseUrl, '/v1/flows'), { params });
  }
}
