import { actorOf, type Principal } from '@stepline/domain';
import type { AuditEntry } from '../audit/audit.service.js';

/** Every change of a flow is audited alike: by the principal, in its tenant, with the flow as target. */
export const flowAuditEntry = (
  principal: Principal,
  flowId: string,
  change: Omit<AuditEntry, 'tenantId' | 'actor' | 'target'>,
): AuditEntry => ({
  tenantId: principal.tenantId,
  actor: actorOf(principal),
  target: { type: 'flow', id: flowId },
  ...change,
});
