import type { AuditFilter } from './audit.service.js';

/** An action (`flow.published`) or a family of actions (`flow.*`, `member.role.*`). */
export const ACTION_FILTER = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*)?$/;
export const ACTION_FILTER_MESSAGE = 'action must be an action name (flow.published) or a family (flow.*)';

/** Filter fields as both transports receive them: times are ISO 8601 strings until parsed here. */
export interface AuditFilterParams {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

/** `null` is what GraphQL hands over for `filter: null`: the same as no filter. */
export const auditFilterOf = (params: AuditFilterParams | null = {}): AuditFilter => {
  const p = params ?? {};
  return {
    actorId: p.actorId,
    action: p.action,
    targetType: p.targetType,
    targetId: p.targetId,
    from: p.from ? new Date(p.from) : undefined,
    to: p.to ? new Date(p.to) : undefined,
  };
};
