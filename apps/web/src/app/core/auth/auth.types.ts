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

/** `AuthSessionDto` of `POST /v1/auth/login`, `/signup`, `/refresh`, `/switch-tenant` and `/v1/invitations/accept`. */
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

/** `SignupDto` of `POST /v1/auth/signup`: a new user and the workspace they own. */
export interface SignUpRequest {
  email: string;
  password: string;
  name: string;
  tenantName: string;
}

/** `AcceptInvitationDto` of `POST /v1/invitations/accept`; `name` only for a new account. */
export interface AcceptInvitationRequest {
  token: string;
  password: string;
  name?: string;
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
