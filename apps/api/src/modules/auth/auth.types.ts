import type { Role } from '@stepline/domain';

export interface MembershipSummary {
  tenantId: string;
  slug: string;
  name: string;
  role: Role;
}

/** Who is signed in, where, with which role. */
export interface SessionInfo {
  user: { id: string; email: string; name: string };
  tenant: { id: string; slug: string; name: string };
  role: Role;
  memberships: MembershipSummary[];
}

/** What signup, login, refresh, switch-tenant and invitation acceptance answer. */
export interface AuthSession extends SessionInfo {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
}
