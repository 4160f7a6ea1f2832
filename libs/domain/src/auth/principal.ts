import type { ApiKeyScope, Role } from './roles.js';

/**
 * Who is calling, resolved once from the credential (JWT or API key). The tenant comes from the
 * credential only — never from a path, body or header the caller controls.
 */
export type Principal = UserPrincipal | ApiKeyPrincipal;

export interface UserPrincipal {
  kind: 'user';
  tenantId: string;
  userId: string;
  email: string;
  role: Role;
  /** Refresh-token family of the login session the access token belongs to. */
  sessionId: string;
}

export interface ApiKeyPrincipal {
  kind: 'api_key';
  tenantId: string;
  apiKeyId: string;
  name: string;
  scopes: ApiKeyScope[];
}

export const actorOf = (p: Principal) =>
  p.kind === 'user'
    ? { type: 'user' as const, id: p.userId, label: p.email }
    : { type: 'api_key' as const, id: p.apiKeyId, label: p.name };
