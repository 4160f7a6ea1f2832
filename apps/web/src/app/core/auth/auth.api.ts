import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { API_BASE_URL, apiUrl } from '../http/api-base-url';
import type { AcceptInvitationRequest, AuthSessionResponse, SignUpRequest } from './auth.types';

/** `POST /v1/auth/*` and `/v1/invitations/accept`: plain HTTP calls; the interceptor adds the bearer token where one is needed. */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  login(email: string, password: string): Observable<AuthSessionResponse> {
    return this.http.post<AuthSessionResponse>(this.url('login'), { email, password });
  }

  signup(request: SignUpRequest): Observable<AuthSessionResponse> {
    return this.http.post<AuthSessionResponse>(this.url('signup'), request);
  }

  acceptInvitation(request: AcceptInvitationRequest): Observable<AuthSessionResponse> {
    return this.http.post<AuthSessionResponse>(apiUrl(this.baseUrl, '/v1/invitations/accept'), request);
  }

  refresh(refreshToken: string): Observable<AuthSessionResponse> {
    return this.http.post<AuthSessionResponse>(this.url('refresh'), { refreshToken });
  }

  logout(): Observable<void> {
    return this.http.post<void>(this.url('logout'), null);
  }

  switchTenant(tenantId: string): Observable<AuthSessionResponse> {
    return this.http.post<AuthSessionResponse>(this.url('switch-tenant'), { tenantId });
  }

  private url(action: string): string {
    return apiUrl(this.baseUrl, `/v1/auth/${action}`);
  }
}
