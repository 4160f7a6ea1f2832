import type { HttpClient, HttpResponse } from '../../../testing/http-client.js';
import { tenantQuery } from '../../../testing/tenant-db.js';

/** Fixtures of the events tests: publishing over REST and GraphQL, event triggers, the runs they touch. */

export const publish = (
  http: HttpClient,
  token: string,
  body: Record<string, unknown>,
): Promise<HttpResponse> => http.post('/v1/events', body, { token });

export const PUBLISH_EVENT = `mutation ($input: PublishEventInput!) {
  publishEvent(input: $input) { eventId resumed started }
}`;

export interface EventTriggerFixture {
  event?: string;
  filter?: string;
  enabled?: boolean;
  version?: number | null;
}

/**
 * An event trigger row as trigger management stores it (`kind = 'event'`, config
 * `{ event, filter? }`), written straight into the tenant's scope; answers its id.
 */
export async function insertEventTrigger(
  ownerUrl: string,
  tenantId: string,
  flowId: string,
  t: EventTriggerFixture = {},
): Promise<string> {
  const config = { event: t.event ?? 'message.received', ...(t.filter ? { filter: t.filter } : {}) };
  const rows = await tenantQuery<{ id: string }>(
    ownerUrl,
    tenantId,
    `INSERT INTO triggers (tenant_id, flow_id, kind, enabled, version_number, config)
     VALUES ($1, $2, 'event', $3, $4, $5::jsonb) RETURNING id`,
    [tenantId, flowId, t.enabled ?? true, t.version ?? null, JSON.stringify(config)],
  );
  return rows[0].id;
}

/** The runs of a flow as stored: id, trigger, input, status; oldest first. */
export const runsOfFlow = (ownerUrl: string, tenantId: string, flowId: string) =>
  tenantQuery<{ id: string; trigger: string; input: any; status: string; version_number: number }>(
    ownerUrl,
    tenantId,
    `SELECT id, trigger, input, status, version_number FROM runs WHERE flow_id = $1 ORDER BY created_at, id`,
    [flowId],
  );

/** A definition that accepts any event input: one transform echoing the payload. */
export const echoDefinition = (label = 'echo') => ({
  schemaVersion: 1,
  steps: [{ id: 'echo', type: 'transform', config: { expression: `{ "label": "${label}", "in": input }` } }],
  edges: [],
  output: '{{ steps.echo.output }}',
});

/**
 * Parks a run as the runner would on a `waitForEvent` step: the run `waiting` and an `event`
 * waitpoint for (event, key); answers the waitpoint id.
 */
export async function parkOnEvent(
  ownerUrl: string,
  tenantId: string,
  runId: string,
  event: string,
  key: string | null,
): Promise<string> {
  await tenantQuery(ownerUrl, tenantId, `UPDATE runs SET status = 'waiting' WHERE id = $1`, [runId]);
  const rows = await tenantQuery<{ id: string }>(
    ownerUrl,
    tenantId,
    `INSERT INTO waitpoints (tenant_id, run_id, step_id, attempt, kind, event_name, correlation_key)
     VALUES ($1, $2, 'reply', 1, 'event', $3, $4) RETURNING id`,
    [tenantId, runId, event, key],
  );
  return rows[0].id;
}

/** A waitpoint and its run's status, as stored. */
export const waitpointState = async (ownerUrl: string, tenantId: string, waitpointId: string) =>
  (
    await tenantQuery<{ status: string; result: unknown; resolved_by: string | null; run_status: string }>(
      ownerUrl,
      tenantId,
      `SELECT w.status, w.result, w.resolved_by, r.status AS run_status
         FROM waitpoints w JOIN runs r ON r.id = w.run_id WHERE w.id = $1`,
      [waitpointId],
    )
  )[0];
