/** Roles of a membership, highest first; each includes the rights of those below it. */
export const ROLES = ['owner', 'admin', 'editor', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { owner: 5, admin: 4, editor: 3, operator: 2, viewer: 1 };

export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

/** True when `role` has at least the rights of `atLeast`. */
export const roleAtLeast = (role: Role, atLeast: Role): boolean => RANK[role] >= RANK[atLeast];

/** API-key scopes. A key gets exactly the rights its scopes name, never a role. */
export const API_KEY_SCOPES = [
  'flows:read',
  'flows:write',
  'runs:read',
  'runs:write',
  'events:write',
  'admin',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const isApiKeyScope = (value: unknown): value is ApiKeyScope =>
  (API_KEY_SCOPES as readonly unknown[]).includes(value);
