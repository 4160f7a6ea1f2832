import { ROLES, type Role } from '@stepline/domain';

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  editor: 'Editor',
  operator: 'Operator',
  viewer: 'Viewer',
};

/** The roles a picker offers: only an owner may hand out "owner" (the API refuses it otherwise). */
export const grantableRoles = (mayGrantOwner: boolean): readonly Role[] =>
  mayGrantOwner ? ROLES : ROLES.filter((role) => role !== 'owner');
