import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ApiKeyScope } from '@stepline/domain';
import type { Observable } from 'rxjs';
import { API_BASE_URL, apiUrl } from '../../../core/http/api-base-url';
import { queryParams, type Page } from '../shared/paged-list';

/** `ApiKeyDto`: a key as listed, by its prefix; the key itself is never listed. */
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** `CreatedApiKeyDto`: the only answer that carries the key. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

export interface NewApiKey {
  name: string;
  scopes: ApiKeyScope[];
  expiresAt?: string;
}

export const API_KEYS_PAGE_SIZE = 50;

/** `/v1/api-keys`. */
@Injectable({ providedIn: 'root' })
export class ApiKeysApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  list(cursor?: string): Observable<Page<ApiKey>> {
    const params = queryParams({ limit: API_KEYS_PAGE_SIZE, cursor });
    return this.http.get<Page<ApiKey>>(apiUrl(this.baseUrl, '/v1/api-keys'), { params });
  }

  create(key: NewApiKey): Observable<CreatedApiKey> {
    return this.http.post<CreatedApiKey>(apiUrl(this.baseUrl, '/v1/api-keys'), key);
  }

  revoke(id: string): Observable<void> {
    return this.http.delete<void>(apiUrl(this.baseUrl, `/v1/api-keys/${encodeURIComponent(id)}`));
  }
}
