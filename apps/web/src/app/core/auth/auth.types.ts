import type { Role } from '@stepline/domain';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface TenantRef {
  id: string;
  slug: string;
  name: string;
}

export interface Membership {
  tenantId: string;
  slug: string;
  name: string;
  role: Role;
}

/** `AuthSessionDto` of `POST /v1/auth/login`, `/refresh` and `/switch-tenant`. */
export interface AuthSessionResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
  tokenType?: 'Bearer';
  user: SessionUser;
  tenant: TenantRef;
  role: Role;
  memberships: Membership[];
}

/** What the editor keeps of a session between page loads. */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  refreshExpiresAt: string;
  user: SessionUser;
  tenant: TenantRef;
  role: Role;
  memberships: Membership[];
}
