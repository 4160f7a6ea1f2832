import { expect } from 'vitest';
import type { HttpClient } from '../../../testing/http-client.js';
import { tenantQuery } from '../../../testing/tenant-db.js';

/** Fixtures of the flow integration tests: definitions, REST shortcuts, the audit rows of a flow. */

/** lookup (http) → check (condition) → notify (http) on "true": valid. */
export const validDefinition = (url = 'https://crm.example/api/{{ input.email }}') => ({
  schemaVersion: 1,
  inputSchema: { type: 'object', properties: { email: { type: 'string' } } },
  steps: [
    { id: 'lookup', type: 'http', config: { method: 'GET', url } },
    { id: 'check', type: 'condition', config: { expression: "steps.lookup.output.body.tier = 'vip'" } },
    {
      id: 'notify',
      type: 'http',
      config: { method: 'POST', url: 'https://chat.example/hooks', body: { text: 'VIP' } },
    },
  ],
  edges: [
    { from: 'lookup', to: 'check' },
    { from: 'check', to: 'notify', when: 'true' },
  ],
});

/** The second step is an http call without its url: publish refuses `/steps/1/config/url`. */
export const invalidDefinition = () => ({
  schemaVersion: 1,
  steps: [
    { id: 'start', type: 'transform', config: { expression: 'input' } },
    { id: 'call', type: 'http', config: { method: 'GET' } },
  ],
  edges: [{ from: 'start', to: 'call' }],
});

export const ifMatch = (revision: number | string) => ({
  'if-match': typeof revision === 'number' ? `"${revision}"` : revision,
});

export async function createFlow(http: HttpClient, token: string, body: Record<string, unknown> = {}) {
  const res = await http.post(
    '/v1/flows',
    { name: `Flow ${Math.random().toString(36).slice(2, 8)}`, ...body },
    { token },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; draft: Record<string, any> } & Record<string, any>;
}

export const saveDraft = (
  http: HttpClient,
  token: string,
  flowId: string,
  definition: unknown,
  revision: number | string,
) => http.put(`/v1/flows/${flowId}/draft`, { definition }, { token, headers: ifMatch(revision) });

/** A flow whose draft holds a valid definition, published as v1. */
export async function publishedFlow(http: HttpClient, token: string, body: Record<string, unknown> = {}) {
  const flow = await createFlow(http, token, { definition: validDefinition(), ...body });
  const res = await http.post(`/v1/flows/${flow.id}/publish`, { changeNote: 'first' }, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return flow;
}

export interface AuditRow {
  action: string;
  actor_type: string;
  target_id: string | null;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
}

export const flowAudit = (ownerUrl: string, tenantId: string, flowId: string) =>
  tenantQuery<AuditRow>(
    ownerUrl,
    tenantId,
    `SELECT action, actor_type, target_id, before, after FROM audit_log
      WHERE tenant_id = $1 AND target_type = 'flow' AND target_id = $2 ORDER BY created_at, id`,
    [tenantId, flowId],
  );
