import { approvalRequestOf, type ApprovalStepConfig } from '@stepline/domain';
import { expect } from 'vitest';
import type { HttpClient } from '../../../testing/http-client.js';
import { tenantQuery } from '../../../testing/tenant-db.js';
import type { TestTenant } from '../../../testing/tenant.factory.js';
import { runnableFlow, startRun } from '../../runs/testing/run.fixtures.js';

/**
 * Fixtures of the approvals API tests, which run without a worker: a flow with an approval step,
 * and a run parked on it as the worker's approval executor leaves it — the run `waiting`, the
 * step's attempt recorded `waiting`, a waitpoint of kind `approval` whose details are the request.
 */

/** ask (approval) → one transform per option, each returning its own name. */
export const approvalDefinition = (config: ApprovalStepConfig = {}) => {
  const options = config.options ?? ['approved', 'rejected'];
  return {
    schemaVersion: 1,
    steps: [
      { id: 'ask', type: 'approval', name: 'Ask a person', config: { title: 'Ship it?', ...config } },
      ...options.map((o) => ({ id: `on_${o}`, type: 'transform', config: { expression: `"${o}"` } })),
    ],
    edges: options.map((o) => ({ from: 'ask', to: `on_${o}`, when: o })),
  };
};

export interface ParkedApproval {
  flowId: string;
  runId: string;
  approvalId: string;
}

/** A published approval flow and a run of it parked on its `ask` step. */
export async function parkedApproval(
  http: HttpClient,
  ownerUrl: string,
  tenant: TestTenant,
  config: ApprovalStepConfig = {},
  options: { flowId?: string; expiresAt?: Date } = {},
): Promise<ParkedApproval> {
  const token = tenant.owner.accessToken;
  const flowId = options.flowId ?? (await runnableFlow(http, token, approvalDefinition(config)));
  const started = await startRun(http, token, flowId, { input: {} });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const runId = started.body.id as string;
  const request = approvalRequestOf({ title: 'Ship it?', ...config });
  const { invalidAssignees: _, ...details } = request;
  const timeoutMs = config.timeoutMs ?? null;
  const expiresAt = options.expiresAt ?? (timeoutMs ? new Date(Date.now() + timeoutMs) : null);
  const [row] = await tenantQuery<{ id: string }>(
    ownerUrl,
    tenant.id,
    `WITH r AS (UPDATE runs SET status = 'waiting', started_at = now() WHERE id = $2 RETURNING id),
          s AS (INSERT INTO step_runs (tenant_id, run_id, step_id, attempt, status, started_at)
                VALUES ($1, $2, 'ask', 1, 'waiting', now()))
     INSERT INTO waitpoints (tenant_id, run_id, step_id, attempt, kind, resume_at, details)
     VALUES ($1, $2, 'ask', 1, 'approval', $3, $4::jsonb) RETURNING id`,
    [tenant.id, runId, expiresAt, JSON.stringify({ ...details, stepName: 'Ask a person' })],
  );
  return { flowId, runId, approvalId: row!.id };
}

export const waitpointOf = async (ownerUrl: string, tenantId: string, id: string) =>
  (
    await tenantQuery(
      ownerUrl,
      tenantId,
      `SELECT w.status, w.result, w.resolved_by AS "resolvedBy", r.status AS "runStatus"
         FROM waitpoints w JOIN runs r ON r.id = w.run_id WHERE w.id = $1`,
      [id],
    )
  )[0];

export const approvalAudit = (ownerUrl: string, tenantId: string, approvalId: string) =>
  tenantQuery(
    ownerUrl,
    tenantId,
    `SELECT action, actor_type AS "actorType", actor_id AS "actorId", after FROM audit_log
      WHERE tenant_id = $1 AND target_type = 'approval' AND target_id = $2 ORDER BY created_at, id`,
    [tenantId, approvalId],
  );
