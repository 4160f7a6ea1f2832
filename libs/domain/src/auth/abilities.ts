import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import type { Principal } from './principal.js';
import type { ApiKeyScope, Role } from './roles.js';

/** What can be done. `manage` means every action. */
export const ACTIONS = [
  'manage',
  'read',
  'create',
  'update',
  'delete',
  'archive',
  'publish',
  'start',
  'cancel',
  'retry',
  'decide',
  'export',
  'transfer',
] as const;
export type Action = (typeof ACTIONS)[number];

/** What it can be done to. `all` means every subject. */
export const SUBJECTS = [
  'all',
  'Tenant',
  'Member',
  'Invitation',
  'ApiKey',
  'AuditLog',
  'Flow',
  'FlowVersion',
  'StepType',
  'Run',
  'Approval',
  'Event',
  'Trigger',
  'Secret',
  'WebhookEndpoint',
  'Usage',
] as const;
export type Subject = (typeof SUBJECTS)[number];

export type AppAbility = MongoAbility<[Action, Subject]>;
type Can = AbilityBuilder<AppAbility>['can'];

const viewer = (can: Can) => {
  can('read', ['Flow', 'FlowVersion', 'StepType', 'Run', 'Trigger', 'Tenant']);
};
const operator = (can: Can) => {
  viewer(can);
  can(['start', 'cancel', 'retry'], 'Run');
  can('decide', 'Approval');
  can('create', 'Event');
};
const editor = (can: Can) => {
  operator(can);
  can(['create', 'update', 'archive', 'publish'], 'Flow');
  can(['read', 'update'], 'FlowVersion');
  can(['create', 'update', 'delete'], 'Trigger');
};
const admin = (can: Can) => {
  editor(can);
  can(
    ['read', 'create', 'update', 'delete'],
    ['Member', 'Invitation', 'ApiKey', 'Secret', 'WebhookEndpoint'],
  );
  can(['read', 'export'], 'AuditLog');
  can('update', 'Tenant');
  can('read', 'Usage');
};
const owner = (can: Can) => {
  can('manage', 'all');
};

const BY_ROLE: Record<Role, (can: Can) => void> = { owner, admin, editor, operator, viewer };

const BY_SCOPE: Record<ApiKeyScope, (can: Can) => void> = {
  'flows:read': (can) => can('read', ['Flow', 'FlowVersion', 'StepType', 'Trigger', 'Tenant']),
  'flows:write': (can) => {
    can('read', ['Flow', 'FlowVersion', 'StepType', 'Trigger', 'Tenant']);
    can(['create', 'update', 'archive', 'publish'], 'Flow');
    can('update', 'FlowVersion');
    can(['create', 'update', 'delete'], 'Trigger');
  },
  'runs:read': (can) => can('read', 'Run'),
  'runs:write': (can) => {
    can('read', 'Run');
    can(['start', 'cancel', 'retry'], 'Run');
    can('decide', 'Approval');
  },
  'events:write': (can) => can('create', 'Event'),
  // An admin key administers the tenant but cannot hand out ownership or delete the tenant.
  admin: (can) => admin(can),
};

/** The one definition of who may do what; the API enforces it, the editor uses it to hide controls. */
export function defineAbilityFor(
  principal: Pick<Principal, 'kind'> & ({ role: Role } | { scopes: ApiKeyScope[] }),
): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  if ('role' in principal) BY_ROLE[principal.role](can);
  else for (const scope of principal.scopes) BY_SCOPE[scope](can);
  return build();
}
