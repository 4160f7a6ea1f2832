import { describe, expect, it } from 'vitest';
import { defineAbilityFor, type Action, type Subject } from './abilities.js';
import { ROLES, type ApiKeyScope, type Role } from './roles.js';

const user = (role: Role) => defineAbilityFor({ kind: 'user', role });
const key = (...scopes: ApiKeyScope[]) => defineAbilityFor({ kind: 'api_key', scopes });

/** The role table of product.md §1: the lowest role that may do each thing. */
const LOWEST_ROLE: Array<[Action, Subject, Role]> = [
  ['read', 'Flow', 'viewer'],
  ['read', 'Run', 'viewer'],
  ['start', 'Run', 'operator'],
  ['cancel', 'Run', 'operator'],
  ['decide', 'Approval', 'operator'],
  ['create', 'Event', 'operator'],
  ['create', 'Flow', 'editor'],
  ['publish', 'Flow', 'editor'],
  ['update', 'FlowVersion', 'editor'],
  ['create', 'Trigger', 'editor'],
  ['create', 'Member', 'admin'],
  ['create', 'ApiKey', 'admin'],
  ['update', 'Secret', 'admin'],
  ['read', 'AuditLog', 'admin'],
  ['update', 'Tenant', 'admin'],
  ['delete', 'Tenant', 'owner'],
  ['transfer', 'Tenant', 'owner'],
];

describe('role abilities', () => {
  for (const [action, subject, lowest] of LOWEST_ROLE) {
    it(`lets ${lowest} and above ${action} ${subject}, and nobody below`, () => {
      const rank = ROLES.indexOf(lowest);
      ROLES.forEach((role, i) => expect(user(role).can(action, subject), role).toBe(i <= rank));
    });
  }
});

describe('API-key scopes', () => {
  it('grant exactly what they name', () => {
    expect(key('flows:read').can('read', 'Flow')).toBe(true);
    expect(key('flows:read').can('update', 'Flow')).toBe(false);
    expect(key('flows:read').can('read', 'Run')).toBe(false);
    expect(key('runs:write').can('start', 'Run')).toBe(true);
    expect(key('runs:write').can('publish', 'Flow')).toBe(false);
    expect(key('events:write').can('create', 'Event')).toBe(true);
    expect(key('events:write').can('read', 'Flow')).toBe(false);
  });

  it('never grant ownership rights, not even with the admin scope', () => {
    expect(key('admin').can('create', 'ApiKey')).toBe(true);
    expect(key('admin').can('delete', 'Tenant')).toBe(false);
    expect(key('admin').can('transfer', 'Tenant')).toBe(false);
  });

  it('grant nothing without scopes', () => {
    expect(key().can('read', 'Flow')).toBe(false);
  });
});
