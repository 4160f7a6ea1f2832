import { SetMetadata } from '@nestjs/common';
import type { Action, Subject } from '@stepline/domain';

export const REQUIRED_PERMISSION = 'stepline:permission';
export const AUTHENTICATED_ONLY = 'stepline:authenticated';

export interface RequiredPermission {
  action: Action;
  subject: Subject;
}

/** The permission a handler needs, checked by the global AuthGuard against the caller's abilities. */
export const Can = (action: Action, subject: Subject) =>
  SetMetadata<string, RequiredPermission>(REQUIRED_PERMISSION, { action, subject });

/**
 * Any authenticated user of the tenant, whatever the role (their own session: logout, switch
 * tenant, profile). API keys are refused: these act on a person's session.
 */
export const SignedInUser = () => SetMetadata(AUTHENTICATED_ONLY, true);
