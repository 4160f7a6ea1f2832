import type { components } from '@stepline/sdk/openapi';

// The sign-in calls stay on REST (see docs/adr/0003-editor-protocol.md); their shapes come from
// the committed OpenAPI document through the SDK's generated types, never re-typed here.
type Schemas = components['schemas'];

/** `AuthSessionDto` of `POST /v1/auth/login`, `/signup`, `/refresh`, `/switch-tenant` and `/v1/invitations/accept`. */
export type AuthSessionResponse = Schemas['AuthSessionDto'];
export type SessionUser = Schemas['UserDto'];
export type TenantRef = Schemas['TenantRefDto'];
export type Membership = Schemas['MembershipSummaryDto'];

/** `SignupDto` of `POST /v1/auth/signup`: a new user and the workspace they own. */
export type SignUpRequest = Schemas['SignupDto'];

/** `AcceptInvitationDto` of `POST /v1/invitations/accept`; `name` only for a new account. */
export type AcceptInvitationRequest = Schemas['AcceptInvitationDto'];

/** What the editor keeps of a session between page loads (not an API shape). */
export type StoredSession = Pick<
  AuthSessionResponse,
  'accessToken' | 'refreshToken' | 'refreshExpiresAt' | 'user' | 'tenant' | 'role' | 'memberships'
>;
