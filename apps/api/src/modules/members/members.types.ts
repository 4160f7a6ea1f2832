import type { Principal, Role } from '@stepline/domain';

/** A membership of the current tenant, with its user. */
export interface MemberView {
  /** The membership id; routes address members by `userId`. */
  id: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  /** The inviting user, or the API key that created it. */
  invitedBy: string;
  expiresAt: string;
  createdAt: string;
}

/** Answered once, at creation: the token is stored only as its hash. */
export interface CreatedInvitation extends InvitationView {
  token: string;
}

export interface AcceptInvitationInput {
  token: string;
  name?: string;
  password: string;
}

/**
 * Owner rights are a person's: an admin (or an API key, even with the `admin` scope) may not grant
 * the owner role, nor change or remove an owner.
 */
export const actsAsOwner = (p: Principal): boolean => p.kind === 'user' && p.role === 'owner';
