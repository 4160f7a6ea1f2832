import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Role } from '@stepline/domain';
import type { Observable } from 'rxjs';
import { API_BASE_URL, apiUrl } from '../../../core/http/api-base-url';
import { queryParams, type Page } from '../shared/paged-list';

/** `MemberDto`; `id` is the membership, `userId` what the member routes take. */
export interface Member {
  id: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

/** `InvitationDto`: a pending invitation. */
export interface Invitation {
  id: string;
  email: string;
  role: Role;
  invitedBy: string;
  expiresAt: string;
  createdAt: string;
}

/** `CreatedInvitationDto`: the invitation and its one-time token, answered only once. */
export interface CreatedInvitation extends Invitation {
  token: string;
}

export const MEMBERS_PAGE_SIZE = 50;

/** `/v1/members` and `/v1/invitations`. */
@Injectable({ providedIn: 'root' })
export class MembersApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  list(cursor?: string): Observable<Page<Member>> {
    const params = queryParams({ limit: MEMBERS_PAGE_SIZE, cursor });
    return this.http.get<Page<Member>>(this.url('/v1/members'), { params });
  }

  changeRole(userId: string, role: Role): Observable<Member> {
    return this.http.patch<Member>(this.url(`/v1/members/${encodeURIComponent(userId)}`), { role });
  }

  remove(userId: string): Observable<void> {
    return this.http.delete<void>(this.url(`/v1/members/${encodeURIComponent(userId)}`));
  }

  listInvitations(cursor?: string): Observable<Page<Invitation>> {
    const params = queryParams({ limit: MEMBERS_PAGE_SIZE, cursor });
    return this.http.get<Page<Invitation>>(this.url('/v1/invitations'), { params });
  }

  invite(email: string, role: Role): Observable<CreatedInvitation> {
    return this.http.post<CreatedInvitation>(this.url('/v1/invitations'), { email, role });
  }

  revokeInvitation(id: string): Observable<void> {
    return this.http.delete<void>(this.url(`/v1/invitations/${encodeURIComponent(id)}`));
  }

  private url(path: string): string {
    return apiUrl(this.baseUrl, path);
  }
}
