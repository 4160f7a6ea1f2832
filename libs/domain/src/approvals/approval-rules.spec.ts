import { describe, expect, it } from 'vitest';
import type { ApiKeyPrincipal, UserPrincipal } from '../auth/principal.js';
import type { Role } from '../auth/roles.js';
import {
  approvalExpiresAt,
  approvalRequestOf,
  decidedResolution,
  decideRefusal,
  decisionProblems,
  isAssignedTo,
  normaliseAssignees,
  timeoutResolution,
  type ApprovalRequest,
} from './approval-rules.js';

const ALICE = '6f1c1a52-3b8e-4b5e-9a55-1f7d0c1d2e3f';
const member = (role: Role, userId = ALICE, email = 'alice@example.com'): UserPrincipal => ({
  kind: 'user',
  tenantId: 't',
  userId,
  email,
  role,
  sessionId: 's',
});
const key = (...scopes: ApiKeyPrincipal['scopes']): ApiKeyPrincipal => ({
  kind: 'api_key',
  tenantId: 't',
  apiKeyId: 'k',
  name: 'bot',
  scopes,
});
const request = (over: Partial<ApprovalRequest> = {}): ApprovalRequest => ({
  title: 'Approve?',
  message: null,
  options: ['approved', 'rejected'],
  approverRole: 'operator',
  assignees: [],
  timeoutMs: null,
  defaultOutcome: null,
  ...over,
});

describe('approval requests', () => {
  it('default to approved / rejected, the operator role and no assignees', () => {
    expect(approvalRequestOf({})).toEqual({
      title: 'Approve?',
      message: null,
      options: ['approved', 'rejected'],
      approverRole: 'operator',
      assignees: [],
      invalidAssignees: [],
      timeoutMs: null,
      defaultOutcome: null,
    });
  });

  it('keep custom options, the role, the timeout and the default outcome', () => {
    const r = approvalRequestOf({
      title: 'Ship it?',
      message: 'v2',
      options: ['ship', 'hold'],
      approverRole: 'admin',
      timeoutMs: 60_000,
      defaultOutcome: 'hold',
    });
    expect(r).toMatchObject({
      options: ['ship', 'hold'],
      approverRole: 'admin',
      timeoutMs: 60_000,
      defaultOutcome: 'hold',
    });
  });

  it('normalise assignees from templates: lists flattened, case folded, blanks and duplicates dropped', () => {
    expect(
      normaliseAssignees([ALICE.toUpperCase(), ['Bob@Example.com', ''], 'bob@example.com', null]),
    ).toEqual({
      assignees: [ALICE, 'bob@example.com'],
      invalid: [],
    });
  });

  it('report assignees that are neither a user id nor an email', () => {
    expect(normaliseAssignees(['finance team', 42]).invalid).toEqual(['finance team', '42']);
  });

  it('expire timeoutMs after they were requested, or never', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(approvalExpiresAt({ timeoutMs: 60_000 }, at)?.toISOString()).toBe('2026-01-01T00:01:00.000Z');
    expect(approvalExpiresAt({ timeoutMs: null }, at)).toBeNull();
  });
});

describe('who may decide an approval', () => {
  it('refuses viewers and lets operators and above decide by default', () => {
    expect(decideRefusal(member('viewer'), request())).toBe('permission.denied');
    for (const role of ['operator', 'editor', 'admin', 'owner'] as const) {
      expect(decideRefusal(member(role), request())).toBeNull();
    }
  });

  it('requires at least the step’s approver role', () => {
    const admins = request({ approverRole: 'admin' });
    expect(decideRefusal(member('editor'), admins)).toBe('permission.denied');
    expect(decideRefusal(member('admin'), admins)).toBeNull();
    expect(decideRefusal(member('admin'), request({ approverRole: 'owner' }))).toBe('permission.denied');
  });

  it('limits a step with assignees to them, by id or email, except admins and owners', () => {
    const named = request({ assignees: ['bob@example.com'] });
    expect(decideRefusal(member('operator'), named)).toBe('approval.not_assignee');
    expect(decideRefusal(member('operator', ALICE, 'BOB@example.com'), named)).toBeNull();
    expect(decideRefusal(member('operator'), request({ assignees: [ALICE] }))).toBeNull();
    expect(decideRefusal(member('admin'), named)).toBeNull();
    expect(decideRefusal(member('owner'), named)).toBeNull();
    expect(decideRefusal(member('viewer', ALICE, 'bob@example.com'), named)).toBe('permission.denied');
  });

  it('lets API keys with runs:write (or admin) decide, and no other key', () => {
    const strict = request({ approverRole: 'admin', assignees: ['bob@example.com'] });
    expect(decideRefusal(key('runs:write'), strict)).toBeNull();
    expect(decideRefusal(key('admin'), strict)).toBeNull();
    expect(decideRefusal(key('runs:read', 'flows:write'), request())).toBe('permission.denied');
  });

  it('counts an approval as assigned to a member when it names them, or names no one and the role suffices', () => {
    const me = { userId: ALICE, email: 'alice@example.com', role: 'operator' as const };
    expect(isAssignedTo(me, request())).toBe(true);
    expect(isAssignedTo(me, request({ approverRole: 'admin' }))).toBe(false);
    expect(isAssignedTo(me, request({ assignees: ['alice@example.com'] }))).toBe(true);
    expect(isAssignedTo({ ...me, role: 'owner' }, request({ assignees: ['bob@example.com'] }))).toBe(false);
  });
});

describe('decisions', () => {
  it('must be one of the options', () => {
    expect(decisionProblems(request(), { decision: 'approved' })).toEqual([]);
    expect(decisionProblems(request({ options: ['ship', 'hold'] }), { decision: 'approved' })).toEqual([
      expect.objectContaining({ path: '/decision', code: 'approval.unknown_option' }),
    ]);
  });

  it('take an optional multi-line comment of at most 2000 characters', () => {
    expect(decisionProblems(request(), { decision: 'rejected', comment: 'Too much.\nTry again.' })).toEqual(
      [],
    );
    expect(decisionProblems(request(), { decision: 'rejected', comment: null })).toEqual([]);
    expect(decisionProblems(request(), { decision: 'rejected', comment: 'x'.repeat(2001) })[0]?.code).toBe(
      'field.maxLength',
    );
    expect(decisionProblems(request(), { decision: 'rejected', comment: 'a\u0000b' })[0]?.code).toBe(
      'field.controlCharacter',
    );
  });

  it('follow the chosen option’s port and output who decided when, with the comment trimmed', () => {
    const at = new Date('2026-01-01T10:00:00Z');
    const by = { type: 'user' as const, id: ALICE, label: 'alice@example.com' };
    expect(decidedResolution('approved', '  fine  ', by, at)).toEqual({
      port: 'approved',
      output: {
        decision: 'approved',
        comment: 'fine',
        decidedBy: by,
        decidedAt: at.toISOString(),
        timedOut: false,
      },
    });
    expect(decidedResolution('approved', '   ', by, at).output.comment).toBeNull();
  });
});

describe('timeouts', () => {
  const at = new Date('2026-01-02T00:00:00Z');

  it('decide the default outcome on its port, decided by the system', () => {
    expect(timeoutResolution({ defaultOutcome: 'rejected' }, at)).toEqual({
      port: 'rejected',
      output: {
        decision: 'rejected',
        comment: null,
        decidedBy: { type: 'system', id: null, label: 'timeout' },
        decidedAt: at.toISOString(),
        timedOut: true,
      },
    });
  });

  it('follow the timeout port with no decision when the step has no default outcome', () => {
    expect(timeoutResolution({ defaultOutcome: null }, at)).toMatchObject({
      port: 'timeout',
      output: { decision: null, decidedBy: null, timedOut: true },
    });
  });
});
