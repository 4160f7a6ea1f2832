import { roleAtLeast, type Role } from '../auth/roles.js';
import type { Principal } from '../auth/principal.js';
import type { FieldProblem } from '../errors/app-error.js';
import { findTextProblem } from '../text/text-rules.js';
import {
  APPROVAL_DEFAULT_OPTIONS,
  TIMEOUT_PORT,
  type ApprovalStepConfig,
  type ApproverRole,
} from '../step-types/approval.step-type.js';

/**
 * The rules of a human approval (product.md §1, §4): what a pending approval asks, who may decide
 * it, which decisions and comments are valid, and what the step outputs once it is decided or
 * times out. Pure: the worker builds the request from the evaluated step config, the API checks a
 * decision against it, the editor uses the same rules to show only what a member may do.
 */

/** Where an approval is: waiting for a decision, decided by someone, or settled by its timeout. */
export const APPROVAL_STATUSES = ['pending', 'decided', 'timed_out', 'cancelled'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const APPROVAL_LIMITS = {
  comment: 2_000,
  title: 500,
  message: 10_000,
  assignees: 50,
} as const;

/** What a pending approval asks, frozen when the step starts (templates already evaluated). */
export interface ApprovalRequest {
  title: string;
  message: string | null;
  /** The decisions offered, which are also the step's ports. */
  options: string[];
  approverRole: ApproverRole;
  /** Normalised user ids (lower-case uuids) and emails (lower-case); empty: any member with the role. */
  assignees: string[];
  timeoutMs: number | null;
  defaultOutcome: string | null;
}

/** Who decided: a member, an API key, or the system (a timeout's default outcome). */
export interface ApprovalDecider {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  label: string;
}

/** The approval step's output (product.md §4). `timedOut` tells a default outcome from a person's. */
export interface ApprovalOutput {
  decision: string | null;
  comment: string | null;
  decidedBy: ApprovalDecider | null;
  decidedAt: string;
  timedOut: boolean;
}

/** How an approval settles its step: the port to follow and the output. */
export interface ApprovalResolution {
  port: string;
  output: ApprovalOutput;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Deliberately loose (one @, a dot in the domain, no spaces): assignees are compared, never mailed.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DEFAULT_TITLE = 'Approve?';

export const approvalOptionsOf = (config: Pick<ApprovalStepConfig, 'options'>): string[] =>
  config.options && config.options.length > 0 ? [...config.options] : [...APPROVAL_DEFAULT_OPTIONS];

/**
 * Assignees as the evaluated config gives them: strings, or arrays of strings where a template
 * yielded a list (`{{ input.approvers }}`). Blank entries are dropped; anything that is neither a
 * user id nor an email is reported, so a flow that names no one by mistake fails loudly instead of
 * opening the approval to every operator.
 */
export function normaliseAssignees(raw: unknown): { assignees: string[]; invalid: string[] } {
  const flat = (Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw]).flat(2);
  const assignees = new Set<string>();
  const invalid: string[] = [];
  for (const entry of flat) {
    if (entry === null || entry === undefined) continue;
    const text = typeof entry === 'string' ? entry.trim().toLowerCase() : String(entry);
    if (text === '') continue;
    if (typeof entry === 'string' && (UUID.test(text) || EMAIL.test(text))) assignees.add(text);
    else invalid.push(String(entry).slice(0, 100));
  }
  return { assignees: [...assignees].slice(0, APPROVAL_LIMITS.assignees), invalid };
}

/** The request a started approval step records, from its evaluated config. */
export function approvalRequestOf(
  config: ApprovalStepConfig,
): ApprovalRequest & { invalidAssignees: string[] } {
  const { assignees, invalid } = normaliseAssignees(config.assignees);
  const text = (value: unknown, max: number) =>
    typeof value === 'string'
      ? value.slice(0, max)
      : value === undefined || value === null
        ? null
        : JSON.stringify(value).slice(0, max);
  return {
    title: text(config.title, APPROVAL_LIMITS.title) || DEFAULT_TITLE,
    message: text(config.message, APPROVAL_LIMITS.message) || null,
    options: approvalOptionsOf(config),
    approverRole: config.approverRole ?? 'operator',
    assignees,
    invalidAssignees: invalid,
    timeoutMs: config.timeoutMs ?? null,
    defaultOutcome: config.defaultOutcome ?? null,
  };
}

/** Why a principal may not decide, or null when it may. Codes go on the wire as they are. */
export type DecideRefusal = 'permission.denied' | 'approval.not_assignee';

/**
 * Who may decide (product.md §1: operators and above decide approvals):
 * - a member whose role is at least the step's `approverRole` (operator by default);
 * - when the step names assignees, only those members — except admins and owners, who may always
 *   step in (an assignee who left the tenant must not strand a run);
 * - an API key with `runs:write`: a key is a tenant-level delegation an admin made (chat bots,
 *   back-office tools deciding on behalf of people), so the step's role and assignees do not bind it.
 */
export function decideRefusal(
  principal: Principal,
  request: Pick<ApprovalRequest, 'approverRole' | 'assignees'>,
): DecideRefusal | null {
  if (principal.kind === 'api_key') {
    return principal.scopes.includes('runs:write') || principal.scopes.includes('admin')
      ? null
      : 'permission.denied';
  }
  if (!roleAtLeast(principal.role, 'operator') || !roleAtLeast(principal.role, request.approverRole)) {
    return 'permission.denied';
  }
  if (request.assignees.length === 0 || roleAtLeast(principal.role, 'admin')) return null;
  return isAssignee(principal, request.assignees) ? null : 'approval.not_assignee';
}

export const mayDecide = (
  principal: Principal,
  request: Pick<ApprovalRequest, 'approverRole' | 'assignees'>,
): boolean => decideRefusal(principal, request) === null;

/** True when the member is named by id or email (case-insensitive). */
export function isAssignee(member: { userId: string; email: string }, assignees: readonly string[]): boolean {
  const id = member.userId.toLowerCase();
  const email = member.email.toLowerCase();
  return assignees.some((a) => a === id || a === email);
}

/** "Assigned to me": named in the assignees, or no one named and the role suffices. */
export function isAssignedTo(
  member: { userId: string; email: string; role: Role },
  request: Pick<ApprovalRequest, 'approverRole' | 'assignees'>,
): boolean {
  if (request.assignees.length > 0) return isAssignee(member, request.assignees);
  return roleAtLeast(member.role, 'operator') && roleAtLeast(member.role, request.approverRole);
}

export interface DecisionInput {
  decision: string;
  comment?: string | null;
}

/** The decision must be one of the options; the comment is optional multi-line text, trimmed. */
export function decisionProblems(
  request: Pick<ApprovalRequest, 'options'>,
  input: DecisionInput,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof input.decision !== 'string' || !request.options.includes(input.decision)) {
    problems.push({
      path: '/decision',
      code: 'approval.unknown_option',
      message: `decision must be one of: ${request.options.join(', ')}`,
    });
  }
  const comment = input.comment;
  if (comment !== undefined && comment !== null) {
    if (typeof comment !== 'string') {
      problems.push({ path: '/comment', code: 'field.isString', message: 'comment must be a string' });
    } else if (comment.length > APPROVAL_LIMITS.comment) {
      problems.push({
        path: '/comment',
        code: 'field.maxLength',
        message: `comment must be at most ${APPROVAL_LIMITS.comment} characters`,
      });
    } else {
      const bad = findTextProblem(comment, 'multi-line');
      if (bad) problems.push({ path: '/comment', code: bad.code, message: `comment ${bad.message}` });
    }
  }
  return problems;
}

/** A blank comment is no comment. */
export const normaliseComment = (comment: string | null | undefined): string | null =>
  typeof comment === 'string' && comment.trim() !== '' ? comment.trim() : null;

/** A person's (or key's) decision: the option is the port. */
export function decidedResolution(
  decision: string,
  comment: string | null | undefined,
  decidedBy: ApprovalDecider,
  decidedAt: Date,
): ApprovalResolution {
  return {
    port: decision,
    output: {
      decision,
      comment: normaliseComment(comment),
      decidedBy,
      decidedAt: decidedAt.toISOString(),
      timedOut: false,
    },
  };
}

export const TIMEOUT_DECIDER: ApprovalDecider = { type: 'system', id: null, label: 'timeout' };

/**
 * The timeout: the default outcome, decided by the system, when the step names one; otherwise the
 * `timeout` port with no decision.
 */
export function timeoutResolution(
  request: Pick<ApprovalRequest, 'defaultOutcome'>,
  at: Date,
): ApprovalResolution {
  const decision = request.defaultOutcome;
  return {
    port: decision ?? TIMEOUT_PORT,
    output: {
      decision,
      comment: null,
      decidedBy: decision ? TIMEOUT_DECIDER : null,
      decidedAt: at.toISOString(),
      timedOut: true,
    },
  };
}

/** When a pending approval stops accepting decisions, or null without a timeout. */
export const approvalExpiresAt = (
  request: Pick<ApprovalRequest, 'timeoutMs'>,
  requestedAt: Date,
): Date | null => (request.timeoutMs === null ? null : new Date(requestedAt.getTime() + request.timeoutMs));
